import { describe, expect, it } from 'vitest';
import { canConnect } from '../../engine/analysis/can-connect.js';
import type { PortSpec } from '../../engine/registry/define-node.js';

const hiddenIn: PortSpec = { name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: '' };
const idsIn: PortSpec = { name: 'ids', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: '' };

describe('canConnect', () => {
  it('accepts a matching type and binds the symbols', () => {
    const b = new Map();
    expect(canConnect({ dtype: 'float32', shape: ['B', 64, 128], role: 'hidden' }, hiddenIn, b)).toEqual({ ok: true });
    expect(b.get('T')).toBe(64);
    expect(b.get('D')).toBe(128);
  });

  it('refuses a different role with the phrase the editor shows', () => {
    const r = canConnect({ dtype: 'int32', shape: ['B', 'T'], role: 'targets', vocab: 'V' }, hiddenIn);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/^targets \(token ids\) \[B,T\] cannot feed hidden states \[B,T,D\]/);
  });

  it('refuses a wrong rank and a clashing dim', () => {
    expect(canConnect({ dtype: 'float32', shape: ['B', 64], role: 'hidden' }, hiddenIn).ok).toBe(false);
    const b = new Map<string, string | number>([['T', 64]]);
    const r = canConnect({ dtype: 'float32', shape: ['B', 65, 128], role: 'hidden' }, hiddenIn, b);
    expect(!r.ok && r.reason).toMatch(/T is 64 .*but 65 here/);
  });

  it('checks vocabularies of ids', () => {
    const b = new Map<string, string | number>([['V', 65]]);
    expect(canConnect({ dtype: 'int32', shape: ['B', 64], role: 'token-ids', vocab: 1024 }, idsIn, b).ok).toBe(false);
    expect(canConnect({ dtype: 'int32', shape: ['B', 64], role: 'token-ids', vocab: 'V' }, idsIn, new Map()).ok).toBe(true);
  });
});
