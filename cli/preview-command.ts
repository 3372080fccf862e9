import { GraphError, NodeRunError } from '../engine/core/diagnostics.js';
import type { HostTensor } from '../engine/core/host-tensor.js';
import type { Vocabulary } from '../engine/core/vocabulary.js';
import { nodeValues, FIRST_TRAINING_BATCH, type NodeValue } from '../engine/compile/node-values.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import type { TextSplits, TokenStream } from '../engine/data/values.js';
import type { Split } from '../engine/registry/define-node.js';
import { createRegistry } from '../graph-nodes/index.js';
import { loadGraphFile, printDiagnostics } from './load-graph-file.js';
import { intOption, UsageError, type Options } from './command.js';

/** Source values are whole corpora: a preview shows their start. */
const TEXT_CHARS = 2000;
const STREAM_TOKENS = 300;
/** examples the human output decodes (--json has them all) */
const SHOWN_EXAMPLES = 4;

/** One port as `preview --json` prints it. */
export interface PreviewPort {
  dtype: string;
  shape: number[];
  values: unknown;
  /** token ids, decoded: one string per example (per row of the last axis), special tokens by name */
  text?: string[];
  role: string;
  /** for a source value cut short: its full length */
  length?: number;
}

function nested(data: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length <= 1) return Array.from(data);
  const [head, ...rest] = shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: head! }, (_, i) => nested(Array.prototype.slice.call(data, i * step, (i + 1) * step), rest));
}

function decodeRows(data: ArrayLike<number>, width: number, vocabulary: Vocabulary): string[] {
  const rows: string[] = [];
  for (let start = 0; start < data.length; start += width) rows.push(vocabulary.decode(Array.prototype.slice.call(data, start, start + width)));
  return rows;
}

function port(v: NodeValue, split: Split): PreviewPort {
  const role = v.type.role;
  if (role === 'text') {
    const text = (v.value as TextSplits)[split];
    return { dtype: 'string', shape: [], role, values: text.slice(0, TEXT_CHARS), length: [...text].length };
  }
  if (role === 'token-stream') {
    const stream = v.value as TokenStream;
    const ids = stream[split].subarray(0, STREAM_TOKENS);
    return { dtype: 'int32', shape: [ids.length], role, values: Array.from(ids), text: [stream.vocabulary.decode(Array.from(ids))], length: stream[split].length };
  }
  const t = v.value as HostTensor | undefined;
  if (!t || !('data' in (t as object))) return { dtype: v.type.dtype, shape: [], role, values: null };
  const out: PreviewPort = { dtype: t.dtype, shape: t.shape, role, values: nested(t.data, t.shape) };
  if (v.vocabulary && t.dtype === 'int32' && (role === 'token-ids' || role === 'targets') && t.shape.length > 0) out.text = decodeRows(t.data, t.shape[t.shape.length - 1]!, v.vocabulary);
  return out;
}

function humanPort(name: string, p: PreviewPort): string {
  const lines = [`${name}: ${p.dtype} [${p.shape.join(',')}] ${p.role}${p.length !== undefined ? ` (the first of ${p.length.toLocaleString('en-US')})` : ''}`];
  if (p.text) {
    p.text.slice(0, SHOWN_EXAMPLES).forEach((t, i) => lines.push(`  ${p.text!.length > 1 ? `${i}: ` : ''}${JSON.stringify(t)}`));
    if (p.text.length > SHOWN_EXAMPLES) lines.push(`  ... ${p.text.length - SHOWN_EXAMPLES} more (--json shows every value)`);
  } else if (typeof p.values === 'string') {
    lines.push(`  ${JSON.stringify(p.values.slice(0, 300))}${p.values.length > 300 ? '...' : ''}`);
  } else if (Array.isArray(p.values)) {
    const rows = p.shape.length > 1 ? (p.values as unknown[]) : [p.values];
    rows.slice(0, SHOWN_EXAMPLES).forEach((r, i) => lines.push(`  ${rows.length > 1 ? `${i}: ` : ''}${JSON.stringify(r)}`));
    if (rows.length > SHOWN_EXAMPLES) lines.push(`  ... ${rows.length - SHOWN_EXAMPLES} more (--json shows every value)`);
  }
  return lines.join('\n');
}

export async function previewCommand(pos: string[], o: Options): Promise<number> {
  const [file, nodeId] = pos as [string, string];
  const split = (o.split as string | undefined) ?? 'train';
  if (split !== 'train' && split !== 'val') throw new UsageError(`--split must be train or val, got "${split}"`);
  const index = intOption(o, 'batch', 1) ?? FIRST_TRAINING_BATCH;
  const json = o.json === true;
  const loaded = await loadGraphFile(file);
  if (!loaded.ok) {
    printDiagnostics(file, loaded.diagnostics, process.stderr);
    return 1;
  }
  let values;
  try {
    values = await nodeValues(loaded.doc, nodeId, {
      registry: createRegistry(),
      data: createNodeDataSource(),
      split,
      index,
      onProgress: json ? undefined : (id, m) => process.stderr.write(`${id}: ${m}\n`),
    });
  } catch (e) {
    if (e instanceof GraphError) return printDiagnostics(file, e.diagnostics, process.stderr), 1;
    if (e instanceof NodeRunError) return printDiagnostics(file, [e.toDiagnostic()], process.stderr), 1;
    throw e;
  }
  const ports = Object.fromEntries(values.outputs.map((v) => [v.port, port(v, split)]));
  if (json) {
    process.stdout.write(JSON.stringify({ node: nodeId, split, ...(values.stage === 'batch' ? { batch: index } : {}), ports }) + '\n');
    return 0;
  }
  const what = values.stage === 'batch' ? `batch ${index} of ${split}${split === 'train' && index === FIRST_TRAINING_BATCH ? ' (what step 1 trains on)' : ''}` : `the ${split} split`;
  process.stdout.write(`node ${nodeId}, ${what}:\n${Object.entries(ports).map(([n, p]) => humanPort(n, p)).join('\n')}\n`);
  return 0;
}
