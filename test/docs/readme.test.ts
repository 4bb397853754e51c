/**
 * The README is part of the contract: its error table must list exactly the codes the code
 * raises, and its top must keep the two set-up commands (start, test) a new user runs.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTable } from '../../scripts/docs-errors';
import { ERROR_CODES } from '../../shared/errors';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  test('its error table is the one generated from shared/errors.ts (run scripts/docs-errors.ts)', () => {
    assert.equal(readme, withTable(readme));
    for (const code of Object.keys(ERROR_CODES)) assert.match(readme, new RegExp('`' + code + '`'));
  });

  test('starts with exactly the two set-up commands: the app and the whole test suite', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, 'no sh block at the top');
    assert.ok(readme.indexOf(block[0]) < 200, 'the commands are not at the top');
    const lines = block[1].trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^npm ci && npm start\b/);
    assert.match(lines[1], /^npm ci && npm test\b/);
  });
});
