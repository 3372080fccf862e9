import type { TextDocument, TextSplits } from '../../engine/data/values.js';

const SEPARATOR = '\n\n';
/** Below this the held-out loss is too noisy to mean anything. */
export const MIN_VAL_CHARS = 1000;

/**
 * The corpus's documents as training and held-out text: line endings made "\n", empty documents
 * dropped, cut to `maxChars`, then split. `what` names the corpus in error messages.
 */
export function textCorpus(p: { valFraction: number; maxChars: number }, loaded: TextDocument[], what: string): TextSplits {
  const documents = truncate(
    loaded.map((d) => ({ ...d, text: d.text.replace(/\r\n?/g, '\n') })).filter((d) => d.text.trim() !== ''),
    p.maxChars,
  );
  if (documents.length === 0) throw new Error(`${what} has no text in it`);
  const splits = splitText(documents, p.valFraction);
  const total = splits.train.length + splits.val.length;
  if (splits.val.length < MIN_VAL_CHARS && total > MIN_VAL_CHARS) {
    const suggestion = Math.min(0.5, Math.ceil((MIN_VAL_CHARS / total) * 100) / 100);
    throw new Error(
      `the held-out text from ${what} is only ${splits.val.length} characters (at least ${MIN_VAL_CHARS} are needed to measure anything); ` +
        (suggestion * total >= MIN_VAL_CHARS ? `raise valFraction to ${suggestion}` : 'use more text') +
        (p.maxChars > 0 ? ' or a larger maxChars' : ''),
    );
  }
  return splits;
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
