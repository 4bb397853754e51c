/**
 * Where the Windows-made PFX interop vectors are: `../shared/interop-vectors` beside the
 * checkout (how CI lays it out), else the workplace's /work/shared. They are read as extra
 * evidence; the tests' own fixtures are made by the peer tools.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function interopDir(): string {
  const candidates = [join(__dirname, '..', '..', '..', 'shared', 'interop-vectors'), '/work/shared/interop-vectors'];
  const found = candidates.find((d) => existsSync(join(d, 'Windows_Azure_Tools.p12')));
  if (!found) throw new Error(`interop vectors not found in ${candidates.join(' or ')}`);
  return found;
}
