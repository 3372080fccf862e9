import * as path from 'node:path';
import { APP_HOST, APP_SCHEME } from './window-options.js';

/**
 * app:// -> a file under the built renderer (dist/renderer). Pure, so the path checks are tested:
 * only the app's host, only files inside the root (no `..`, no encoded separators, no absolute
 * paths), and `/` is index.html.
 */
export type AppRequestResolution = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm', // WebAssembly.instantiateStreaming insists on it
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function resolveAppRequest(url: string, root: string, p: typeof path = path): AppRequestResolution {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { ok: false, status: 404, reason: `not an ${APP_SCHEME}://${APP_HOST} URL` };
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  // `URL` already folded `/a/../b`; what remains suspicious is encoded: %2e%2e, %2f, %5c, NUL
  if (rel.includes('\0') || rel.includes('\\') || rel.split('/').some((s) => s === '..')) return { ok: false, status: 403, reason: 'path leaves the app folder' };
  if (rel === '' || rel === '/') rel = '/index.html';
  const base = p.resolve(root);
  const file = p.resolve(base, '.' + rel);
  if (file !== base && !file.startsWith(base + p.sep)) return { ok: false, status: 403, reason: 'path leaves the app folder' };
  return { ok: true, file, contentType: contentTypeOf(file) };
}
