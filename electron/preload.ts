import { contextBridge, ipcRenderer } from 'electron';
import { isEventChannel, isInvokeChannel, parseEvent, type PretrainLabApi } from './ipc-contract.js';

/**
 * The sandboxed preload (bundled to one CommonJS file: sandboxed preloads cannot load modules).
 * It exposes exactly `window.pretrainLab` = {invoke, on}, for the contract's channels only; the
 * page never gets ipcRenderer, Electron events or Node.
 */
const api: PretrainLabApi = {
  invoke(channel, params) {
    if (!isInvokeChannel(channel)) return Promise.reject(new Error(`pretrainLab.invoke: unknown channel ${JSON.stringify(channel)}`));
    return ipcRenderer.invoke(channel, params);
  },
  on(channel, listener) {
    if (!isEventChannel(channel)) throw new Error(`pretrainLab.on: unknown channel ${JSON.stringify(channel)}`);
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => {
      try {
        listener(parseEvent(channel, payload));
      } catch (e) {
        console.error(e);
      }
    };
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('pretrainLab', api);
