import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { contentTypeOf, resolveAppRequest } from './app-protocol.js';

const root = path.resolve('/srv/app/dist/renderer');

describe('app:// requests', () => {
  it('serves files under the renderer folder, index.html for the root', () => {
    expect(resolveAppRequest('app://pretrain-lab/', root)).toEqual({ ok: true, file: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest('app://pretrain-lab', root)).toMatchObject({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppRequest('app://pretrain-lab/assets/index-abc.js?v=1#x', root)).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest('app://pretrain-lab/assets/my%20font.woff2', root)).toMatchObject({ ok: true, file: path.join(root, 'assets', 'my font.woff2') });
  });

  it('never leaves the folder', () => {
    const inside = (f: string) => f.startsWith(root + path.sep);
    for (const url of [
      'app://pretrain-lab/../../etc/passwd', // folded by URL parsing: stays inside
      'app://pretrain-lab/%2e%2e/%2e%2e/etc/passwd', // WHATWG folds encoded dots too
      'app://pretrain-lab/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://pretrain-lab/..%5c..%5cwindows%5cwin.ini',
      'app://pretrain-lab/a%00.js',
      'app://pretrain-lab//etc/passwd',
    ]) {
      const r = resolveAppRequest(url, root);
      expect(r.ok ? inside(r.file) : r.status === 403, url).toBe(true);
    }
    // an encoded separator or NUL is refused outright
    expect(resolveAppRequest('app://pretrain-lab/assets/..%2f..%2f..%2fetc%2fpasswd', root)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest('app://pretrain-lab/..%5c..%5cwin.ini', root)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest('app://pretrain-lab/a%00.js', root)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest('app://pretrain-lab/%E0%A4%A', root)).toMatchObject({ ok: false, status: 400 });
  });

  it('answers only for the app\'s host and scheme', () => {
    expect(resolveAppRequest('app://other-host/index.html', root)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest('https://pretrain-lab/index.html', root)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest('::', root)).toMatchObject({ ok: false, status: 400 });
  });

  it('names the content types the renderer loads (wasm must be application/wasm)', () => {
    expect(contentTypeOf('x.wasm')).toBe('application/wasm');
    expect(contentTypeOf('x.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('x.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('x.woff2')).toBe('font/woff2');
    expect(contentTypeOf('x.bin')).toBe('application/octet-stream');
  });
});
