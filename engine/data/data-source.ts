import type { CheckpointSource } from './checkpoint-source.js';
import type { TextDocument } from './values.js';

export type { TextDocument } from './values.js';

/**
 * Where data nodes get bytes from. The engine never touches `fs` or the network itself: the CLI
 * supplies a Node implementation (engine/data/node-data-source.ts), the app a browser one.
 */

export const BUILTIN_CORPORA = ['moby-dick', 'sotu', 'brown'] as const;
export type BuiltinCorpus = (typeof BUILTIN_CORPORA)[number];

export interface DataSource {
  /** A built-in corpus, in its natural order (chapters, years, Brown file order). */
  builtinCorpus(name: BuiltinCorpus): Promise<TextDocument[]>;
  /**
   * A user's text file, or every .txt/.md file under a folder (sorted by path); with `maxChars`
   * > 0 it may stop reading once it has that many characters (the corpus node keeps no more).
   */
  userText(path: string, maxChars?: number): Promise<TextDocument[]>;
  /** MNIST's handwritten digits: per digit 0..9, its 28x28 images (pixels 0..1, row by row), concatenated */
  mnistDigits?(): Promise<Float32Array[]>;
  /** finished runs, for checkpoint nodes (continued pretraining); absent where runs cannot be read */
  checkpoints?: CheckpointSource;
}
