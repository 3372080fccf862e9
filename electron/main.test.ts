import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fake from './test-support/fake-electron.js';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, windowOptions } from './window-options.js';
import { flattenMenu, type MenuItemSpec } from './menu.js';
import { findTorchPython } from '../engine/export-torch/node-python.js';

/**
 * main.ts against a stand-in for Electron (test-support/fake-electron.ts): what it registers
 * before `ready`, the window it opens, the app:// files it serves, every IPC channel end to end
 * (with real files in a temporary folder), the navigation guard, the menu and the close flow.
 * What this cannot show is Electron itself honouring those settings: that needs the binary.
 */
vi.mock('electron', () => import('./test-support/fake-electron.js'));

const here = fileURLToPath(new URL('.', import.meta.url));
const fromApp = { senderFrame: { url: APP_ENTRY_URL, parent: null } };
let tmp: string;
let win: fake.BrowserWindow;

async function invoke(channel: string, params: unknown, event: unknown = fromApp): Promise<any> {
  const h = fake.ipcMain.handlers.get(channel);
  if (!h) throw new Error(`no handler for ${channel}`);
  return h(event, params);
}
const lastMenu = () => flattenMenu(fake.state.menus.at(-1) as MenuItemSpec[]);
const sent = (channel: string) => win.webContents.sent.filter(([c]) => c === channel).map(([, p]) => p);

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'pretrain-lab-main-'));
  fake.state.appData = tmp;
  delete process.env.VITE_DEV_SERVER_URL;
  await import('./main.js');
  fake.app.fireReady();
  await vi.waitFor(() => expect(fake.BrowserWindow.instances).toHaveLength(1));
  win = fake.BrowserWindow.instances[0]!;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('main process wiring', () => {
  it('before ready: registers app:// as privileged, fixes the user-data folder, enables the sandbox', () => {
    expect(fake.state.schemes).toEqual([APP_SCHEME_PRIVILEGES]);
    expect(fake.state.name).toBe('Pretrain Lab');
    expect(fake.state.paths.userData).toBe(join(tmp, 'Pretrain Lab'));
    expect(fake.state.sandbox).toBe(true);
  });

  it('opens one secure window on the app\'s own scheme', () => {
    expect(win.options).toEqual(windowOptions({ preloadPath: join(here, 'preload.cjs'), isDev: true }));
    expect(win.url).toBe(APP_ENTRY_URL);
  });

  it('serves the renderer over app:// with the security headers, and nothing outside it', async () => {
    const handle = fake.state.protocolHandlers.get('app')!;
    const ok = await handle({ url: 'app://pretrain-lab/index.html' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toContain('<div id="root"></div>');
    expect((await handle({ url: 'app://pretrain-lab/no-such-file.js' })).status).toBe(404);
    expect((await handle({ url: 'app://pretrain-lab/..%2f..%2fpackage.json' })).status).toBe(403);
    expect((await handle({ url: 'app://elsewhere/index.html' })).status).toBe(404);
  });

  it('grants the page no permissions beyond clipboard writing and full screen', () => {
    const answers: boolean[] = [];
    fake.state.permissionRequest!({}, 'media', (ok) => answers.push(ok), { requestingUrl: APP_ENTRY_URL });
    fake.state.permissionRequest!({}, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: APP_ENTRY_URL });
    expect(answers).toEqual([false, true]);
    expect(fake.state.permissionCheck!({}, 'geolocation', 'app://pretrain-lab')).toBe(false);
  });

  it('answers every channel, only for the app\'s page', async () => {
    expect(fake.ipcMain.handlers.size).toBe(15);
    await expect(invoke('recent:list', {}, { senderFrame: { url: 'https://evil.example/', parent: null } })).rejects.toThrow(/refused a message/);
    await expect(invoke('recent:list', { extra: true })).rejects.toThrow('ipc "recent:list": invalid params: params: unexpected field "extra"');
  });

  it('titles the window from the renderer\'s state', async () => {
    await invoke('window:set-state', { title: 'gpt', dirty: true });
    expect(win.title).toBe(process.platform === 'darwin' ? 'gpt — Pretrain Lab' : '• gpt — Pretrain Lab');
    await invoke('window:set-state', { title: 'gpt', dirty: false });
    expect(win.title).toBe('gpt — Pretrain Lab');
  });

  it('saves only where the user chose, atomically, and remembers the file', async () => {
    const file = join(tmp, 'Documents', 'mine.graph.json');
    mkdirSync(join(tmp, 'Documents'), { recursive: true });
    await expect(invoke('file:save', { path: file, text: '{}' })).rejects.toThrow(`"${file}" was not opened or chosen in this session; use Save As`);
    expect(existsSync(file)).toBe(false);

    expect(await invoke('file:save-as', { text: '{"v":1}', suggestedName: '../../evil/mine.graph.json' })).toBeNull(); // cancelled
    const saveDialog = fake.state.dialogs.at(-1)!.options as { defaultPath: string };
    expect(saveDialog.defaultPath).toBe(join(tmp, 'Documents', 'mine.graph.json')); // only the name is taken from the renderer

    fake.state.nextSave = file;
    expect(await invoke('file:save-as', { text: '{"v":1}' })).toEqual({ path: file, name: 'mine.graph.json' });
    expect(readFileSync(file, 'utf8')).toBe('{"v":1}');
    expect(await invoke('file:save', { path: file, text: '{"v":2}' })).toEqual({ path: file, name: 'mine.graph.json' });
    expect(readFileSync(file, 'utf8')).toBe('{"v":2}');

    const recent = await invoke('recent:list', {});
    expect(recent.map((f: { path: string }) => f.path)).toEqual([file]);
    expect(JSON.parse(readFileSync(join(tmp, 'Pretrain Lab', 'recent-files.json'), 'utf8')).files[0].path).toBe(file);
    expect(lastMenu().find((i) => i.label === 'mine.graph.json')?.toolTip).toBe(file);
    expect(fake.state.recentDocuments).toContain(file);
  });

  it('exports a program where the user chose, as TypeScript, without making it a graph file', async () => {
    mkdirSync(join(tmp, 'Documents'), { recursive: true });
    const before = (await invoke('recent:list', {})).length;
    expect(await invoke('file:export', { text: 'main();\n', suggestedName: '../../evil/causal-lm.ts' })).toBeNull(); // cancelled
    const options = fake.state.dialogs.at(-1)!.options as { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] };
    expect(options.title).toBe('Export as TypeScript');
    expect(options.defaultPath).toBe(join(tmp, 'Documents', 'causal-lm.ts')); // only the name is taken from the renderer
    expect(options.filters[0]).toEqual({ name: 'TypeScript program', extensions: ['ts'] });

    const file = join(tmp, 'Documents', 'gpt.ts');
    fake.state.nextSave = file;
    expect(await invoke('file:export', { text: 'main();\n', suggestedName: 'causal-lm.ts' })).toEqual({ path: file, name: 'gpt.ts' });
    expect(readFileSync(file, 'utf8')).toBe('main();\n');
    // not a graph: not in the recent list, and Save cannot write there
    expect((await invoke('recent:list', {})).length).toBe(before);
    await expect(invoke('file:save', { path: file, text: '{}' })).rejects.toThrow('was not opened or chosen in this session');
    await expect(invoke('file:export', { text: 'x', suggestedName: '' })).rejects.toThrow('params.suggestedName: must not be empty');
  });

  it('opens a chosen file and files from the recent list, and only those', async () => {
    const file = join(tmp, 'other.graph.json');
    writeFileSync(file, '{"name":"other"}');
    expect(await invoke('file:open', {})).toBeNull(); // cancelled
    fake.state.nextOpen = file;
    expect(await invoke('file:open', {})).toEqual({ path: file, name: 'other.graph.json', text: '{"name":"other"}' });
    expect(await invoke('file:open-recent', { path: file })).toMatchObject({ text: '{"name":"other"}' });
    await expect(invoke('file:open-recent', { path: '/etc/passwd' })).rejects.toThrow('"/etc/passwd" is not in the recent files list');
    // a recent file that has gone: a clear error, and it leaves the list
    unlinkSync(file);
    await expect(invoke('file:open-recent', { path: file })).rejects.toThrow(`"${file}" no longer exists`);
    expect((await invoke('recent:list', {})).map((f: { path: string }) => f.path)).not.toContain(file);
    expect((await invoke('recent:clear', {}))).toEqual([]);
    expect(lastMenu().find((i) => i.label === 'No Recent Files')).toBeDefined();
  });

  it('reads a data node\'s folder for the renderer', async () => {
    const folder = join(tmp, 'corpus');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'alpha');
    fake.state.nextOpen = folder;
    const picked = await invoke('data:pick', { kind: 'folder' });
    expect(picked).toEqual({ name: 'corpus', path: folder, files: [{ name: 'a.txt', text: 'alpha' }] });
    expect((fake.state.dialogs.at(-1)!.options as { properties: string[] }).properties).toEqual(['openDirectory']);
  });

  it('trains only on files and folders the user picked (a renderer cannot name any path)', async () => {
    const doc = JSON.parse(readFileSync('samples/causal-lm.graph.json', 'utf8'));
    const corpus = doc.nodes.find((n: { type: string }) => n.type === 'data/text-corpus');
    corpus.params = { ...corpus.params, source: 'file', path: '/etc/hostname' };
    await expect(invoke('train:node-start', { doc })).rejects.toThrow('node corpus: path "/etc/hostname" was not chosen in this session');
    // the folder picked in the test above passes this check (and meets the next: is tfjs-node here?)
    corpus.params.path = join(tmp, 'corpus', 'a.txt');
    const a = await invoke('train:node-available', {});
    if (!a.available) await expect(invoke('train:node-start', { doc })).rejects.toThrow(/is installed/);
  });

  it('says tfjs-node training is unavailable where the package is absent', async () => {
    const a = await invoke('train:node-available', {});
    if (a.available) return; // installed on this machine: nothing to check here
    expect(a.reason).toMatch(/neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node is installed/);
    const doc = JSON.parse(readFileSync('samples/causal-lm.graph.json', 'utf8'));
    await expect(invoke('train:node-start', { doc })).rejects.toThrow(/is installed/);
  });

  it('offers PyTorch where a local Python imports torch, and exports only where the person chose, reading only picked files', async () => {
    const a = await invoke('train:pytorch-available', {});
    expect(a.available).toBe(findTorchPython() !== null);
    expect(a.reason).toMatch(a.available ? /imports torch/ : /no Python that imports torch/);
    const doc = JSON.parse(readFileSync('samples/causal-lm.graph.json', 'utf8'));
    expect(await invoke('file:export-pytorch', { doc, suggestedName: '../../evil/causal-lm.py' })).toBeNull(); // cancelled
    const options = fake.state.dialogs.at(-1)!.options as { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] };
    expect(options.title).toBe('Export as PyTorch');
    expect(options.defaultPath).toBe(join(tmp, 'Documents', 'causal-lm.py'));
    expect(options.filters[0]).toEqual({ name: 'PyTorch program', extensions: ['py'] });
    // a corpus file nobody picked is refused before anything reads it (the export runs the data nodes)
    const corpus = doc.nodes.find((n: { type: string }) => n.type === 'data/text-corpus');
    corpus.params = { ...corpus.params, source: 'file', path: '/etc/hostname' };
    const dialogs = fake.state.dialogs.length;
    await expect(invoke('file:export-pytorch', { doc, suggestedName: 'gpt.py' })).rejects.toThrow('node corpus: path "/etc/hostname" was not chosen in this session');
    expect(fake.state.dialogs.length).toBe(dialogs); // refused before asking where to save
    await expect(invoke('train:node-start', { doc, backend: 'pytorch' })).rejects.toThrow('node corpus: path "/etc/hostname" was not chosen in this session');
    expect(existsSync(join(tmp, 'Documents', 'gpt.py'))).toBe(false);
    // the renderer names its runs' folders, inside the app's runs only; a resumed one must be there
    if (a.available) {
      corpus.params.source = 'moby-dick';
      await expect(invoke('train:node-start', { doc, backend: 'pytorch', runName: '../../elsewhere', resume: true })).rejects.toThrow('"../../elsewhere" is not a run name');
      await expect(invoke('train:node-start', { doc, backend: 'pytorch', runName: 'never-ran', resume: true })).rejects.toThrow('there is no run "never-ran"');
    }
  });

  it('sends menu commands to the renderer', () => {
    lastMenu().find((i) => i.label === 'Save')!.click!();
    expect(sent('menu:command').at(-1)).toEqual({ command: 'save' });
  });

  it('keeps the page from leaving, opening windows or webviews; a clicked link opens in the browser', () => {
    const navigate = (url: string) => {
      let prevented = false;
      win.webContents.emit('will-frame-navigate', { url, isMainFrame: true, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate(APP_ENTRY_URL)).toBe(false);
    expect(navigate('https://example.com/paper')).toBe(true);
    expect(fake.state.openedExternal).toEqual([]); // no click: not opened
    win.webContents.emit('input-event', {}, { type: 'mouseDown' });
    expect(navigate('https://example.com/paper')).toBe(true);
    expect(fake.state.openedExternal).toEqual(['https://example.com/paper']);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com/b' })).toEqual({ action: 'deny' });
    expect(fake.state.openedExternal).toEqual(['https://example.com/paper', 'https://example.com/b']);
    let webview = false;
    win.webContents.emit('will-attach-webview', { preventDefault: () => (webview = true) });
    expect(webview).toBe(true);
  });

  it('asks the renderer before closing with unsaved changes, and closes only when it agrees', async () => {
    await invoke('window:set-state', { title: 'gpt', dirty: true });
    win.close();
    expect(win.closed).toBe(false);
    expect(sent('close:request')).toEqual([{ requestId: 1 }]);
    win.close(); // clicked again while the renderer is asking: no second question
    expect(sent('close:request')).toHaveLength(1);
    await invoke('close:answer', { requestId: 1, proceed: false }); // "Cancel"
    await new Promise((r) => setImmediate(r));
    expect(win.closed).toBe(false);

    win.close();
    expect(sent('close:request')).toEqual([{ requestId: 1 }, { requestId: 2 }]);
    await invoke('close:answer', { requestId: 2, proceed: true }); // "Don't save"
    await new Promise((r) => setImmediate(r));
    expect(win.closed).toBe(true);
    if (process.platform !== 'darwin') expect(fake.state.quits).toBe(1);
  });
});
