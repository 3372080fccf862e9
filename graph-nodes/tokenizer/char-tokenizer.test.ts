import { describe, expect, it } from 'vitest';
import { charTokenizerNode } from './char-tokenizer.js';
import { parseParams } from '../../engine/analysis/params.js';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import type { SetupContext, SourceNode } from '../../engine/registry/define-node.js';
import type { DataSource } from '../../engine/data/data-source.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';

const def = charTokenizerNode as SourceNode<ReturnType<typeof charTokenizerNode.params.parse>>;
const noData: DataSource = {
  builtinCorpus: () => Promise.reject(new Error('a tokenizer reads no corpus')),
  userText: () => Promise.reject(new Error('a tokenizer reads no files')),
};
const splits = (train: string, val: string): TextSplits => ({ train, val, documents: [], firstValDocument: -1 });

function setup(params: object, text: TextSplits, more: Partial<Omit<SetupContext<unknown>, 'params'>> = {}) {
  return def.setup({ nodeId: 'tok', params: def.params.parse(params), inputs: { text }, data: noData, mode: 'train', seed: 1, ...more });
}

describe('character tokenizer node', () => {
  it('declares a text input, a token-stream output and sensible defaults', () => {
    expect(def.type).toBe('tokenizer/char');
    expect(def.stage).toBe('source');
    expect(def.inputs[0]!.type).toEqual({ dtype: 'string', shape: [], role: 'text' });
    expect(def.outputs[0]!.type).toEqual({ dtype: 'int32', shape: ['N'], role: 'token-stream', vocab: 'V' });
    expect(def.params.parse({})).toEqual({ specialTokens: ['pad', 'mask'], sentinels: 0 });
    expect(parseParams(def, { sentinels: 101 }).ok).toBe(false);
    expect(parseParams(def, { specialTokens: ['bogus'] }).ok).toBe(false);
    expect(def.docs.length).toBeGreaterThan(200);
  });

  it('learns from the training text only and encodes both splits', async () => {
    const r = await setup({}, splits('hello world', 'held out: low'));
    const tokens = r.outputs.tokens as TokenStream;
    expect(r.dims).toEqual({ V: tokens.vocabulary.size });
    expect(tokens.vocabulary.size).toBe(2 + new Set('hello world').size);
    expect(tokens.vocabulary.decode([...tokens.train])).toBe('hello world');
    // characters the training text lacks are dropped (no [UNK] asked for)
    expect(tokens.vocabulary.decode([...tokens.val])).toBe('held o low');
    expect(tokens.train).toBeInstanceOf(Int32Array);
  });

  it('rebuilds the same vocabulary from its saved state, and encodes nothing for inference', async () => {
    const first = await setup({ specialTokens: ['unk', 'mask'], sentinels: 3 }, splits('abcabc', 'cab'));
    const state = JSON.parse(JSON.stringify(first.state));
    const again = await setup({ specialTokens: ['unk', 'mask'], sentinels: 3 }, splits('zzz', 'zzz'), { saved: state });
    const a = first.outputs.tokens as TokenStream;
    const b = again.outputs.tokens as TokenStream;
    expect(b.vocabulary.toJSON()).toEqual(a.vocabulary.toJSON());
    expect([...b.train]).toEqual([1, 1, 1]); // z is unknown to the saved vocabulary: [UNK], after [MASK]
    const inference = await setup({}, splits('', ''), { saved: state, mode: 'inference' });
    const c = inference.outputs.tokens as TokenStream;
    expect(c.train).toHaveLength(0);
    expect(c.val).toHaveLength(0);
    expect(c.vocabulary.special).toEqual({ mask: 0, unk: 1, sentinels: [2, 3, 4] });
    expect(inference.dims).toEqual({ V: a.vocabulary.size });
  });

  it('says so, pinned to its text input, when the text is empty', async () => {
    const err = await setup({}, splits('', 'some held-out text')).catch((e) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect(err.nodeId).toBe('tok');
    expect(err.port).toBe('text');
    expect(err.message).toMatch(/^the text it receives is empty/);
    await expect(setup({}, splits('abc', ''), { saved: { kind: 'char' } })).rejects.toThrow(/saved vocabulary/);
  });
});
