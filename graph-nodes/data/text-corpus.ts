import { z } from 'zod';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import { defineNode } from '../../engine/registry/define-node.js';
import type { TextDocument } from '../../engine/data/data-source.js';
import type { TextSplits } from '../../engine/data/values.js';

const params = z.strictObject({
  source: z.enum(['moby-dick', 'sotu', 'brown', 'file']).default('moby-dick'),
  path: z.string().default(''),
  valFraction: z.number().min(0.01).max(0.5).default(0.1),
  maxChars: z.number().int().min(0).default(0),
});
export type TextCorpusParams = z.infer<typeof params>;

const SEPARATOR = '\n\n';
/** Below this the held-out loss is too noisy to mean anything. */
export const MIN_VAL_CHARS = 1000;

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
every .txt and .md file in a folder and its subfolders, in path order.

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
  async setup(ctx) {
    const p = ctx.params;
    if (ctx.mode === 'inference') return { outputs: { text: emptySplits() } };
    const what = p.source === 'file' ? `"${p.path}"` : `the built-in corpus "${p.source}"`;
    if (p.source === 'file' && p.path.trim() === '') throw new NodeRunError(ctx.nodeId, 'setting "path" is empty: choose a text file or a folder', undefined);
    ctx.progress?.(`loading ${what}`);
    let loaded: TextDocument[];
    try {
      loaded = p.source === 'file' ? await ctx.data.userText(p.path) : await ctx.data.builtinCorpus(p.source);
    } catch (e) {
      throw new NodeRunError(ctx.nodeId, `could not load ${what}: ${e instanceof Error ? e.message : String(e)}`, undefined);
    }
    const documents = truncate(
      loaded.map((d) => ({ ...d, text: d.text.replace(/\r\n?/g, '\n') })).filter((d) => d.text.trim() !== ''),
      p.maxChars,
    );
    if (documents.length === 0) throw new NodeRunError(ctx.nodeId, `${what} has no text in it`, undefined);
    const splits = splitText(documents, p.valFraction);
    const total = splits.train.length + splits.val.length;
    if (splits.val.length < MIN_VAL_CHARS && total > MIN_VAL_CHARS) {
      const suggestion = Math.min(0.5, Math.ceil((MIN_VAL_CHARS / total) * 100) / 100);
      throw new NodeRunError(
        ctx.nodeId,
        `the held-out text from ${what} is only ${splits.val.length} characters (at least ${MIN_VAL_CHARS} are needed to measure anything); ` +
          (suggestion * total >= MIN_VAL_CHARS ? `raise valFraction to ${suggestion}` : 'use more text') +
          (p.maxChars > 0 ? ' or a larger maxChars' : ''),
        undefined,
      );
    }
    return { outputs: { text: splits } };
  },
});

function emptySplits(): TextSplits {
  return { train: '', val: '', documents: [], firstValDocument: -1 };
}

/** The first `maxChars` characters of the joined corpus, cutting the last document short. */
function truncate(docs: TextDocument[], maxChars: number): TextDocument[] {
  if (maxChars <= 0) return docs;
  const out: TextDocument[] = [];
  let used = 0;
  for (const d of docs) {
    const room = maxChars - used - (out.length ? SEPARATOR.length : 0);
    if (room <= 0) break;
    out.push(d.text.length <= room ? d : { ...d, text: d.text.slice(0, room) });
    used += (out.length > 1 ? SEPARATOR.length : 0) + Math.min(room, d.text.length);
  }
  return out;
}

/**
 * Hold out the last `valFraction` of the characters. A document boundary within 5% of the corpus
 * of the cut is used instead, so held-out documents stay whole (and their labels stay meaningful)
 * — but never one that would shrink the held-out text below half its intended size.
 */
export function splitText(documents: TextDocument[], valFraction: number): TextSplits {
  const joined = documents.map((d) => d.text).join(SEPARATOR);
  const total = joined.length;
  const cut = total - Math.max(1, Math.round(total * valFraction));
  const window = Math.min(0.05 * total, 0.5 * (total - cut));
  let best = -1;
  let bestStart = 0;
  for (let i = 1, start = 0; i < documents.length; i++) {
    start += documents[i - 1]!.text.length + SEPARATOR.length;
    const distance = Math.abs(start - cut);
    if (distance <= window && (best < 0 || distance < Math.abs(bestStart - cut))) [best, bestStart] = [i, start];
  }
  if (best > 0) {
    return { train: joined.slice(0, bestStart - SEPARATOR.length), val: joined.slice(bestStart), documents, firstValDocument: best };
  }
  return { train: joined.slice(0, cut), val: joined.slice(cut), documents, firstValDocument: -1 };
}
