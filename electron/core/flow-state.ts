/**
 * Guided-flow progress on disk: `flow:save`, `flow:load`, `flow:clear` (issue 6: "the flow can be
 * left and resumed later where it stopped (state saved; secrets never)").
 *
 * One JSON file per flow in <dataDir>/flows/, written atomically (temp + fsync + rename, mode
 * 0600) like everything else in the data dir. The state is re-parsed with the strict whitelist
 * in shared/flow-state.ts on save AND on load, so neither a caller nor a hand-edited file can put
 * a PIN, password or validation code into it; a corrupt file reads as "nothing saved".
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { CertwizError } from '../../shared/errors';
import { FLOW_IDS, flowStateSchema, type FlowId, type FlowState, type SavedFlow } from '../../shared/flow-state';
import { writeFileAtomic } from './atomic';

/** A saved state larger than this is not ours (the whitelist fits in a few KB). */
const MAX_FILE_BYTES = 64 * 1024;

export interface FlowStore {
  save(flowId: FlowId, state: FlowState): Promise<SavedFlow>;
  load(flowId: FlowId): Promise<SavedFlow | null>;
  clear(flowId: FlowId): Promise<{ cleared: boolean }>;
  /** Every flow with saved progress (for the start page's "Continue"). */
  list(): Promise<SavedFlow[]>;
}

function checkId(flowId: string): FlowId {
  if (!(FLOW_IDS as readonly string[]).includes(flowId)) {
    throw new CertwizError('NOT_FOUND', 'There is no guided flow with this ID.', { flowId: String(flowId).slice(0, 64) });
  }
  return flowId as FlowId;
}

export function openFlowStore(dataDir: string, now: () => Date = () => new Date()): FlowStore {
  const dir = join(dataDir, 'flows');
  const file = (id: FlowId) => join(dir, `${id}.json`);

  async function load(flowId: FlowId): Promise<SavedFlow | null> {
    const id = checkId(flowId);
    let text: string;
    try {
      const st = await fs.stat(file(id));
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return null;
      text = await fs.readFile(file(id), 'utf8');
    } catch {
      return null;
    }
    try {
      const raw = JSON.parse(text) as { state?: unknown; savedAt?: unknown };
      const state = flowStateSchema.safeParse(raw.state);
      if (!state.success) return null;
      const savedAt = typeof raw.savedAt === 'string' && !Number.isNaN(Date.parse(raw.savedAt)) ? raw.savedAt : new Date(0).toISOString();
      return { flowId: id, state: state.data, savedAt };
    } catch {
      return null;
    }
  }

  return {
    async save(flowId, state) {
      const id = checkId(flowId);
      // Parsed again here: the whitelist holds even for callers that skip the IPC contract (CLI, tests).
      const parsed = flowStateSchema.safeParse(state);
      if (!parsed.success) throw new CertwizError('INVALID_INPUT', 'The flow state has fields that cannot be saved.', { flowId: id });
      const saved: SavedFlow = { flowId: id, state: parsed.data, savedAt: now().toISOString() };
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(file(id), JSON.stringify(saved, null, 2) + '\n', { mode: 0o600, overwrite: true });
      return saved;
    },
    load,
    async clear(flowId) {
      const id = checkId(flowId);
      try {
        await fs.unlink(file(id));
        return { cleared: true };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { cleared: false };
        throw e;
      }
    },
    async list() {
      const out: SavedFlow[] = [];
      for (const id of FLOW_IDS) {
        const s = await load(id);
        if (s) out.push(s);
      }
      return out;
    },
  };
}

/** The flow:* channels, for service.ts to compose. */
export function createFlowService(dataDir: string) {
  const flows = openFlowStore(dataDir);
  return {
    'flow:save': async (req: { flowId: FlowId; state: FlowState }) => flows.save(req.flowId, req.state),
    'flow:load': async (req: { flowId: FlowId }) => flows.load(req.flowId),
    'flow:clear': async (req: { flowId: FlowId }) => flows.clear(req.flowId),
    'flow:list': async () => flows.list(),
  };
}
