/**
 * Structured port types. A value flowing along an edge is described by what it *is* (dtype and
 * shape) and what it *means* (role). Shapes mix concrete sizes and named symbols: `B` is the
 * batch, `V` a vocabulary size known only once the tokenizer has seen the corpus.
 */

import type { SpecialName } from './vocabulary.js';

export type Dim = number | string;

export const ROLES = {
  text: 'text corpus',
  'token-stream': 'token stream',
  'token-ids': 'token ids',
  targets: 'targets (token ids)',
  'loss-weights': 'loss weights',
  'attention-mask': 'attention mask',
  hidden: 'hidden states',
  logits: 'logits',
  embedding: 'embeddings',
  image: 'images',
  noise: 'noise',
  timestep: 'timesteps',
  schedule: 'noise schedule',
  loss: 'loss',
  branch: 'objective branch',
  pooled: 'pooled vectors',
  label: 'class labels',
} as const;

export type Role = keyof typeof ROLES;

/** What an output node can feed a model it runs: token ids it writes, images it holds. */
export const FED_ROLES: readonly Role[] = ['token-ids', 'image', 'timestep'];
export type DType = 'float32' | 'int32' | 'string';

export interface TensorType {
  dtype: DType;
  shape: Dim[];
  role: Role;
  /** For integer ids: the size of the id space they index into. */
  vocab?: Dim;
  /**
   * For integer ids: the special tokens the id space is known to hold, when a tokenizer's settings
   * say so. Lets analysis catch, before any data is read, a masking node fed by a tokenizer
   * without [MASK]. Absent means unknown, not none.
   */
  specials?: SpecialTokens;
  /** For integer labels (an objective branch): what each value names, in order. */
  labels?: readonly string[];
}

export interface SpecialTokens {
  names: readonly SpecialName[];
  sentinels: number;
}

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.join(',')}]`;
}

/** "token ids [B,64]" — the phrase diagnostics and the editor use for a type. */
export function describeType(t: TensorType): string {
  if (t.role === 'text' || t.role === 'token-stream' || t.role === 'loss') return ROLES[t.role];
  return `${ROLES[t.role]} ${formatShape(t.shape)}`;
}

export function isSymbol(d: Dim): d is string {
  return typeof d === 'string';
}

/** Replace bound symbols with their values; unbound symbols stay symbolic. */
export function substitute(t: TensorType, bindings: ReadonlyMap<string, Dim>): TensorType {
  const sub = (d: Dim): Dim => (isSymbol(d) && bindings.has(d) ? bindings.get(d)! : d);
  const out: TensorType = { dtype: t.dtype, shape: t.shape.map(sub), role: t.role };
  if (t.vocab !== undefined) out.vocab = sub(t.vocab);
  if (t.specials !== undefined) out.specials = t.specials;
  if (t.labels !== undefined) out.labels = t.labels;
  return out;
}
