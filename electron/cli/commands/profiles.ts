import { PROFILES } from '../../../shared/profiles';
import type { CliContext } from '../context';

export async function profiles(ctx: CliContext): Promise<void> {
  const rows = PROFILES.map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    keyAlgorithms: p.keyAlgorithms,
    defaultKeyAlgorithm: p.defaultKeyAlgorithm,
    sources: p.sources,
  }));
  ctx.emit({ profiles: rows });
  for (const r of rows) ctx.say(`${r.id.padEnd(16)}${r.name}  [${r.keyAlgorithms.join(', ')}]`);
}
