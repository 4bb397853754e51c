/**
 * A throw-away PKI made with the openssl CLI for the store tests, shaped like guide 001 section D:
 * a root ("Practice Root CA 3"), a Sub CA, an OLD Sub CA with the same name and another key,
 * a second root ("Other Root R3") and a cross-certificate of the practice root issued by it,
 * a leaf with its key (and a PFX of leaf + chain), a CRL of the root revoking the old Sub CA.
 * EC P-256 keys keep set-up fast on a shared 2-core machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  file(name: string): string;
  der(name: string): Uint8Array;
  pfxPassword: string;
}

function ossl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'certwiz-pki-'));
  const key = (n: string) => ossl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${n}.key`]);
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  writeFileSync(
    join(dir, 'leaf.ext'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nauthorityKeyIdentifier=keyid\n',
  );
  const selfSigned = (n: string, cn: string) => {
    key(n);
    ossl(dir, ['req', '-x509', '-new', '-key', `${n}.key`, '-out', `${n}.pem`, '-subj', `/O=Certwiz Test/CN=${cn}`, '-days', '3650',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  };
  const issue = (n: string, cn: string, caName: string, ext: string, serial: string, newKey = true, days = '365') => {
    if (newKey) key(n);
    ossl(dir, ['req', '-new', '-key', `${n}.key`, '-out', `${n}.csr`, '-subj', `/O=Certwiz Test/CN=${cn}`]);
    ossl(dir, ['x509', '-req', '-in', `${n}.csr`, '-CA', `${caName}.pem`, '-CAkey', `${caName}.key`, '-out', `${n}.pem`,
      '-days', days, '-extfile', ext, '-set_serial', serial]);
  };
  selfSigned('root', 'Practice Root CA 3');
  selfSigned('other', 'Other Root R3');
  issue('sub', 'Practice Sub CA 3 - 17', 'root', 'ca.ext', '0x1001');
  issue('oldsub', 'Practice Sub CA 3 - 17', 'root', 'ca.ext', '0x1000');
  // cross-certificate: the practice root's name and key, signed by the other root
  ossl(dir, ['req', '-new', '-key', 'root.key', '-out', 'cross.csr', '-subj', '/O=Certwiz Test/CN=Practice Root CA 3']);
  ossl(dir, ['x509', '-req', '-in', 'cross.csr', '-CA', 'other.pem', '-CAkey', 'other.key', '-out', 'cross.pem', '-days', '365',
    '-extfile', 'ca.ext', '-set_serial', '0x2001']);
  issue('leaf', 'localhost', 'sub', 'leaf.ext', '0x3001');
  writeFileSync(join(dir, 'client.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nauthorityKeyIdentifier=keyid\n');
  issue('client', 'Certwiz Test Client', 'sub', 'client.ext', '0x3002');
  // CRL of the root revoking the old Sub CA (guide 001's ARL)
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'crlnumber'), '01\n');
  writeFileSync(join(dir, 'ca.cnf'), '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=30\n');
  ossl(dir, ['ca', '-config', 'ca.cnf', '-revoke', 'oldsub.pem', '-keyfile', 'root.key', '-cert', 'root.pem']);
  ossl(dir, ['ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'root.key', '-cert', 'root.pem', '-out', 'root.crl.pem']);
  ossl(dir, ['crl', '-in', 'root.crl.pem', '-outform', 'DER', '-out', 'root.crl']);
  for (const n of ['root', 'sub', 'oldsub', 'cross', 'leaf', 'other', 'client']) {
    ossl(dir, ['x509', '-in', `${n}.pem`, '-outform', 'DER', '-out', `${n}.der`]);
  }
  writeFileSync(join(dir, 'chain.pem'), readFileSync(join(dir, 'sub.pem'), 'utf8') + readFileSync(join(dir, 'root.pem'), 'utf8'));
  ossl(dir, ['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER', '-out', 'chain.p7b']);
  const pfxPassword = 'test-pfx-pw';
  ossl(dir, ['pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'chain.pem', '-name', 'Test Leaf',
    '-out', 'leaf.p12', '-passout', `pass:${pfxPassword}`]);
  return {
    dir,
    file: (name) => join(dir, name),
    der: (name) => new Uint8Array(readFileSync(join(dir, name.includes('.') ? name : `${name}.der`))),
    pfxPassword,
  };
}
