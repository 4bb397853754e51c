/**
 * report, dcv check (issue 6 "CLI contract"): the helpdesk report and the domain control
 * validation check, by CLI. Both go through the same core channels as the app.
 */
import { resolve } from 'node:path';
import { CertwizError } from '../../../shared/errors';
import { writeFileAtomic } from '../../core/atomic';
import { readInputFile } from '../../core/files';
import type { CliContext } from '../context';

export async function report(ctx: CliContext): Promise<void> {
  const { text } = await ctx.core()['report:get']({ flow: ctx.opt('flow')?.slice(0, 64), step: ctx.opt('step')?.slice(0, 64) });
  const out = ctx.opt('out');
  if (!out) {
    ctx.emit({ text });
    ctx.say(text);
    return;
  }
  const path = resolve(out);
  await writeFileAtomic(path, text, { mode: 0o644 });
  ctx.emit({ path, text });
  ctx.say(`Helpdesk report written to ${path}. It holds no password, PIN, key or validation code.`);
}

/** A Validation File is a line of text; anything bigger is not one. */
const MAX_CODE_FILE = 4096;

export async function dcvCheckCommand(ctx: CliContext): Promise<void> {
  const method = ctx.opt('method');
  if (method !== 'http' && method !== 'dns') throw new CertwizError('USAGE', '--method must be http or dns');
  const domain = ctx.opt('domain');
  if (!domain) throw new CertwizError('USAGE', '--domain NAME is required');
  const file = ctx.opt('code-file');
  let code = ctx.opt('code');
  if (file !== undefined && code !== undefined) throw new CertwizError('USAGE', 'give --code or --code-file, not both');
  if (file !== undefined) code = (await readInputFile(file, MAX_CODE_FILE)).toString('utf8');
  if (code === undefined) throw new CertwizError('USAGE', '--code CODE or --code-file FILE is required');
  if (code.length > 512) throw new CertwizError('INVALID_INPUT', 'The validation code is longer than 512 characters.', { field: 'code' });
  const result = await ctx.core()['dcv:check']({ method, domain, code });
  const { dcvOutcomeError } = await import('../../core/dcv');
  const failure = dcvOutcomeError(domain.trim(), result);
  ctx.emit({ method, domain: domain.trim(), ...result, ...(failure ? { error: failure.toInfo() } : {}) });
  const names: Record<string, string> = {
    match: 'FOUND     ',
    mismatch: 'DIFFERENT ',
    notFound: 'NOT FOUND ',
    unreachable: 'NO ANSWER ',
    timeout: 'TIMED OUT ',
  };
  for (const c of result.checks) ctx.say(`${names[c.status]} ${c.where}${c.httpStatus ? ` (HTTP ${c.httpStatus})` : ''}`);
  if (failure) throw failure;
  ctx.say(`The validation code is in place for ${domain.trim()}: the CA can confirm it now.`);
}
