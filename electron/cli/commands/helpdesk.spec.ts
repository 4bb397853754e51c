import type { CommandSpec } from '../spec';

/** report, dcv check: the helpdesk side of issue 6. */
export const specs: CommandSpec[] = [
  {
    group: 'report',
    positionals: [],
    options: {
      out: { type: 'string', value: 'FILE', help: 'write the report to FILE (never replaced) instead of stdout' },
      flow: { type: 'string', value: 'NAME', help: 'the guided flow you are in, for the helpdesk (e.g. hkpost-server)' },
      step: { type: 'string', value: 'STEP', help: 'the step you are at (the guide’s reference, e.g. "C 4")' },
    },
    summary: 'the helpdesk report (same as "Get help"): versions, certificates, chains, stores, cards, last errors; no secrets',
  },
  {
    group: 'dcv',
    name: 'check',
    positionals: [],
    options: {
      method: { type: 'string', value: 'http|dns', help: 'website change (fileauth.txt) or DNS change (TXT record)' },
      domain: { type: 'string', value: 'NAME', help: 'the domain name (Chinese domain names are fine)' },
      code: { type: 'string', value: 'CODE', help: 'the Validation Code from the CA’s page' },
      'code-file': { type: 'string', value: 'FILE', help: 'read the code from FILE instead (the downloaded fileauth.txt)' },
    },
    summary: 'check that a domain shows the CA’s validation code (guide 004 C 4); exit 0 when found',
    details: [
      'http fetches http:// and https://DOMAIN/.well-known/pki-validation/fileauth.txt; dns reads the TXT record.',
      'Exit 0 found; 5 DCV_NOT_FOUND or DCV_MISMATCH; 1 DCV_UNREACHABLE or DCV_TIMEOUT.',
      'For tests and diagnostics: CERTWIZ_DNS_SERVER=IP[:PORT][,...] (resolver to ask), CERTWIZ_DCV_HTTP_PORT,',
      'CERTWIZ_DCV_HTTPS_PORT, CERTWIZ_DCV_CONNECT=ADDRESS (connect there instead of resolving), CERTWIZ_DCV_TIMEOUT_MS.',
    ],
  },
];
