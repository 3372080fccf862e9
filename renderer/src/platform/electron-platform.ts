import type { InvokeChannel, InvokeParams, InvokeResult, PretrainLabApi } from '../../../electron/ipc-contract.js';
import { graphFileName, type FileHandle, type MenuCommand, type OpenedGraph, type Platform, type RecentFile } from './platform.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload (electron/preload.ts); absent in a browser. */
    pretrainLab?: PretrainLabApi;
  }
}

/**
 * The Platform in Electron: every call goes through the typed IPC contract to the main process,
 * which shows the native dialogs, reads and writes files (atomically), keeps the recent list and
 * owns the window.
 */
export function createElectronPlatform(api: PretrainLabApi, doc: Pick<Document, 'activeElement' | 'execCommand'> | null = globalThis.document ?? null): Platform {
  const call = async <C extends InvokeChannel>(channel: C, params: InvokeParams<C>): Promise<InvokeResult<C>> => {
    try {
      return await api.invoke(channel, params);
    } catch (e) {
      throw new Error(ipcMessage(e));
    }
  };
  const handle = (path: string, name: string): FileHandle => ({ kind: 'electron', name, path });
  const opened = (f: { path: string; name: string; text: string } | null): OpenedGraph | null => (f ? { handle: handle(f.path, f.name), text: f.text } : null);
  // Main asks only while the document has unsaved changes. Until the UI registers its own
  // handler (a dialog offering to save), the question is the browser's plain confirm().
  const confirmDiscard = () => (typeof globalThis.confirm === 'function' ? globalThis.confirm('Discard unsaved changes?') : true);
  let closeHandler: () => boolean | Promise<boolean> = confirmDiscard;
  api.on('close:request', ({ requestId }) => {
    void (async () => {
      let proceed = false;
      try {
        proceed = await closeHandler();
      } catch (e) {
        console.error(e); // a failing handler keeps the window open: nothing is lost
      }
      await call('close:answer', { requestId, proceed });
    })();
  });

  const platform: Platform = {
    kind: 'electron',
    async openGraph() {
      return opened(await call('file:open', {}));
    },
    async openRecent(file: RecentFile) {
      return opened(await call('file:open-recent', { path: file.path }));
    },
    async saveGraph(text, h) {
      if (!h || h.kind !== 'electron' || !h.path) return platform.saveGraphAs(text, h?.name);
      const r = await call('file:save', { path: h.path, text });
      return handle(r.path, r.name);
    },
    async saveGraphAs(text, suggestedName) {
      const r = await call('file:save-as', { text, suggestedName: graphFileName(suggestedName) });
      return r ? handle(r.path, r.name) : null;
    },
    async exportText(text, suggestedName) {
      const r = await call('file:export', { text, suggestedName });
      return r ? r.name : null;
    },
    async exportPytorch(doc, baseName) {
      const r = await call('file:export-pytorch', { doc, suggestedName: `${baseName}.py` });
      return r ? { saved: `${r.name} and ${r.dataDir.split(/[\\/]/).pop()}/`, next: `run it with python3 ${r.name}` } : null;
    },
    recentFiles: () => call('recent:list', {}),
    async clearRecentFiles() {
      await call('recent:clear', {});
    },
    pickDataFile: (kind = 'file') => call('data:pick', { kind }),
    onMenuCommand(cb) {
      return api.on('menu:command', (command: MenuCommand) => {
        // Undo/Redo chosen from the menu while typing in a text field act on the field's text
        if ((command.command === 'undo' || command.command === 'redo') && doc && isTextField(doc.activeElement)) {
          doc.execCommand(command.command);
          return;
        }
        cb(command);
      });
    },
    setDirty(dirty, title) {
      call('window:set-state', { title, dirty }).catch((e: unknown) => console.error(e));
    },
    onBeforeClose(cb) {
      closeHandler = cb;
      return () => {
        if (closeHandler === cb) closeHandler = confirmDiscard;
      };
    },
  };
  return platform;
}

/** Electron wraps a main-process error as "Error invoking remote method 'x': Error: message"; keep the message. */
export function ipcMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}

function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if ((el as HTMLElement).isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA') return true;
  if (tag !== 'INPUT') return false;
  return ['text', 'search', 'url', 'email', 'number', 'password', 'tel', ''].includes((el as HTMLInputElement).type ?? '');
}
