/**
 * key security-level, key backup: the Set security level wizard and the key backup, by CLI.
 */
import { resolve } from 'node:path';
import { CertwizError } from '../../../shared/errors';
import { SECURITY_LEVELS, type SecurityLevel } from '../../../shared/constants';
import { writeFileAtomic } from '../../core/atomic';
import type { CliContext } from '../context';

export async function keySecurityLevel(ctx: CliContext): Promise<void> {
  const [idOrThumb, levelArg] = ctx.inv.positionals;
  if (!(SECURITY_LEVELS as readonly string[]).includes(levelArg)) throw new CertwizError('USAGE', 'The level must be high or medium.');
  const level = levelArg as SecurityLevel;
  const core = ctx.core();
  const rec = await core.keystore.get(idOrThumb);
  if (rec.securityLevel === level) {
    throw new CertwizError('LEVEL_UNCHANGED', `This key already has the ${level === 'high' ? 'High' : 'Medium'} security level.`, { id: rec.id, level });
  }
  const currentPassword = rec.securityLevel === 'high' ? await ctx.password('key', 'Current password of the key') : undefined;
  const newPassword = level === 'high' ? await ctx.password('new', 'New password (asked on every use)', true) : undefined;
  const entry = await core['key:setSecurityLevel']({ id: rec.id, level, currentPassword, newPassword });
  ctx.emit({ entry });
  ctx.say(`Key ${entry.id} now has the ${level === 'high' ? 'High' : 'Medium'} security level.`);
}

export async function keyBackup(ctx: CliContext): Promise<void> {
  const out = ctx.opt('out');
  if (!out) throw new CertwizError('USAGE', '--out FILE is required');
  const core = ctx.core();
  const rec = await core.keystore.get(ctx.inv.positionals[0]);
  let pem: string;
  if (rec.securityLevel === 'high') {
    pem = await core.keystore.backupKeyPem(rec.id, await ctx.password('key', 'Password of the key'));
  } else {
    pem = await core.keystore.backupKeyPem(rec.id, undefined, await ctx.password('backup', 'Password for the backup file', true));
  }
  const path = resolve(out);
  await writeFileAtomic(path, pem, { mode: 0o600 });
  ctx.emit({ id: rec.id, path, securityLevel: rec.securityLevel });
  ctx.say(`Encrypted key backup (PKCS #8) written to ${path}. Keep its password safe: it is needed to restore the key.`);
}
