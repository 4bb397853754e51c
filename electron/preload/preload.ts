/**
 * The sandboxed preload (dist/electron/preload.js): exposes `window.certwiz` via contextBridge.
 *
 * A sandboxed preload can only `require('electron')` (and a few polyfills), so this bundle holds
 * the channel names (shared/channels.ts, no zod) and the bridge builder, and nothing else; a test
 * builds it and checks that 'electron' is its only require.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

contextBridge.exposeInMainWorld('certwiz', buildBridge((channel, payload) => ipcRenderer.invoke(channel, payload)));
