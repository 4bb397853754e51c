import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '../..');
const config = JSON.parse(fs.readFileSync(path.join(root, 'build/electron-builder.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const require = createRequire(path.join(root, 'package.json'));

/** A glob-ish match good enough for the patterns used here (`**`, `*`). */
function matches(pattern: string, file: string): boolean {
  const re = pattern
    .split('**/')
    .map((part) => part.split('**').map((p) => p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*'))
    .join('(?:.*/)?');
  return new RegExp(`^${re}$`).test(file);
}

const targets = (platform: { target: unknown[] | string[] }) =>
  (platform.target as (string | { target: string })[]).map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder configuration (it cannot run here: it downloads Electron)', () => {
  test('should name the app', () => {
    assert.equal(config.appId, 'org.certwiz.app');
    assert.equal(config.productName, 'Certwiz');
  });

  test('should build NSIS for Windows, dmg for macOS, AppImage and deb for Linux', () => {
    assert.deepEqual(targets(config.win), ['nsis']);
    assert.deepEqual(targets(config.mac), ['dmg']);
    assert.deepEqual(targets(config.linux).sort(), ['AppImage', 'deb']);
  });

  test('should package the built app (dist/** and package.json) with main pointing at the Electron bundle', () => {
    assert.ok(config.files.includes('dist/**'));
    assert.ok(config.files.includes('package.json'));
    assert.equal(pkg.main, 'dist/electron/main.js');
    assert.equal(config.extraMetadata.main, 'dist/electron/main.js');
    assert.equal(pkg.scripts.dist, 'npm run build && electron-builder --config build/electron-builder.json');
  });

  test('should unpack native modules from the asar (pkcs11js and any *.node) and rebuild them for Electron', () => {
    assert.equal(config.asar, true);
    assert.ok(config.asarUnpack.includes('**/*.node'));
    assert.ok(matches(config.asarUnpack.find((p: string) => p.includes('*.node')), 'node_modules/pkcs11js/build/Release/pkcs11.node'));
    assert.ok(config.asarUnpack.some((p: string) => matches(p, 'node_modules/pkcs11js/index.js')));
    assert.equal(config.npmRebuild, true);
    assert.ok(pkg.dependencies.pkcs11js, 'pkcs11js is a production dependency, so it is packaged');
  });

  test('should flip the Electron fuses that would turn the signed app into a general Node runtime', () => {
    // The OS keyring trusts the signed Certwiz binary (safeStorage); with RunAsNode, NODE_OPTIONS
    // or --inspect left on, any local program could borrow that trust by running it as Node.
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  test('should point at icons and entitlements that exist', () => {
    const icon = fs.readFileSync(path.join(root, config.icon));
    assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.ok(icon.readUInt32BE(16) >= 512 && icon.readUInt32BE(20) >= 512, 'at least 512x512 for the macOS icns');
    const plist = fs.readFileSync(path.join(root, config.mac.entitlements), 'utf8');
    assert.match(plist, /com\.apple\.security\.cs\.allow-jit/);
    assert.equal(config.mac.hardenedRuntime, true);
  });

  test("should pass electron-builder's own schema validation, which does reject a wrong key", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    await validateConfiguration(structuredClone(config), new DebugLogger(false));
    await assert.rejects(validateConfiguration({ ...structuredClone(config), linux: { ...config.linux, targte: 'deb' } }, new DebugLogger(false)));
  });
});
