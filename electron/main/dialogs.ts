/**
 * Native open/save dialogs, shown by main (never by the renderer), for the core's `saveFile`.
 *
 * The renderer never picks a path or sees file bytes it did not choose: the core asks main for a
 * destination with the suggested name and filters, the user confirms in the OS dialog (which also
 * asks before replacing an existing file), and the core writes the file itself. Cancel returns
 * null, which the core reports as `{ cancelled: true }`.
 */
import { basename, join } from 'node:path';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface SaveFileRequest {
  defaultName: string;
  filters: FileFilter[];
}

/** The signature createCore({ saveFile }) expects. */
export type SaveFile = (req: SaveFileRequest) => Promise<string | null>;
export type OpenFile = (req: { filters: FileFilter[] }) => Promise<string | null>;

/** The parts of Electron's `dialog` used here (with a parent window; typed loosely for fakes). */
export interface DialogLike {
  showSaveDialog(window: any, options: Record<string, unknown>): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(window: any, options: Record<string, unknown>): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** A suggested name is a file name only: no folders, no control characters, not empty. */
export function safeDefaultName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = basename(String(name).replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'certwiz-file' : cleaned.slice(0, 200);
}

export function createSaveFile(dialog: DialogLike, getWindow: () => unknown, defaultDir: () => string): SaveFile {
  return async ({ defaultName, filters }) => {
    const result = await dialog.showSaveDialog(getWindow() ?? undefined, {
      defaultPath: join(defaultDir(), safeDefaultName(defaultName)),
      filters: [...filters, { name: 'All files', extensions: ['*'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || !result.filePath) return null;
    return result.filePath;
  };
}

export function createOpenFile(dialog: DialogLike, getWindow: () => unknown, defaultDir: () => string): OpenFile {
  return async ({ filters }) => {
    const result = await dialog.showOpenDialog(getWindow() ?? undefined, {
      defaultPath: defaultDir(),
      filters: [...filters, { name: 'All files', extensions: ['*'] }],
      properties: ['openFile'],
    });
    if (result.canceled || result.filePaths.length === 0) return null;
    return result.filePaths[0] ?? null;
  };
}
