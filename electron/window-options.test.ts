import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  developmentCsp,
  formatCsp,
  isLocalDevServer,
  parseCsp,
  PRODUCTION_CSP,
  secureWebPreferences,
  securityHeaders,
  windowOptions,
} from './window-options.js';

/** The meta CSP the renderer ships in its index.html. */
function metaCsp(): Map<string, string[]> {
  const html = readFileSync('renderer/index.html', 'utf8');
  const m = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!m) throw new Error('renderer/index.html has no meta CSP');
  return parseCsp(m[1]!);
}

/** The sources a directive allows, falling back to default-src as browsers do. */
const sources = (csp: Map<string, string[]>, d: string) => csp.get(d) ?? csp.get('default-src') ?? [];

describe('the window against Electron\'s security checklist', () => {
  const prefs = secureWebPreferences('/app/preload.cjs', false);

  it('isolates the page: context isolation, sandbox, no Node anywhere', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('keeps web security on and the risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect('enableBlinkFeatures' in prefs).toBe(false);
    expect(prefs.spellcheck).toBe(false); // its dictionaries would be downloaded
    expect(prefs.devTools).toBe(false);
    expect(secureWebPreferences('/p', true).devTools).toBe(true);
  });

  it('loads the app from its own scheme, never remote content', () => {
    expect(APP_ENTRY_URL).toBe('app://pretrain-lab/index.html');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect('bypassCSP' in APP_SCHEME_PRIVILEGES.privileges).toBe(false);
    const w = windowOptions({ preloadPath: '/p', isDev: false });
    expect(w.show).toBe(false);
    expect(w.webPreferences).toEqual(secureWebPreferences('/p', false));
  });

  it('accepts a dev server only on this machine', () => {
    expect(isLocalDevServer('http://localhost:5173')).toBe(true);
    expect(isLocalDevServer('http://127.0.0.1:5173/')).toBe(true);
    expect(isLocalDevServer('http://[::1]:5173/')).toBe(true);
    expect(isLocalDevServer('https://example.com')).toBe(false);
    expect(isLocalDevServer('http://localhost.evil.com:5173')).toBe(false);
    expect(isLocalDevServer('file:///tmp/index.html')).toBe(false);
    expect(isLocalDevServer('http://user:pw@localhost:5173')).toBe(false);
    expect(isLocalDevServer('nonsense')).toBe(false);
  });
});

describe('the Content-Security-Policy', () => {
  const csp = parseCsp(formatCsp(PRODUCTION_CSP));

  it('allows what tfjs needs (wasm, blob workers) and no script from anywhere else', () => {
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    for (const d of ['script-src', 'default-src', 'worker-src', 'connect-src']) {
      const s = sources(csp, d);
      expect(s, d).not.toContain("'unsafe-eval'");
      expect(s, d).not.toContain("'unsafe-inline'");
      expect(s, d).not.toContain('*');
      expect(s.some((x) => /^https?:/.test(x)), d).toBe(false);
    }
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
  });

  it('allows nothing the renderer\'s own meta CSP forbids, and keeps everything it needs but dev servers', () => {
    const meta = metaCsp();
    const directives = new Set([...meta.keys(), ...csp.keys()]);
    for (const d of directives) {
      const header = sources(csp, d);
      const page = sources(meta, d);
      // 'none' is stricter than anything
      if (header.includes("'none'")) continue;
      expect(header.filter((s) => !page.includes(s)), `${d}: the header allows more than the page`).toEqual([]);
      // what the page allows beyond the header is only for the Vite dev server
      expect(page.filter((s) => !header.includes(s)).every((s) => /localhost/.test(s)), `${d}: the header drops something the app needs`).toBe(true);
    }
  });

  it('relaxes only what the Vite dev server needs, in development', () => {
    const dev = developmentCsp('http://localhost:5173');
    expect(dev['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
    expect(dev['connect-src']).toEqual(["'self'", 'ws://localhost:5173', 'ws://localhost:*', 'http://localhost:*']);
    expect(dev['object-src']).toEqual(["'none'"]);
    expect(PRODUCTION_CSP['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]); // not mutated
    // the page's own meta allows the dev server's connections, so hot reload still works under both
    for (const s of metaCsp().get('connect-src')!) expect(dev['connect-src']).toContain(s);
  });

  it('is sent with nosniff, and without cross-origin isolation (it breaks tfjs wasm training)', () => {
    const h = securityHeaders({ dev: false });
    expect(parseCsp(h['Content-Security-Policy']!)).toEqual(csp);
    expect(h['Cross-Origin-Embedder-Policy']).toBeUndefined();
    expect(h['Cross-Origin-Opener-Policy']).toBeUndefined();
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    const d = securityHeaders({ dev: true, devServerUrl: 'http://localhost:5173/' });
    expect(d['Content-Security-Policy']).toContain("'unsafe-inline'");
  });
});
