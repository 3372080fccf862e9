import type { Vocabulary } from '../core/vocabulary.js';

/**
 * Values that flow between source-stage nodes (computed once, before training).
 * Port roles name them: a `text` port carries TextSplits, a `token-stream` port a TokenStream.
 */

/** One document of a corpus: a chapter, an address, a file. */
export interface TextDocument {
  /** e.g. "chapter_1", "1790_george_washington" or a file's path */
  name: string;
  text: string;
  /** labels the document carries (SOTU: year, president, party; Brown: genre) */
  meta?: Record<string, string | number>;
}

export interface TextSplits {
  /** training text: the documents before the held-out ones, joined by blank lines */
  train: string;
  /** held-out text, never trained on */
  val: string;
  /** the documents, for nodes that need their labels */
  documents: TextDocument[];
  /** index into `documents` of the first held-out one (-1 when the split falls inside a document) */
  firstValDocument: number;
}

export interface TokenStream {
  train: Int32Array;
  val: Int32Array;
  vocabulary: Vocabulary;
}
