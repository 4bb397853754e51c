/**
 * `certwiz token list` (issue 5, "CLI contract"), and the PIN lookup every card command uses.
 *
 * The PIN never comes from an argument (shell history, `ps`): --pin-file, then CERTWIZ_PIN, then
 * a prompt with echo off on a terminal; with none of these, PASSWORD_REQUIRED (exit 3) so scripts
 * fail fast. A wrong PIN exits 4 (PIN_INCORRECT / PIN_LOCKED), no card 5 (TOKEN_NOT_PRESENT).
 */
import { CertwizError } from '../../../shared/errors';
import type { KeyLocation } from '../../../shared/ipc';
import type { TokenInfo } from '../../core/pkcs11/types';
import { mapPkcs11Error, pinStatus } from '../../core/pkcs11/errors';
import { certSpkiSha256, parseCertificates } from '../../core/certs';
// The native PKCS#11 layer is loaded only by the functions that talk to a card, so `complete`
// of a key kept by Certwiz never loads it.
import { loadPkcs11, type TokenCompleteOptions } from '../../core/token-service';
import { getPassword, readSecretFile } from '../password';
import type { CliContext } from '../context';

const PIN_ENV = 'CERTWIZ_PIN';

/**
 * The card PIN for a command: --pin-file FILE (first line), CERTWIZ_PIN, else a hidden prompt
 * (an explicit option beats the environment, as for passwords in ../password.ts).
 * `csr --token`, `complete` (to a card) and `pfx import --store token:` call this.
 */
export async function readTokenPin(ctx: CliContext, tokenLabel: string): Promise<string> {
  const file = ctx.opt('pin-file');
  if (file !== undefined) return readSecretFile(file, '--pin-file', 'PIN');
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
  const { listTokens, resolveModulePath } = await loadPkcs11();
  const module = resolveModulePath((await ctx.core().tokens.modulePath(ctx.opt('module'))) ?? undefined);
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

// ---------------------------------------------------------------------------------------------
// The card side of `csr --token`, `complete` and `pfx import --store token:LABEL` (issue 5).
// enroll.ts and pfx.ts call these through a dynamic import, so other commands never load them.

/** csr --token: checks the card is there and what it can make, then asks for the PIN. */
export async function cliKeyLocation(ctx: CliContext, tokenRef: string, alg: string): Promise<KeyLocation> {
  const { findToken, resolveModulePath } = await loadPkcs11();
  const module = (await ctx.core().tokens.modulePath(ctx.opt('module'))) ?? resolveModulePath(undefined);
  const { info } = findToken(tokenRef, resolveModulePath(module));
  if (!(info.keyGenMechanisms as string[]).includes(alg)) {
    throw new CertwizError('MECHANISM_NOT_SUPPORTED', 'This card cannot generate this key type. Choose one of those offered for this card.', {
      token: info.label,
      alg,
      offered: info.keyGenMechanisms.join(', '),
    });
  }
  if (info.pinInfo.locked) throw mapPkcs11Error({ code: 0xa4 }, { token: info.label, pinInfo: info.pinInfo });
  const pin = info.pinInfo.pinPad ? undefined : await readTokenPin(ctx, info.label || info.serial);
  ctx.note(`Generating the key pair on ${info.label} (card number ${info.serial}, reader ${info.slotDescription}).`);
  ctx.note('This may take up to several minutes. Do not remove the card from the reader.');
  const label = ctx.opt('key-label');
  return { kind: 'token', token: info.serial, module, pin, ...(label ? { label } : {}) };
}

/**
 * complete: when the certificate's pending key is on a card, checks (without a PIN) that this card
 * is in a reader, then asks for the PIN. Undefined for keys kept by Certwiz.
 */
export async function cliCompleteOptions(ctx: CliContext, bytes: Uint8Array, fileName: string): Promise<TokenCompleteOptions | undefined> {
  const core = ctx.core();
  let certs;
  try {
    certs = parseCertificates(bytes, fileName);
  } catch {
    return undefined; // completeBytes reports the file problem itself
  }
  for (const cert of certs) {
    const rec = await core.keystore.findPendingBySpki(certSpkiSha256(cert));
    if (!rec?.token) continue;
    const module = ctx.opt('module');
    await core.tokens.checkCardHasKey(rec, module);
    const pin = await readTokenPin(ctx, rec.token.label || rec.token.serial);
    return { pin, module, chainToToken: ctx.inv.values['chain-to-card'] === true };
  }
  return undefined;
}

type PfxFileReader = (path: string) => Promise<Uint8Array>;
type PfxPasswordReader = (ctx: CliContext, prompt: string, confirm: boolean) => Promise<string>;

/** pfx import FILE --store token:LABEL: each key with its certificate (and chain) onto the card. */
export async function pfxImportToToken(ctx: CliContext, tokenRef: string, readPfxFile: PfxFileReader, pfxPassword: PfxPasswordReader): Promise<void> {
  if (!tokenRef.trim()) throw new CertwizError('USAGE', '--store token:LABEL needs the label or serial of the card.');
  const { findToken, importKeyToToken, resolveModulePath } = await loadPkcs11();
  const module = resolveModulePath((await ctx.core().tokens.modulePath(ctx.opt('module'))) ?? undefined);
  const { info } = findToken(tokenRef, module); // TOKEN_NOT_PRESENT before any password question
  const bytes = await readPfxFile(ctx.inv.positionals[0]);
  const password = await pfxPassword(ctx, 'Password of the PFX file', false);
  const { readPfx, keyEntries } = await import('../../core/pkcs12');
  const entries = keyEntries(readPfx(bytes, password));
  const pin = info.pinInfo.pinPad ? undefined : await readTokenPin(ctx, info.label || info.serial);
  const imported = [];
  for (const e of entries) {
    const label = (e.friendlyName?.trim() || commonNameOf(e.certificatePem) || 'Imported key').slice(0, 64);
    const chainDer = e.chainPem.flatMap((p) => parseCertificates(Buffer.from(p), 'chain')).map((c) => new Uint8Array(c.rawData));
    const r = await importKeyToToken({
      module,
      token: info.serial,
      pin,
      privateKey: e.key,
      certificateDer: new Uint8Array(e.certificate.der),
      chainDer,
      label,
    });
    imported.push({ label, ckaId: r.ckaId, sha1: e.certificate.sha1, caCertificatesWritten: r.caCertificatesWritten });
  }
  ctx.emit({ token: { label: info.label, serial: info.serial, module }, imported });
  for (const i of imported) {
    ctx.say(`Put ${i.label} on ${info.label} (card number ${info.serial}): key and certificate with ID ${i.ckaId}, ${i.caCertificatesWritten} CA certificate(s).`);
  }
}

function commonNameOf(pem: string): string | undefined {
  try {
    return parseCertificates(Buffer.from(pem), 'certificate')[0].subjectName.getField('CN')[0];
  } catch {
    return undefined;
  }
}
