import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAppRequest } from './app-protocol.js';
import { CloseGuard, windowTitle } from './close-guard.js';
import { readPickedData } from './data-files.js';
import { atomicWriteFile, readTextFile, SessionPaths } from './file-store.js';
import { parseEvent, type EventChannel, type EventPayload, type OpenedFile } from './ipc-contract.js';
import { registerInvokeHandlers } from './ipc-main.js';
import { buildMenuTemplate } from './menu.js';
import { decideNavigation, decidePermission, decideWindowOpen, GestureClock, isTrustedSender, originOf } from './navigation-guard.js';
import { RecentFilesStore } from './recent-files.js';
import { detectTfjsNode, NodeTrainingHost, type UtilityChild } from './tfjs-node-process.js';
import { detectTorch } from './torch-python.js';
import { dataFolderOf } from '../engine/export-torch/export-torch.js';
import { ReadablePaths, unpickedPaths } from './training-paths.js';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  isLocalDevServer,
  PRODUCT_NAME,
  securityHeaders,
  windowOptions,
} from './window-options.js';

/**
 * The Electron main process: the only file (with preload.ts) that imports 'electron'. Everything
 * it decides is in small pure modules beside it; this file wires them to Electron's API.
 */

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron
const rendererRoot = path.join(here, '..', 'renderer'); // dist/renderer, from `npm run build:web`
const preloadPath = path.join(here, 'preload.cjs');
const workerPath = path.join(here, 'tfjs-node-worker.js');
const isDev = !app.isPackaged;
const devServerUrl = isDev && process.env.VITE_DEV_SERVER_URL && isLocalDevServer(process.env.VITE_DEV_SERVER_URL) ? process.env.VITE_DEV_SERVER_URL : null;
if (isDev && process.env.VITE_DEV_SERVER_URL && !devServerUrl) console.warn(`ignoring VITE_DEV_SERVER_URL=${process.env.VITE_DEV_SERVER_URL}: only a server on localhost may be loaded`);
const appOrigins = [APP_ORIGIN, ...(devServerUrl ? [originOf(devServerUrl)!] : [])];
const GRAPH_FILTERS = [
  { name: 'Pretrain Lab graph', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];

/** The save dialog's file type for an exported file, by extension. */
const EXPORT_FILTER_NAMES: Record<string, string> = { ts: 'TypeScript program', py: 'PyTorch program', csv: 'CSV table' };

// --- before `ready` ---
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.setName(PRODUCT_NAME);
// the same folder whether started as `electron dist/electron/main.js` or packaged
app.setPath('userData', path.join(app.getPath('appData'), PRODUCT_NAME));
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let guard = new CloseGuard();
let quitting = false;
let closeIsQuit = false;
const sessionPaths = new SessionPaths();
const readablePaths = new ReadablePaths();
const recent = new RecentFilesStore(path.join(app.getPath('userData'), 'recent-files.json'), { onWarning: (m) => console.warn(m) });
const runsDir = path.join(app.getPath('userData'), 'runs');
// the app's own runs: continued pretraining starts from them
readablePaths.allowFolder(runsDir);
const training = new NodeTrainingHost({
  fork: (modulePath) => utilityProcess.fork(modulePath, [], { serviceName: `${PRODUCT_NAME} training`, stdio: 'inherit' }) satisfies UtilityChild,
  workerPath,
  runsDir,
  emit: (runId, event) => send('train:event', { runId, event }),
});

function send<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
  const wc = mainWindow?.webContents;
  if (!wc || wc.isDestroyed()) return;
  wc.send(channel, parseEvent(channel, payload));
}

async function refreshMenu(): Promise<void> {
  const template = buildMenuTemplate({
    platform: process.platform,
    isDev,
    appName: PRODUCT_NAME,
    recent: await recent.list(),
    send: (command) => {
      if (!mainWindow) return void createWindow(); // macOS, every window closed: a new one starts with a new graph
      send('menu:command', command);
    },
    clearRecent: () => void recent.clear().then(() => (app.clearRecentDocuments(), refreshMenu())),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function openPath(file: string): Promise<OpenedFile> {
  const text = await readTextFile(file);
  sessionPaths.allow(file);
  await rememberFile(file);
  return { path: file, name: path.basename(file), text };
}

async function rememberFile(file: string): Promise<void> {
  await recent.add(file);
  app.addRecentDocument(file);
  await refreshMenu();
}

function currentWindow(): BrowserWindow {
  if (!mainWindow) throw new Error('the window is closed');
  return mainWindow;
}

function registerIpc(): void {
  registerInvokeHandlers(
    ipcMain,
    {
      'file:open': async () => {
        const r = await dialog.showOpenDialog(currentWindow(), { title: 'Open Graph', properties: ['openFile'], filters: GRAPH_FILTERS });
        return r.canceled || !r.filePaths[0] ? null : openPath(r.filePaths[0]);
      },
      'file:open-recent': async ({ path: file }) => {
        if (!(await recent.has(file))) throw new Error(`"${file}" is not in the recent files list`);
        try {
          return await openPath(file);
        } catch (e) {
          if (!existsSync(file)) await recent.remove(file).then(refreshMenu);
          throw e;
        }
      },
      'file:save': async ({ path: file, text }) => {
        if (!sessionPaths.has(file)) throw new Error(`"${file}" was not opened or chosen in this session; use Save As`);
        await atomicWriteFile(file, text);
        await rememberFile(file);
        return { path: file, name: path.basename(file) };
      },
      'file:save-as': async ({ text, suggestedName }) => {
        const r = await dialog.showSaveDialog(currentWindow(), {
          title: 'Save Graph As',
          // the renderer proposes the name; only its last part is used, never a folder it names
          defaultPath: path.join(app.getPath('documents'), path.basename(suggestedName || 'untitled.graph.json')),
          filters: GRAPH_FILTERS,
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        });
        if (r.canceled || !r.filePath) return null;
        await atomicWriteFile(r.filePath, text);
        sessionPaths.allow(r.filePath);
        await rememberFile(r.filePath);
        return { path: r.filePath, name: path.basename(r.filePath) };
      },
      'file:export': async ({ text, suggestedName }) => {
        const name = path.basename(suggestedName);
        const ext = path.extname(name).slice(1).toLowerCase();
        const r = await dialog.showSaveDialog(currentWindow(), {
          title: ext === 'ts' ? 'Export as TypeScript' : 'Export',
          defaultPath: path.join(app.getPath('documents'), name),
          filters: [...(ext ? [{ name: EXPORT_FILTER_NAMES[ext] ?? `.${ext} file`, extensions: [ext] }] : []), { name: 'All files', extensions: ['*'] }],
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        });
        if (r.canceled || !r.filePath) return null;
        await atomicWriteFile(r.filePath, text);
        return { path: r.filePath, name: path.basename(r.filePath) };
      },
      'file:export-pytorch': async ({ doc, suggestedName }) => {
        // what the export reads (a corpus file, a checkpoint) must have been chosen, as for training: asked before the dialog
        const { createRegistry } = await import('../graph-nodes/index.js');
        const unpicked = unpickedPaths(doc, createRegistry(), readablePaths);
        if (unpicked.length) throw new Error(unpicked.join('\n'));
        const name = path.basename(suggestedName).replace(/(\.py)?$/i, '.py');
        const r = await dialog.showSaveDialog(currentWindow(), {
          title: 'Export as PyTorch',
          defaultPath: path.join(app.getPath('documents'), name),
          filters: [{ name: EXPORT_FILTER_NAMES.py!, extensions: ['py'] }, { name: 'All files', extensions: ['*'] }],
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        });
        if (r.canceled || !r.filePath) return null;
        const done = await training.exportPytorch(doc, r.filePath);
        if (!done.ok) throw new Error(done.errors.join('\n') || 'the export stopped without saying why');
        return { path: r.filePath, name: path.basename(r.filePath), dataDir: dataFolderOf(r.filePath) };
      },
      'recent:list': () => recent.list(),
      'recent:clear': async () => {
        const list = await recent.clear();
        app.clearRecentDocuments();
        await refreshMenu();
        return list;
      },
      'data:pick': async ({ kind }) => {
        const r = await dialog.showOpenDialog(currentWindow(), {
          title: kind === 'file' ? 'Choose a Text File' : 'Choose a Folder of Text Files',
          properties: [kind === 'file' ? 'openFile' : 'openDirectory'],
          ...(kind === 'file' ? { filters: [{ name: 'Text', extensions: ['txt', 'md'] }, { name: 'All files', extensions: ['*'] }] } : {}),
        });
        if (r.canceled || !r.filePaths[0]) return null;
        const picked = await readPickedData(r.filePaths[0]);
        if (kind === 'file') readablePaths.allowFile(r.filePaths[0]);
        else readablePaths.allowFolder(r.filePaths[0]);
        return picked;
      },
      'window:set-state': ({ title, dirty }) => {
        guard.setDirty(dirty);
        const win = currentWindow();
        win.setTitle(windowTitle(title, dirty, process.platform, PRODUCT_NAME));
        if (process.platform === 'darwin') win.setDocumentEdited(dirty);
        return null;
      },
      'close:answer': ({ requestId, proceed }) => {
        const outcome = guard.onAnswer(requestId, proceed);
        if (outcome === 'close') {
          const quit = closeIsQuit;
          setImmediate(() => (quit ? app.quit() : mainWindow?.close()));
        }
        closeIsQuit = false;
        return null;
      },
      'train:node-available': () => detectTfjsNode(),
      'train:pytorch-available': () => detectTorch(),
      'train:node-start': async ({ doc, steps, backend = 'tensorflow', runName, resume }) => {
        // the node catalogue (and tfjs with it) loads when training starts, not with the window
        const { createRegistry } = await import('../graph-nodes/index.js');
        const unpicked = unpickedPaths(doc, createRegistry(), readablePaths);
        if (unpicked.length) throw new Error(unpicked.join('\n'));
        const a = backend === 'pytorch' ? await detectTorch() : detectTfjsNode();
        if (!a.available) throw new Error(a.reason);
        return await training.start(doc, steps, backend, { ...(runName !== undefined ? { name: runName } : {}), ...(resume ? { resume } : {}) });
      },
      'train:node-stop': ({ runId }) => {
        training.stop(runId);
        return null;
      },
    },
    (frame) => isTrustedSender(frame, appOrigins),
  );
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions({ preloadPath, isDev }));
  mainWindow = win;
  guard = new CloseGuard();
  win.once('ready-to-show', () => win.show());
  win.on('close', (e) => {
    const d = guard.onClose();
    if (d.action === 'close') return;
    e.preventDefault();
    if (d.action === 'ask') {
      closeIsQuit = quitting;
      send('close:request', { requestId: d.requestId });
    }
    quitting = false; // the quit is held (or cancelled) until the renderer answers
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.on('unresponsive', async () => {
    if (!guard.waiting) return;
    const r = await dialog.showMessageBox(win, {
      type: 'warning',
      buttons: ['Close Anyway', 'Wait'],
      defaultId: 1,
      cancelId: 1,
      message: `${PRODUCT_NAME} is not responding.`,
      detail: 'Closing now loses changes made since the last autosave.',
    });
    if (r.response === 0) {
      guard.release();
      win.destroy();
    }
  });
  win.webContents.on('render-process-gone', (_e, details) => {
    console.error(`renderer gone: ${details.reason}`);
    guard.release();
  });
  void win.loadURL(devServerUrl ?? APP_ENTRY_URL);
  return win;
}

/** Navigation, new windows, webviews and external links, for every web contents the app creates. */
function guardWebContents(contents: Electron.WebContents): void {
  const clock = new GestureClock();
  contents.on('input-event', (_e, input) => clock.note(input.type, Date.now()));
  const ctx = () => ({ appOrigins, userGesture: clock.recent(Date.now()) });
  const openExternal = (url: string | null, reason: string) => {
    if (url) void shell.openExternal(url);
    else if (reason) console.warn(reason);
  };
  contents.on('will-frame-navigate', (e) => {
    const d = decideNavigation(e.url, { ...ctx(), isMainFrame: e.isMainFrame });
    if (d.allow) return;
    e.preventDefault();
    openExternal(d.openExternal, d.reason);
  });
  contents.on('will-redirect', (e) => {
    // a redirect is never the user's click: only the app's own origin
    const d = decideNavigation(e.url, { ...ctx(), userGesture: false, isMainFrame: e.isMainFrame });
    if (!d.allow) e.preventDefault();
  });
  contents.setWindowOpenHandler((details) => {
    const d = decideWindowOpen(details.url, ctx());
    openExternal(d.openExternal, d.reason);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
}

async function start(): Promise<void> {
  await app.whenReady();
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((wc, permission, callback, details) => callback(decidePermission(permission, details.requestingUrl ?? wc.getURL(), appOrigins)));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => decidePermission(permission, requestingOrigin, appOrigins));

  const headers = securityHeaders({ dev: false });
  protocol.handle(APP_SCHEME, async (request) => {
    const r = resolveAppRequest(request.url, rendererRoot);
    if (!r.ok) return new Response(r.reason, { status: r.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    try {
      const body = new Uint8Array(await readFile(r.file));
      return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': r.contentType } });
    } catch {
      return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
  });
  if (devServerUrl) {
    // the dev server's responses get the same headers (with the dev CSP) as app:// files do
    const devHeaders = securityHeaders({ dev: true, devServerUrl });
    ses.webRequest.onHeadersReceived({ urls: [`${originOf(devServerUrl)}/*`] }, (details, callback) => {
      const merged: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(details.responseHeaders ?? {})) {
        if (!Object.keys(devHeaders).some((h) => h.toLowerCase() === k.toLowerCase())) merged[k] = Array.isArray(v) ? v : [v];
      }
      for (const [k, v] of Object.entries(devHeaders)) merged[k] = [v];
      callback({ responseHeaders: merged });
    });
  } else if (!existsSync(path.join(rendererRoot, 'index.html'))) {
    dialog.showErrorBox(PRODUCT_NAME, `The app's pages are missing (${rendererRoot}). Build them with \`npm run build:web\`, or start with \`npm start\`.`);
    app.quit();
    return;
  }

  registerIpc();
  await refreshMenu();
  createWindow();
}

app.on('web-contents-created', (_e, contents) => guardWebContents(contents));
app.on('before-quit', () => (quitting = true));
app.on('will-quit', () => training.dispose());
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (app.isReady() && !mainWindow) createWindow();
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return void createWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  start().catch((e: unknown) => {
    dialog.showErrorBox(PRODUCT_NAME, `Could not start: ${(e as Error).stack ?? String(e)}`);
    app.exit(1);
  });
}
