import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { parseGraph } from '../../../engine/core/serialize.js';
import { analyzeGraph } from '../../../engine/analysis/validate.js';
import { trainerSettings } from '../../../engine/analysis/training-plan.js';
import type { NodeRegistry } from '../../../engine/registry/registry.js';

/** The graphs in samples/, bundled with the app: the gallery's entries. */
const files = import.meta.glob('../../../samples/*.graph.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Sample {
  file: string;
  doc: GraphDocument;
  /** the sample's first note: what its objective is good at */
  about: string;
}

/**
 * The order a person learns them in: next-token prediction first, then filling in (masked),
 * the same GPT on subword tokens, then the objectives that mix both (prefix, span corruption,
 * UL2), then other modalities (contrastive, diffusion). Continued pretraining starts from another
 * sample's run, so it comes last; a sample not listed here goes just before it.
 */
export const LEARNING_ORDER = [
  'causal-lm',
  'masked-lm',
  'causal-lm-bpe',
  'prefix-lm',
  'span-corruption',
  'ul2-mixture',
  'contrastive-clip',
  'diffusion-ddpm',
];
const LAST = ['continued-pretraining'];

function rank(file: string): number {
  const name = file.replace('.graph.json', '');
  const i = LEARNING_ORDER.indexOf(name);
  if (i >= 0) return i;
  return LAST.includes(name) ? LEARNING_ORDER.length + 1 + LAST.indexOf(name) : LEARNING_ORDER.length;
}

export function inLearningOrder<T extends { file: string }>(samples: T[]): T[] {
  return [...samples].sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file));
}

export const SAMPLES: Sample[] = inLearningOrder(
  Object.entries(files).map(([path, text]) => {
    const doc = parseGraph(text);
    return { file: path.split('/').pop()!, doc, about: doc.notes[0]?.text ?? '' };
  }),
);

/** How long a sample trains and how big it is, as the engine reads the graph: what a card says before one commits to "Open and train". */
export interface SampleScale {
  steps: number | null;
  parameters: number;
  /** the count took a size only the data fixes (a character vocabulary), or left a node out */
  approximate: boolean;
}

export function sampleScale(doc: GraphDocument, registry: NodeRegistry): SampleScale {
  const { sizes, ...analysis } = analyzeGraph(doc, registry);
  return { steps: trainerSettings(analysis)?.steps ?? null, parameters: sizes.parameters, approximate: sizes.assumed.length > 0 || sizes.uncounted.length > 0 };
}
