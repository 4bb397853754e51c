#!/usr/bin/env node
// Makes sure the real peers the tests drive are installed: OpenSSL, Chromium, NSS tools,
// SoftHSM2 + OpenSC, GnuTLS certtool, Java keytool, and CJK fonts for zh-Hant screenshots.
// As root it installs what is missing with apt-get; otherwise it names the one command to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NEEDS = [
  ['openssl', 'openssl'],
  ['chromium', 'chromium'],
  ['certutil', 'libnss3-tools'],
  ['pk12util', 'libnss3-tools'],
  ['softhsm2-util', 'softhsm2'],
  ['pkcs11-tool', 'opensc'],
  ['certtool', 'gnutls-bin'],
  ['keytool', 'default-jre-headless'],
];
const FILES = [['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'fonts-noto-cjk']];

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
export function missingPackages() {
  const pkgs = new Set();
  for (const [cmd, pkg] of NEEDS) if (!has(cmd)) pkgs.add(pkg);
  for (const [file, pkg] of FILES) if (!existsSync(file)) pkgs.add(pkg);
  return [...pkgs];
}

export function ensureSystem() {
  const missing = missingPackages();
  if (missing.length === 0) return true;
  const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`certwiz tests need Debian packages: run  sudo sh -c '${cmd}'`);
    return false;
  }
  console.log(`installing: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const r1 = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r2 = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (r1.status !== 0 || r2.status !== 0 || missingPackages().length) {
    console.error(`could not install ${missingPackages().join(' ')}; run: ${cmd}`);
    return false;
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensureSystem() ? 0 : 1);
