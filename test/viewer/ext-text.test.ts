import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { extensionText } from '../../renderer/viewer/ext-text';
import { translate, type CatalogueKey } from '../../shared/i18n';

const zh = (k: CatalogueKey, p?: Record<string, string | number>) => translate('zh-Hant', k, p);
const en = (k: CatalogueKey, p?: Record<string, string | number>) => translate('en', k, p);

describe('viewer extension values in the reader language', () => {
  test('key usage, extended key usage and basic constraints in Windows words', () => {
    assert.equal(extensionText('keyUsage', 'Digital Signature, Key Encipherment', zh), '數位簽章、金鑰加密');
    assert.equal(extensionText('keyUsage', 'Certificate Signing, CRL Signing', en), 'Certificate Signing, CRL Signing');
    assert.equal(extensionText('extKeyUsage', 'serverAuth (1.3.6.1.5.5.7.3.1), clientAuth (1.3.6.1.5.5.7.3.2)', zh), '伺服器驗證 (1.3.6.1.5.5.7.3.1)、用戶端驗證 (1.3.6.1.5.5.7.3.2)');
    assert.equal(extensionText('basicConstraints', 'CA: FALSE', zh), '主體類型=終端實體, 路徑長度限制=無');
    assert.equal(extensionText('basicConstraints', 'CA: TRUE, pathlen: 0', en), 'Subject Type=CA, Path Length Constraint=0');
  });

  test('unknown words and other extensions stay as the core wrote them', () => {
    assert.equal(extensionText('keyUsage', 'Digital Signature, Something New', zh), '數位簽章、Something New');
    assert.equal(extensionText('extKeyUsage', '(1.2.3.4)', zh), '(1.2.3.4)');
    assert.equal(extensionText('basicConstraints', '300602', zh), '300602');
    assert.equal(extensionText('certificatePolicies', '2.23.140.1.2.2', zh), '2.23.140.1.2.2');
  });
});
