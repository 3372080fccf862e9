import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraph } from '../../../engine/core/serialize.js';
import { analyzeGraph } from '../../../engine/analysis/validate.js';
import { createRegistry } from '../../../graph-nodes/index.js';
import { checkConnection } from './connection-check.js';

const registry = createRegistry();
const doc = parseGraph(readFileSync('samples/causal-lm.graph.json', 'utf8'));
const analysis = analyzeGraph(doc, registry);
const check = (from: string, to: string) => {
  const [fn, fp] = from.split('.') as [string, string];
  const [tn, tp] = to.split('.') as [string, string];
  return checkConnection(doc, analysis, registry, { node: fn, port: fp }, { node: tn, port: tp });
};

describe('connections on the canvas', () => {
  it('accepts what the engine accepts', () => {
    expect(check('shift.inputs', 'embed.ids')).toEqual({ ok: true });
  });
  it('refuses a wrong role with the engine reason, shapes included', () => {
    const r = check('shift.targets', 'decoder.hidden');
    expect(r).toEqual({ ok: false, reason: 'shift.targets → decoder.hidden: targets (token ids) [B,64] cannot feed hidden states [B,T,D]: it carries a different kind of value' });
  });
  it('refuses a connection that would close a cycle, and a self-loop', () => {
    expect(check('head.logits', 'embed.ids')).toMatchObject({ ok: false });
    expect(check('decoder.hidden', 'positions.hidden')).toEqual({ ok: false, reason: 'positions already feeds decoder: this connection would make a cycle' });
    expect(check('decoder.hidden', 'decoder.hidden')).toEqual({ ok: false, reason: 'a node cannot feed itself' });
  });
});
