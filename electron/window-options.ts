/**
 * The main window's options and the renderer's security headers, from Electron's security
 * checklist (https://www.electronjs.org/docs/latest/tutorial/security): context isolation,
 * sandbox, no Node in the page, web security on, a strict Content-Security-Policy, and the app
 * served from its own privileged scheme (app://) rather than file://.
 */

export const PRODUCT_NAME = 'Pretrain Lab';
export const APP_SCHEME = 'app';
export const APP_HOST = 'pretrain-lab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before `ready` (protocol.registerSchemesAsPrivileged). `standard` + `secure` make
 * app:// a secure origin with normal relative-URL resolution (so localStorage, IndexedDB, module
 * scripts, workers and fetching .wasm files behave as on https). Not `bypassCSP`.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true, stream: true },
} as const;

export interface WindowOptionsInput {
  preloadPath: string;
  isDev: boolean;
  title?: string;
}

/** BrowserWindow webPreferences: each line is a checklist item. */
export function secureWebPreferences(preloadPath: string, isDev: boolean) {
  return {
    preload: preloadPath,
    contextIsolation: true, // the preload's world is separate from the page's
    sandbox: true, // the renderer is an OS-sandboxed process; the preload gets only a few modules
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true, // same-origin policy stays on
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false, // dropping a file on the window must not navigate to it
    safeDialogs: true,
    spellcheck: false, // the spellchecker downloads dictionaries; the app makes no network requests
    devTools: isDev,
  } as const;
}

export function windowOptions(input: WindowOptionsInput) {
  return {
    title: input.title ?? PRODUCT_NAME,
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false, // shown on ready-to-show, so no white flash
    backgroundColor: '#1e1f22',
    webPreferences: secureWebPreferences(input.preloadPath, input.isDev),
  };
}

/**
 * The production Content-Security-Policy, sent as a response header with every app:// file.
 * renderer/index.html carries a meta CSP too; both apply, so the effective policy is the
 * stricter of the two. This one allows nothing the meta does not (a test checks), and drops the
 * meta's localhost allowances, which only the Vite dev server needs.
 *  - 'wasm-unsafe-eval': tfjs-backend-wasm compiles WebAssembly; no 'unsafe-eval', no inline script.
 *  - worker-src blob:: tfjs and the editor start workers from blob URLs as well as from files.
 *  - style-src 'unsafe-inline': React Flow and the editor position elements with inline styles.
 */
export const PRODUCTION_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'", 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Development (VITE_DEV_SERVER_URL): the Vite server's hot reload needs its websocket, and
 * @vitejs/plugin-react injects one inline module script (the React Refresh preamble) ahead of
 * the page's own meta CSP. Never used for a built app.
 */
export function developmentCsp(devServerUrl: string): Record<string, string[]> {
  const u = new URL(devServerUrl);
  const ws = `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`;
  const csp = Object.fromEntries(Object.entries(PRODUCTION_CSP).map(([k, v]) => [k, [...v]]));
  csp['script-src']!.push("'unsafe-inline'");
  csp['connect-src']!.push(ws, 'ws://localhost:*', 'http://localhost:*');
  return csp;
}

export function formatCsp(csp: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(csp)
    .map(([k, v]) => [k, ...v].join(' '))
    .join('; ');
}

/** Directive -> sources, for a CSP string (header or meta). */
export function parseCsp(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

/**
 * Headers for every response the renderer loads (app:// files; in development, the Vite
 * server's responses).
 *
 * Deliberately not cross-origin isolated (no COOP/COEP): isolation makes tfjs-backend-wasm pick
 * its threaded build, whose pthread workers fail inside the Vite-bundled training worker
 * (measured in Chromium: importScripts of a blob: script is refused by script-src, and with
 * blob: allowed the worker dies on "e is not defined"), so training hangs with no event. Without
 * isolation tfjs uses the single-threaded SIMD build, which trains (build/electron-renderer.test.ts).
 */
export function securityHeaders(mode: { dev: false } | { dev: true; devServerUrl: string }): Record<string, string> {
  return {
    'Content-Security-Policy': formatCsp(mode.dev ? developmentCsp(mode.devServerUrl) : PRODUCTION_CSP),
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/**
 * VITE_DEV_SERVER_URL is honoured only for a server on this machine (and never in a packaged
 * app, which main.ts checks): the window must not load remote content.
 */
export function isLocalDevServer(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
