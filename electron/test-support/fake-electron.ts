import { EventEmitter } from 'node:events';
import { join } from 'node:path';

/**
 * A stand-in for the 'electron' module, just wide enough for main.ts: it records what main asks
 * of Electron and lets a test play Electron's part (ready, dialogs, window events, IPC). The real
 * binary cannot be downloaded on the development machine, so main's wiring is tested this way.
 */

export const state = {
  appData: '',
  name: '',
  paths: {} as Record<string, string>,
  sandbox: false,
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response> | Response>(),
  permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl?: string }) => void),
  permissionCheck: null as null | ((wc: unknown, permission: string, origin: string) => boolean),
  menus: [] as unknown[][],
  recentDocuments: [] as string[],
  openedExternal: [] as string[],
  errorBoxes: [] as string[],
  quits: 0,
  /** what the next open / save dialog answers; undefined = cancelled */
  nextOpen: undefined as string | undefined,
  nextSave: undefined as string | undefined,
  dialogs: [] as { kind: string; options: unknown }[],
};

class FakeApp extends EventEmitter {
  isPackaged = false;
  private ready = false;
  private resolveReady!: () => void;
  private readonly readyPromise = new Promise<void>((r) => (this.resolveReady = r));
  fireReady() {
    this.ready = true;
    this.resolveReady();
    this.emit('ready');
  }
  whenReady() {
    return this.readyPromise;
  }
  isReady() {
    return this.ready;
  }
  setName(n: string) {
    state.name = n;
  }
  setPath(k: string, v: string) {
    state.paths[k] = v;
  }
  getPath(k: string) {
    if (k === 'appData') return state.appData;
    if (k === 'documents') return join(state.appData, 'Documents');
    return state.paths[k] ?? join(state.appData, 'Electron');
  }
  enableSandbox() {
    state.sandbox = true;
  }
  requestSingleInstanceLock() {
    return true;
  }
  addRecentDocument(p: string) {
    state.recentDocuments.push(p);
  }
  clearRecentDocuments() {
    state.recentDocuments = [];
  }
  quit() {
    state.quits++;
  }
  exit() {
    state.quits++;
  }
}
export const app = new FakeApp();

export const protocol = {
  registerSchemesAsPrivileged: (s: unknown[]) => state.schemes.push(...s),
  handle: (scheme: string, h: (req: { url: string }) => Promise<Response>) => void state.protocolHandlers.set(scheme, h),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h: typeof state.permissionRequest) => void (state.permissionRequest = h),
    setPermissionCheckHandler: (h: typeof state.permissionCheck) => void (state.permissionCheck = h),
    webRequest: { onHeadersReceived: () => {} },
  },
};

type Listener = (event: unknown, ...args: unknown[]) => unknown;
export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, l: Listener) {
    this.handlers.set(channel, l);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: (m: { template: unknown[] }) => void state.menus.push(m.template),
};

export const dialog = {
  async showOpenDialog(_win: unknown, options: unknown) {
    state.dialogs.push({ kind: 'open', options });
    const p = state.nextOpen;
    state.nextOpen = undefined;
    return { canceled: p === undefined, filePaths: p === undefined ? [] : [p] };
  },
  async showSaveDialog(_win: unknown, options: unknown) {
    state.dialogs.push({ kind: 'save', options });
    const p = state.nextSave;
    state.nextSave = undefined;
    return { canceled: p === undefined, filePath: p ?? '' };
  },
  async showMessageBox() {
    return { response: 1 };
  },
  showErrorBox(_title: string, message: string) {
    state.errorBoxes.push(message);
  },
};

export const shell = {
  openExternal: async (url: string) => void state.openedExternal.push(url),
};

export const utilityProcess = {
  fork: () => {
    throw new Error('the fake electron forks no utility process');
  },
};

export class FakeWebContents extends EventEmitter {
  sent: [string, unknown][] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  getURL() {
    return 'app://pretrain-lab/index.html';
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  url = '';
  title = '';
  closed = false;
  constructor(readonly options: unknown) {
    super();
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.url = url;
    return Promise.resolve();
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  setTitle(t: string) {
    this.title = t;
  }
  setDocumentEdited() {}
  /** Electron's close: `close` may be prevented; otherwise the window goes. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy() {
    this.closed = true;
    this.emit('closed');
    if (BrowserWindow.instances.every((w) => w.closed)) app.emit('window-all-closed');
  }
}

export default { app, protocol, session, ipcMain, Menu, dialog, shell, utilityProcess, BrowserWindow };
