import type { CommandSpec } from '../spec';

export const specs: CommandSpec[] = [
  { group: 'profiles', positionals: [], options: {}, summary: 'list the CA profiles (id, name, key types)' },
];
