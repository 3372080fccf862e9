import { z } from 'zod';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import { defineNode } from '../../engine/registry/define-node.js';
import type { TextDocument } from '../../engine/data/data-source.js';
import type { TextSplits } from '../../engine/data/values.js';
import { textCorpus } from './text-corpus.run.js';

export { MIN_VAL_CHARS, splitText } from './text-corpus.run.js';

const params = z.strictObject({
  source: z.enum(['moby-dick', 'sotu', 'brown', 'file']).default('moby-dick'),
  path: z.string().default(''),
  valFraction: z.number().min(0.01).max(0.5).default(0.1),
  maxChars: z.number().int().min(0).default(0),
});
export type TextCorpusParams = z.infer<typeof params>;


export const textCorpusNode = defineNode<TextCorpusParams>({
  type: 'data/text-corpus',
  family: 'data',
  title: 'Text corpus',
  version: 1,
  stage: 'source',
  docs: `Loads a body of text and splits it into training and held-out text.

Built-in corpora: **moby-dick** is Herman Melville's novel (etymology, extracts, 135 chapters and
the epilogue; about 1.2M characters). **sotu** is the State of the Union addresses from 1790 to
2021 (about 10.8M characters), each labelled with its year, president and party. **brown** is the
Brown corpus of 1961 American English (500 samples, about 6M characters) with its part-of-speech
tags removed, each labelled with one of 15 genres. **file** reads \`path\`: one text file, or
every .txt and .md file in a folder and its subfolders, in path order. From the command line a
relative \`path\` is read from the folder \`pretrain-lab\` runs in, not the graph file's (the
desktop app's file picker writes a full path).

Documents are joined by blank lines. The last \`valFraction\` of the characters is held out for
evaluation and never trained on; the cut moves to the nearest document boundary when one is
close, so held-out documents stay whole. \`maxChars\` keeps only the start of the corpus (0 keeps
it all), which makes quick experiments quick.`,
  params,
  inputs: [],
  outputs: [{ name: 'text', type: { dtype: 'string', shape: [], role: 'text' }, doc: 'training and held-out text' }],
  infer({ params: p }) {
    if (p.source === 'file' && p.path.trim() === '') {
      return { issues: [{ param: 'path', message: 'is empty: choose a text file or a folder of .txt/.md files, or pick a built-in source' }] };
    }
  },
  emit: {
    uses: ['graph-nodes/data/text-corpus.run.ts', 'engine/data/node-corpora.ts'],
    code: (e) => `{ text: textCorpus(${e.config}, await readCorpus(${e.config}), ${e.config}.source === 'file' ? \`"\${${e.config}.path}"\` : \`the built-in corpus "\${${e.config}.source}"\`) }`,
  },
  async setup(ctx) {
    const p = ctx.params;
    if (ctx.mode === 'inference') return { outputs: { text: emptySplits() } };
    const what = p.source === 'file' ? `"${p.path}"` : `the built-in corpus "${p.source}"`;
    if (p.source === 'file' && p.path.trim() === '') throw new NodeRunError(ctx.nodeId, 'setting "path" is empty: choose a text file or a folder', undefined);
    ctx.progress?.(`loading ${what}`);
    let loaded: TextDocument[];
    try {
      loaded = p.source === 'file' ? await ctx.data.userText(p.path, p.maxChars) : await ctx.data.builtinCorpus(p.source);
    } catch (e) {
      throw new NodeRunError(ctx.nodeId, `could not load ${what}: ${e instanceof Error ? e.message : String(e)}`, undefined);
    }
    let splits: TextSplits;
    try {
      splits = textCorpus(p, loaded, what);
    } catch (e) {
      throw new NodeRunError(ctx.nodeId, e instanceof Error ? e.message : String(e), undefined);
    }
    return { outputs: { text: splits } };
  },
});

function emptySplits(): TextSplits {
  return { train: '', val: '', documents: [], firstValDocument: -1 };
}
