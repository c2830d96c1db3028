// Preload (sandboxed, context-isolated): exposes `window.tillHost` — one narrow function per
// TillHost call and one subscription per event (electron/preload-api.ts). The page never
// sees ipcRenderer. Bundled to one CommonJS file by electron/build.ts: a sandboxed preload
// cannot require our other modules at run time.
import { contextBridge, ipcRenderer } from 'electron';
import { PRELOAD_GLOBAL } from '../hardware/contract/preload-api';
import { buildPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, buildPreloadApi(ipcRenderer));
