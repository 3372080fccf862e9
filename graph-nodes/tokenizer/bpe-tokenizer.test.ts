import { describe, expect, it } from 'vitest';
import { bpeTokenizerNode } from './bpe-tokenizer.js';
import { parseParams } from '../../engine/analysis/params.js';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import type { SetupContext, SourceNode } from '../../engine/registry/define-node.js';
import type { DataSource } from '../../engine/data/data-source.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';

const def = bpeTokenizerNode as SourceNode<ReturnType<typeof bpeTokenizerNode.params.parse>>;
const noData: DataSource = {
  builtinCorpus: () => Promise.reject(new Error('a tokenizer reads no corpus')),
  userText: () => Promise.reject(new Error('a tokenizer reads no files')),
};
const splits = (train: string, val: string): TextSplits => ({ train, val, documents: [], firstValDocument: -1 });

function setup(params: object, text: TextSplits, more: Partial<Omit<SetupContext<unknown>, 'params'>> = {}) {
  return def.setup({ nodeId: 'bpe', params: def.params.parse(params), inputs: { text }, data: noData, mode: 'train', seed: 1, ...more });
}

const train = 'the whale, the sea and the ship; the whale dives. '.repeat(40);
const val = 'The whale surfaces near the ship — 鯨!';

describe('byte-level BPE tokenizer node', () => {
  it('declares its ports and checks vocabSize against the tokens it must hold', () => {
    expect(def.type).toBe('tokenizer/bpe');
    expect(def.stage).toBe('source');
    expect(def.inputs[0]!.type).toEqual({ dtype: 'string', shape: [], role: 'text' });
    expect(def.outputs[0]!.type).toEqual({ dtype: 'int32', shape: ['N'], role: 'token-stream', vocab: 'V' });
    expect(def.params.parse({})).toEqual({ specialTokens: ['pad', 'mask'], sentinels: 0, vocabSize: 1024 });
    expect(parseParams(def, { vocabSize: 258 }).ok).toBe(true);
    const tight = parseParams(def, { vocabSize: 300, sentinels: 50 });
    expect(tight.ok).toBe(false);
    expect(tight.issues).toEqual([{ param: 'vocabSize', message: 'must be at least 308: 256 byte tokens plus 52 special tokens (got 300)' }]);
    expect(parseParams(def, { vocabSize: 16385 }).ok).toBe(false);
    expect(def.docs.length).toBeGreaterThan(200);
  });

  it('learns merges from the training text, reports progress and encodes both splits', async () => {
    const messages: string[] = [];
    const r = await setup({ vocabSize: 300 }, splits(train, val), { progress: (m) => messages.push(m) });
    const tokens = r.outputs.tokens as TokenStream;
    expect(tokens.vocabulary.kind).toBe('bpe');
    expect(r.dims).toEqual({ V: tokens.vocabulary.size });
    expect(tokens.vocabulary.decode([...tokens.train])).toBe(train);
    expect(tokens.vocabulary.decode([...tokens.val])).toBe(val); // bytes: nothing is unknown
    expect(tokens.train.length).toBeLessThan(train.length / 3);
    expect(messages.some((m) => /merges/.test(m))).toBe(true);
    const json = r.state as { model: { type: string }; added_tokens: { content: string; special: boolean }[] };
    expect(json.model.type).toBe('BPE');
    expect(json.added_tokens.map((t) => [t.content, t.special])).toEqual([['[PAD]', true], ['[MASK]', true]]);
  });

  it('rebuilds the same tokenizer from its saved tokenizer.json without retraining', async () => {
    const first = await setup({ vocabSize: 300, sentinels: 2 }, splits(train, val));
    const saved = JSON.parse(JSON.stringify(first.state));
    const messages: string[] = [];
    const again = await setup({ vocabSize: 300, sentinels: 2 }, splits('something else entirely', val), { saved, progress: (m) => messages.push(m) });
    const a = first.outputs.tokens as TokenStream;
    const b = again.outputs.tokens as TokenStream;
    expect(b.vocabulary.toJSON()).toEqual(a.vocabulary.toJSON());
    expect([...b.val]).toEqual([...a.val]);
    expect(messages.some((m) => /merges/.test(m))).toBe(false);
    const inference = await setup({ vocabSize: 300, sentinels: 2 }, splits('', ''), { saved, mode: 'inference' });
    const c = inference.outputs.tokens as TokenStream;
    expect(c.train).toHaveLength(0);
    expect(c.val).toHaveLength(0);
    expect(c.vocabulary.special).toEqual({ pad: 0, mask: 1, sentinels: [2, 3] });
    expect(c.vocabulary.encode('the whale<extra_id_1>')).toEqual(a.vocabulary.encode('the whale<extra_id_1>'));
  });

  it('says so, pinned to its text input, when the text is empty', async () => {
    const err = await setup({}, splits('', val)).catch((e) => e);
    expect(err).toBeInstanceOf(NodeRunError);
    expect(err.nodeId).toBe('bpe');
    expect(err.port).toBe('text');
    expect(err.message).toMatch(/^the text it receives is empty/);
    await expect(setup({}, splits(train, val), { saved: { model: {} } })).rejects.toThrow(/saved tokenizer\.json/);
  });
});
