/**
 * The Certum flow's "Open the CA's page" (guide 003): its page is on Electron's external
 * allow-list, and the only URL the guide itself shows (a LAN address in a browser prompt, plain
 * http) is not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getFlow } from '../../renderer/flows/defs';
import { isAllowedExternalUrl } from '../../electron/main/security';

test('Certum: the flow links the Certum Store panel, and that host is allowed; the guide\'s LAN URL is not', () => {
  const url = getFlow('certum-smime').caUrl;
  assert.equal(url, 'https://shop.certum.eu/');
  assert.ok(isAllowedExternalUrl(url!));
  assert.ok(isAllowedExternalUrl('https://shop.certum.eu/en/customer/account/'));
  assert.equal(isAllowedExternalUrl('http://shop.certum.eu/'), false, 'https only');
  assert.equal(isAllowedExternalUrl('http://100.101.10.90:4300/'), false);
  assert.equal(isAllowedExternalUrl('https://shop.certum.eu.evil.example/'), false);
});
