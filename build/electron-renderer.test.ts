import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Request } from '@playwright/test';
import { build } from 'vite';
import { resolveAppRequest } from '../electron/app-protocol.js';
import { securityHeaders } from '../electron/window-options.js';
import type { FromWorkerMessage, ToWorkerMessage } from '../renderer/worker/protocol.js';
import { tinyGraph } from '../test/support/tiny-graphs.js';
import type { GraphDocument } from '../engine/core/graph-document.js';

/**
 * The headers Electron's main process sends with every app:// file (the production CSP, ...),
 * applied to the real built renderer in Chromium: the page loads without a CSP violation, and
 * its training worker trains on wasm under them. Served over http://localhost by the same
 * resolveAppRequest + securityHeaders that main.ts uses (Electron itself cannot be run here).
 * This is what found that cross-origin isolation breaks tfjs wasm training (window-options.ts).
 */
const repo = fileURLToPath(new URL('..', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const outDir = join(repo, '.tmp', `electron-renderer-${process.pid}`);
let server: Server;
let browser: Browser;
let base = '';

describe.skipIf(!existsSync(chromiumPath))(`the built renderer under Electron's headers (Chromium at ${chromiumPath})`, () => {
  beforeAll(async () => {
    await build({ configFile: join(repo, 'build', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const headers = securityHeaders({ dev: false });
    server = createServer(async (req, res) => {
      const r = resolveAppRequest(`app://pretrain-lab${req.url ?? '/'}`, outDir);
      const body = r.ok ? await readFile(r.file).catch(() => null) : null;
      if (!r.ok || !body) return void res.writeHead(r.ok ? 404 : r.status).end();
      res.writeHead(200, { ...headers, 'Content-Type': r.contentType }).end(body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  async function openApp() {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // zod 4 probes once whether eval is allowed (`try { Function('') } catch {}`) and does
      // without: a reported but harmless violation (z.config({ jitless: true }) would skip it)
      if (/Refused to load eval \(script-src\)/.test(m.text())) return;
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load ${e.blockedURI} (${e.violatedDirective}) at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} sample=${e.sample}`));
    });
    await page.goto(`${base}/index.html`);
    await page.waitForLoadState('networkidle');
    return { page, problems };
  }
  // One page for every test: each starts its own training worker in it, or opens a tab. A page
  // load is a few seconds of this file; `problems` holds everything the page reported since it
  // loaded, so each test still sees a violation that any step before it caused.
  let opened: ReturnType<typeof openApp> | undefined;
  const app = () => (opened ??= openApp());

  it('loads the app with no CSP violation or page error', async () => {
    const { page, problems } = await app();
    await page.waitForTimeout(1000);
    expect(problems).toEqual([]);
    expect(await page.locator('#root').innerHTML()).not.toBe(''); // React rendered
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  });

  /** Start the built training worker in the page on `doc` and collect its events until the final one. */
  async function trainInWorker(page: Awaited<ReturnType<typeof openApp>>['page'], runId: string, doc: GraphDocument, steps: number) {
    const worker = readdirSync(join(outDir, 'assets')).find((f) => /^training-worker-.*\.js$/.test(f));
    expect(worker, 'the build emits the training worker').toBeDefined();
    const start: ToWorkerMessage = { type: 'start', payload: { runId, doc, backend: 'wasm', steps, resume: false } };
    return page.evaluate(
      ({ url, start }) =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          const w = new Worker(url, { type: 'module' });
          const timer = setTimeout(() => resolve([...seen, 'timeout']), 90_000);
          w.onerror = (e) => seen.push(`worker error: ${e.message}`);
          w.onmessage = (e: MessageEvent<FromWorkerMessage>) => {
            const m = e.data;
            if (m.type === 'event') {
              for (const ev of m.payload.events) seen.push(ev.event === 'backend' ? `backend:${ev.backend}` : ev.event === 'error' ? `error: ${ev.message}` : ev.event);
              if (m.payload.final) {
                clearTimeout(timer);
                resolve(seen);
              }
            } else seen.push(`${m.type}: ${JSON.stringify(m.payload).slice(0, 200)}`);
          };
          w.postMessage(start);
        }),
      { url: `./assets/${worker}`, start },
    );
  }

  it('trains in the renderer\'s worker on wasm under the production CSP', async () => {
    const { page, problems } = await app();
    const events = await trainInWorker(page, 'csp-check', tinyGraph('causal-lm'), 3);
    expect(events[0]).toBe('backend:wasm');
    expect(events.filter((e) => e === 'step')).toHaveLength(3);
    expect(events.at(-1)).toBe('done');
    expect(problems).toEqual([]);
  });

  it('reads MNIST in the worker (the digits\' JSON assets, fetched) under the production CSP', async () => {
    const { page, problems } = await app();
    const fetched: string[] = [];
    const digits = (r: Request) => {
      if (/\/assets\/\d-[\w-]+\.json$/.test(r.url())) fetched.push(r.url());
    };
    page.on('requestfinished', digits);
    const events = await trainInWorker(page, 'csp-mnist', tinyGraph('contrastive-clip'), 2);
    expect(events[0]).toBe('backend:wasm');
    expect(events.filter((e) => e === 'step')).toHaveLength(2);
    expect(events).toContain('output'); // the zero-shot table, computed on MNIST's held-out images
    expect(events.at(-1)).toBe('done');
    page.off('requestfinished', digits);
    expect(fetched).toHaveLength(10);
    expect(problems).toEqual([]);
  });

  it('writes the TypeScript tab\'s program, and its language service answers, under the production CSP', async () => {
    const { page, problems } = await app();
    await page.getByTestId('gallery-item-causal-lm').getByTestId('gallery-open').click(); // the gallery opens on first start
    await page.getByTestId('tab-typescript').click();
    await page.getByTestId('typescript-status').filter({ hasText: 'a standalone training program' }).waitFor({ timeout: 280_000 });
    // the TypeScript worker starts and answers: hovering the `tf` of the program's first import
    await page.locator('.view-line span', { hasText: "'@tensorflow/tfjs'" }).first().waitFor();
    const box = (await page.locator('.view-line span', { hasText: /^\s*tf\s*$/ }).first().boundingBox())!;
    let hover = '';
    for (let i = 0; i < 20 && !hover.includes('import tf'); i++) {
      await page.mouse.move(box.x - 30, box.y - 30);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
      await page.waitForTimeout(1500);
      hover = (await page.locator('.monaco-hover').allInnerTexts()).join(' ');
    }
    expect(hover).toContain('import tf');
    expect(problems).toEqual([]);
  });
});
