/**
 * The CLI contracts of issues 2-6, line by line, against the command specs (data only, fast):
 * every command and flag the issues name exists with the right arity, and no option takes a
 * password or PIN as its value (issue 2: "Passwords never as arguments"; issue 5: the PIN
 * "never an argument"). The behaviour behind each flag is run in the other contract-*.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SPECS } from '../../electron/cli/specs';
import { GLOBAL_OPTIONS, type CommandSpec } from '../../electron/cli/spec';
import { HANDLERS } from '../../electron/cli/commands/index';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors';
import { join } from 'node:path';

/** [command, positionals as the issue writes them, string flags, boolean flags]. */
const CONTRACT: [string, string[], string[], string[]][] = [
  // issue 2
  ['profiles', [], [], ['json']],
  ['csr', [], ['profile', 'cn', 'san', 'email', 'o', 'ou', 'l', 'st', 'c', 'key', 'security-level', 'renew', 'out'], ['json']],
  ['list', [], [], ['json']],
  ['complete', ['FILE'], [], ['json']],
  ['practice-ca sign', ['CSR_FILE'], ['out', 'chain-out'], ['json']],
  ['key security-level', ['ID|THUMBPRINT', 'LEVEL'], ['key-password-file'], []],
  ['key backup', ['ID|THUMBPRINT'], ['out', 'key-password-file'], []],
  // issue 3
  ['pfx export', ['ID|THUMBPRINT'], ['out', 'encryption', 'friendly-name', 'pfx-password-file', 'key-password-file'], ['no-chain', 'no-privacy', 'delete-key', 'json']],
  ['pfx inspect', ['FILE'], ['pfx-password-file'], ['json']],
  ['pfx import', ['FILE'], ['security-level', 'pfx-password-file', 'key-password-file'], ['exportable', 'json']],
  ['pem export', ['ID|THUMBPRINT'], ['out-dir'], ['plain-key']],
  // issue 4
  ['store list', [], ['store'], ['json']],
  ['store import', ['FILE...'], ['store', 'security-level'], ['trust-root', 'remove-old', 'exportable', 'json']],
  ['store remove', ['THUMBPRINT'], ['store'], []],
  ['chain show', ['THUMBPRINT|FILE'], ['store'], ['json']],
  // issue 4 + 5: pfx import to any store or a card
  ['pfx import', ['FILE'], ['store', 'module', 'pin-file'], []],
  // issue 5
  ['token list', [], ['module'], ['json']],
  ['csr', [], ['token', 'module', 'pin-file'], []],
  ['complete', ['FILE'], ['module', 'pin-file'], ['json']],
  // issue 6
  ['report', [], ['out'], []],
  ['list', [], ['expiring'], ['json']],
  ['dcv check', [], ['method', 'domain', 'code'], ['json']],
];

function specFor(command: string): CommandSpec {
  const [group, name] = command.split(' ');
  const s = SPECS.find((x) => x.group === group && x.name === name);
  assert.ok(s, `certwiz ${command} exists`);
  return s;
}

describe('CLI contract (issues 2-6): commands and flags', () => {
  for (const [command, positionals, strings, booleans] of CONTRACT) {
    test(`certwiz ${command} ${positionals.join(' ')} takes ${[...strings, ...booleans].map((f) => `--${f}`).join(' ')}`, () => {
      const s = specFor(command);
      const options = { ...s.options, ...GLOBAL_OPTIONS };
      assert.equal(s.positionals.filter((p) => !p.endsWith('?')).length, positionals.length, 'required positionals');
      positionals.forEach((p, i) => assert.equal(s.positionals[i], p));
      for (const f of strings) assert.equal(options[f]?.type, 'string', `--${f} takes a value`);
      for (const f of booleans) assert.equal(options[f]?.type, 'boolean', `--${f} is a switch`);
      assert.ok(HANDLERS[command], 'a handler is registered');
    });
  }

  test('csr --san is repeatable (issue 2: [--san NAME]...)', () => {
    assert.equal(specFor('csr').options.san.multiple, true);
  });

  test('every spec has a handler and every handler a spec', () => {
    const keys = SPECS.map((s) => [s.group, s.name].filter(Boolean).join(' ')).sort();
    assert.deepEqual(keys, Object.keys(HANDLERS).sort());
  });

  test('the README command reference names every contract command, and only commands that exist', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const block = /## Command line\n+```\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, 'README has a "Command line" block');
    const named = new Set(
      [...block.matchAll(/^certwiz ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/gm)].map(([, g, n]) => (n && SPECS.some((s) => s.group === g && s.name === n) ? `${g} ${n}` : g)),
    );
    for (const c of named) assert.ok(HANDLERS[c], `README names "certwiz ${c}", which exists`);
    for (const [command] of CONTRACT) assert.ok(named.has(command), `README lists certwiz ${command}`);
  });

  test('the codes the issues name exit as the issues say', () => {
    const named: [ErrorCode, number][] = [
      ['USAGE', 2], ['FIELD_INVALID', 3], ['FILE_NOT_FOUND', 3], ['PASSWORD_REQUIRED', 3], ['KEY_PASSWORD_INCORRECT', 4],
      ['PFX_BAD_PASSWORD', 4], ['PIN_INCORRECT', 4], ['PIN_LOCKED', 4], ['NOT_FOUND', 5], ['NO_PENDING_KEY', 5],
      ['TOKEN_NOT_PRESENT', 5], ['ROOT_NEEDS_CONFIRMATION', 5], ['INTERNAL', 1],
    ];
    for (const [code, exit] of named) assert.equal(ERROR_CODES[code], exit, code);
    for (const [code, exit] of Object.entries(ERROR_CODES)) assert.ok([1, 2, 3, 4, 5].includes(exit), code);
  });

  test('no option takes a password, PIN or code secret as its value: only files', () => {
    for (const s of SPECS) {
      for (const [name, o] of Object.entries({ ...s.options, ...GLOBAL_OPTIONS })) {
        if (o.type === 'string' && /pass|pin|secret/i.test(name)) assert.match(name, /-file$/, `certwiz ${s.group} ${s.name ?? ''} --${name}`);
      }
    }
  });
});
