import { describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from '../support/run-cli.js';

/** `pretrain-lab preview`: what a node makes of a real batch, the batch a run trains on. */

interface PreviewJson {
  node: string;
  split: string;
  batch?: number;
  ports: Record<string, { dtype: string; shape: number[]; values: unknown; text?: string[]; role: string; length?: number }>;
}

async function previewJson(args: string[]): Promise<PreviewJson> {
  const r = await runCli(['preview', ...args, '--json']);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PreviewJson;
}

describe('pretrain-lab preview', () => {
  it('shows span corruption on the first training batch: sentinels at varying places, values and decoded text agree', async () => {
    const p = await previewJson(['samples/span-corruption.graph.json', 'spans']);
    expect(p).toMatchObject({ node: 'spans', split: 'train', batch: 1 });
    const inputs = p.ports.inputs!;
    expect(inputs).toMatchObject({ dtype: 'int32', role: 'token-ids' });
    expect(inputs.shape[0]).toBe(96);
    expect(inputs.values as number[][]).toHaveLength(96);
    expect((inputs.values as number[][])[0]).toHaveLength(inputs.shape[1]!);
    // where the first sentinel sits in each encoder input (in characters of decoded text)
    const at = inputs.text!.map((t) => t.indexOf('<extra_id_0>'));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(new Set(at).size).toBeGreaterThan(10);
    expect(Math.min(...at)).toBe(0);
    expect(Math.max(...at)).toBeGreaterThan(15);
    expect(p.ports.targets!.text![0]).toMatch(/^<extra_id_0>/);
    expect(p.ports.weights).toMatchObject({ dtype: 'float32', role: 'loss-weights' });
  });

  it('shows a masked LM batch with [MASK] written by name; --split and --batch pick another batch', async () => {
    const first = await previewJson(['samples/masked-lm.graph.json', 'masking']);
    expect(first.ports.inputs!.text!.join('')).toContain('[MASK]');
    expect(first.ports.targets!.text!.join('')).not.toContain('[MASK]');
    const other = await previewJson(['samples/masked-lm.graph.json', 'masking', '--split', 'val', '--batch', '3']);
    expect(other).toMatchObject({ split: 'val', batch: 3 });
    expect(other.ports.inputs!.text).not.toEqual(first.ports.inputs!.text);
  });

  it('shows the start of a tokenizer stream, decoded, with its full length', async () => {
    const p = await previewJson(['samples/causal-lm.graph.json', 'tokenizer']);
    const tokens = p.ports.tokens!;
    expect(tokens.role).toBe('token-stream');
    expect(tokens.values as number[]).toHaveLength(300);
    expect(tokens.text![0]).toHaveLength(300);
    expect(tokens.length).toBeGreaterThan(1_000_000);
  });

  it('names what is wrong: an unknown node, a model node, a bad option', async () => {
    const [unknown, model, split] = await Promise.all([
      runCli(['preview', 'samples/causal-lm.graph.json', 'nope']),
      runCli(['preview', 'samples/causal-lm.graph.json', 'decoder']),
      runCli(['preview', 'samples/causal-lm.graph.json', 'blocks', '--split', 'test']),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/there is no node "nope" in this graph \(it has: corpus, tokenizer, blocks/);
    expect(model.code).toBe(1);
    expect(model.stderr).toMatch(/node decoder: Transformer decoder is a model node: a preview shows what data, tokenizer, batching and masking nodes produce/);
    expect(split.code).toBe(2);
    expect(split.stderr).toMatch(/--split must be train or val/);
    for (const r of [unknown, model, split]) expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
