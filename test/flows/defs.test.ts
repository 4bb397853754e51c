/**
 * The guided flows' definitions against the catalogues and the guides (issue 6): every step has
 * its words in both languages, named guide sections translate, each wizard a step opens has its
 * button label, HK Post's references follow guide 004's sections A–G in order, the CA pages are
 * on Electron's external allow-list, and the step filters (target, key method) and the C 1–3
 * format checks behave.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FLOWS, getFlow, refText, visibleSteps } from '../../renderer/flows/defs';
import { pinProblem, referenceProblem } from '../../renderer/flows/SubmitStep';
import { en } from '../../shared/i18n/en';
import { zhHant } from '../../shared/i18n/zh-Hant';
import { FLOW_IDS, SERVER_TARGETS } from '../../shared/flow-state';
import { isAllowedExternalUrl } from '../../electron/main/security';
import { extensionView } from '../../electron/core/cert-details';

const has = (k: string) => Object.hasOwn(en, k) && Object.hasOwn(zhHant, k);

describe('flow definitions', () => {
  test('one flow per FLOW_ID, unique step ids, every step worded in both languages', () => {
    assert.deepEqual(FLOWS.map((f) => f.id).sort(), [...FLOW_IDS].sort());
    for (const f of FLOWS) {
      assert.ok(has(`flows.${f.id}.title`) && has(`flows.${f.id}.desc`), f.id);
      assert.equal(new Set(f.steps.map((s) => s.id)).size, f.steps.length, `${f.id}: duplicate step id`);
      for (const s of f.steps) {
        assert.ok(has(`flows.${f.id}.${s.id}.title`), `${f.id}.${s.id}.title`);
        assert.ok(has(`flows.${f.id}.${s.id}.body`), `${f.id}.${s.id}.body`);
        if (s.kind === 'wizard') assert.ok(has(`flows.open.${s.wizard}`), `flows.open.${s.wizard}`);
        if (s.ref && !/^[A-Z0-9]$/.test(s.ref.section)) assert.ok(has(`flows.section.${s.ref.section}`), s.ref.section);
      }
    }
  });

  test('HK Post: guide 004 sections in order A, B, C, C, D, E, F, G; ARL only for Exchange 2010 (guide 001)', () => {
    const hk = getFlow('hkpost-server');
    const tr = (k: string) => (en as Record<string, string>)[k] ?? k;
    const refs = (target: (typeof SERVER_TARGETS)[number]) => visibleSteps(hk, { target }).map((s) => refText(s.ref, tr));
    assert.deepEqual(refs('iis10'), ['A', 'B 1–6', 'C 1–3', 'C 4', 'D 1–10', 'E 1–3', 'F 5–12', 'G 1–5']);
    assert.deepEqual(refs('exchange2010'), ['A', 'B 1–6', 'C 1–3', 'C 4', 'D 1–10', 'D 11–17', 'E 1–3', 'F 5–12', 'G 1–5']);
    // Target notes exist in both languages where they exist at all.
    for (const t of SERVER_TARGETS) {
      for (const s of hk.steps) {
        const k = `flows.hkpost-server.${s.id}.${t}`;
        assert.equal(Object.hasOwn(en, k), Object.hasOwn(zhHant, k), k);
      }
      assert.ok(Object.hasOwn(en, `flows.target.${t}`) && Object.hasOwn(en, `flows.target.${t}.desc`), t);
    }
  });

  test('Certum: the card path drops the CSR and PFX generator steps', () => {
    const c = getFlow('certum-smime');
    assert.deepEqual(visibleSteps(c, { keyMethod: 'csr' }).map((s) => s.id), ['key-method', 'csr', 'email', 'issued', 'subca', 'pfx']);
    assert.deepEqual(visibleSteps(c, { keyMethod: 'card' }).map((s) => s.id), ['key-method', 'card', 'email', 'issued', 'subca']);
  });

  test('the CA pages the flows open are on the Electron allow-list (https, known host)', () => {
    for (const f of FLOWS) if (f.caUrl) assert.ok(isAllowedExternalUrl(f.caUrl), f.caUrl);
  });
});

describe('C 1–3 format checks (guide 004 C 2)', () => {
  test('Reference Number: 9 digits; e-Cert PIN: 16 digits, spaces ignored', () => {
    assert.equal(referenceProblem(''), null);
    assert.equal(referenceProblem('123456789'), null);
    assert.equal(referenceProblem('12345678'), 'length');
    assert.equal(referenceProblem('12345678a'), 'digits');
    assert.equal(pinProblem('1234 5678 1234 5678'), null);
    assert.equal(pinProblem('123456781234567'), 'length');
    assert.equal(pinProblem('1234-5678-1234-5678'), 'digits');
  });
});

describe('viewer words', () => {
  test('every DCV status, known extension and purpose has a label in both languages', () => {
    for (const s of ['match', 'mismatch', 'notFound', 'unreachable', 'timeout']) assert.ok(has(`dcv.status.${s}`), s);
    for (const n of ['basicConstraints', 'keyUsage', 'extKeyUsage', 'subjectAltName', 'subjectKeyIdentifier', 'authorityKeyIdentifier', 'crlDistributionPoints', 'authorityInfoAccess', 'certificatePolicies', 'nameConstraints', 'sctList']) {
      assert.ok(has(`viewer.ext.${n}`), n);
    }
    for (const p of ['serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'ocspSigning', 'documentSigning', 'smartcardLogon']) assert.ok(has(`viewer.eku.${p}`), p);
    assert.equal(typeof extensionView, 'function');
  });
});
