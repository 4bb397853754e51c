/**
 * `certwiz token list` (issue 5, "CLI contract"), and the PIN lookup every card command uses.
 *
 * The PIN never comes from an argument (shell history, `ps`): --pin-file, then CERTWIZ_PIN, then
 * a prompt with echo off on a terminal; with none of these, PASSWORD_REQUIRED (exit 3) so scripts
 * fail fast. A wrong PIN exits 4 (PIN_INCORRECT / PIN_LOCKED), no card 5 (TOKEN_NOT_PRESENT).
 */
import { readFileSync } from 'node:fs';
import { CertwizError } from '../../../shared/errors';
import type { TokenInfo } from '../../core/pkcs11/types';
import { listTokens } from '../../core/pkcs11/tokens';
import { resolveModulePath } from '../../core/pkcs11/library';
import { pinStatus } from '../../core/pkcs11/errors';
import { getPassword } from '../password';
import type { CliContext } from '../context';

const PIN_ENV = 'CERTWIZ_PIN';

/**
 * The card PIN for a command: --pin-file FILE (first line), CERTWIZ_PIN, else a hidden prompt
 * (an explicit option beats the environment, as for passwords in ../password.ts).
 * `csr --token`, `complete` (to a card) and `pfx import --store token:` call this.
 */
export async function readTokenPin(ctx: CliContext, tokenLabel: string): Promise<string> {
  const file = ctx.opt('pin-file');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new CertwizError('FILE_NOT_FOUND', 'The PIN file cannot be read.', { option: '--pin-file' });
    }
    const first = text.split(/\r?\n/)[0];
    if (!first) throw new CertwizError('PASSWORD_REQUIRED', 'The PIN file is empty.', { option: '--pin-file' });
    return first;
  }
  const env = process.env[PIN_ENV];
  if (env) return env;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CertwizError('PASSWORD_REQUIRED', `The card PIN is needed: set ${PIN_ENV} or use --pin-file, or run on a terminal.`, {
      variable: PIN_ENV,
    });
  }
  // The shared hidden prompt; an empty env map so only the terminal is asked.
  return getPassword('backup', `PIN of ${tokenLabel}`, { env: {} });
}

function pinText(t: TokenInfo): string {
  if (!t.pinInfo.initialized) return 'no user PIN set';
  switch (pinStatus(t.pinInfo)) {
    case 'locked':
      return 'PIN locked';
    case 'final-try':
      return 'one PIN try left';
    case 'count-low':
      return 'wrong PIN entered before';
    default:
      return t.pinInfo.pinPad ? 'PIN on the reader keypad' : `PIN ${t.pinInfo.minLength}-${t.pinInfo.maxLength} characters`;
  }
}

/** The JSON row: public facts only. */
function toJson(t: TokenInfo) {
  return {
    slotId: t.slotId,
    slotDescription: t.slotDescription,
    label: t.label,
    manufacturer: t.manufacturer,
    model: t.model,
    serial: t.serial,
    initialized: t.initialized,
    writeProtected: t.writeProtected,
    pin: { ...t.pinInfo, status: pinStatus(t.pinInfo) },
    ...(t.freeSpace !== undefined ? { freeSpace: t.freeSpace } : {}),
    keyGenMechanisms: t.keyGenMechanisms,
  };
}

export async function tokenList(ctx: CliContext): Promise<void> {
  const module = resolveModulePath(ctx.opt('module'));
  const tokens = listTokens(module);
  ctx.emit({ module, tokens: tokens.map(toJson) });
  if (tokens.length === 0) {
    ctx.say(`No card or token is in a reader (library ${module}).`);
    return;
  }
  const lines: string[] = [`Library: ${module}`];
  for (const t of tokens) {
    lines.push('');
    lines.push(`${t.label || '(not initialised)'}`);
    lines.push(`  Reader:       ${t.slotDescription}`);
    lines.push(`  Card number:  ${t.serial}`);
    lines.push(`  Made by:      ${[t.manufacturer, t.model].filter(Boolean).join(', ')}`);
    if (t.initialized) {
      lines.push(`  PIN:          ${pinText(t)}`);
      lines.push(`  Key types:    ${t.keyGenMechanisms.join(', ') || 'none Certwiz can use'}`);
    }
    if (t.freeSpace !== undefined) lines.push(`  Free space:   ${t.freeSpace} bytes`);
  }
  ctx.say(lines.join('\n'));
}
