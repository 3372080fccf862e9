import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { hostFloat, hostInt } from '../../../engine/core/host-tensor.js';
import type { PreviewResult } from '../run/training-client.js';
import { IDLE_PREVIEW, PreviewRequests, type PreviewState } from './preview-request.js';
import { NodePreviewView } from './NodePreview.js';

const result = (nodeId: string, text = 'x'): PreviewResult => ({ nodeId, outputs: { text: { kind: 'text', text } } });

describe('PreviewRequests', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(delay = 300) {
    const states: PreviewState[] = [];
    const requests = new PreviewRequests((s) => states.push(s), delay);
    return { states, requests, last: () => states.at(-1)! };
  }

  it('waits for the graph to be still, then asks once', async () => {
    const { requests, last } = setup();
    const run = vi.fn(async () => result('n', 'final'));
    requests.request('k1', 'n', run);
    await vi.advanceTimersByTimeAsync(200);
    requests.cancel();
    requests.request('k2', 'n', run);
    await vi.advanceTimersByTimeAsync(200);
    requests.cancel();
    requests.request('k3', 'n', run);
    expect(last().loading).toBe(true);
    await vi.advanceTimersByTimeAsync(299);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    expect(last()).toEqual({ key: 'k3', loading: false, result: result('n', 'final'), error: null });
  });

  it('drops a stale answer that arrives after a newer request', async () => {
    const { requests, last } = setup(0);
    let resolveOld!: (r: PreviewResult) => void;
    requests.request('old', 'n', () => new Promise((r) => (resolveOld = r)));
    await vi.advanceTimersByTimeAsync(0);
    requests.cancel();
    requests.request('new', 'n', async () => result('n', 'new'));
    await vi.advanceTimersByTimeAsync(0);
    resolveOld(result('n', 'old'));
    await vi.advanceTimersByTimeAsync(0);
    expect(last().result).toEqual(result('n', 'new'));
  });

  it('keeps the last result while the next loads, and reports errors as messages', async () => {
    const { requests, last } = setup(10);
    requests.request('a', 'n', async () => result('n', 'first'));
    await vi.advanceTimersByTimeAsync(10);
    requests.request('b', 'n', () => Promise.reject(Object.assign(new Error('the text has 3 tokens'), { nodeId: 'blocks' })));
    expect(last()).toMatchObject({ loading: true, result: result('n', 'first') });
    await vi.advanceTimersByTimeAsync(10);
    expect(last()).toEqual({ key: 'b', loading: false, result: null, error: 'node blocks: the text has 3 tokens' });
    // a run that throws synchronously is an error too, not a crash
    requests.request('c', 'n', () => {
      throw new Error('worker gone');
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(last().error).toBe('worker gone');
  });

  it('does not carry one node\'s result over to another, and clears', async () => {
    const { requests, last } = setup(10);
    requests.request('a', 'n', async () => result('n'));
    await vi.advanceTimersByTimeAsync(10);
    requests.request('b', 'm', async () => result('m'));
    expect(last().result).toBeNull();
    requests.clear();
    expect(last()).toEqual(IDLE_PREVIEW);
    await vi.advanceTimersByTimeAsync(50);
    expect(last()).toEqual(IDLE_PREVIEW);
  });
});

describe('NodePreviewView', () => {
  const render = (state: Partial<PreviewState>, notice: string | null = null) =>
    renderToStaticMarkup(createElement(NodePreviewView, { nodeId: 'n', state: { ...IDLE_PREVIEW, ...state }, notice }));

  it('draws tokens as chips, special tokens marked', () => {
    const html = render({ result: { nodeId: 'n', outputs: { tokens: { kind: 'tokens', tokens: ['[PAD]', 'C', 'a', ' '].map((text, id) => ({ id, text })) } } } });
    expect(html).toContain('data-testid="node-preview"');
    expect(html.match(/data-testid="preview-token"/g)).toHaveLength(4);
    expect(html).toMatch(/class="tok tok--shade-0 tok--special"[^>]*>\[PAD\]</);
    expect(html).toMatch(/class="tok tok--shade-1"[^>]*>·</);
  });

  it('draws a masking batch with masked positions marked and weight-0 targets dimmed', () => {
    const inputs = hostInt([1, 4], Int32Array.from([5, 1, 6, 7]));
    const targets = hostInt([1, 4], Int32Array.from([5, 8, 6, 9]));
    const weights = hostFloat([1, 4], Float32Array.from([0, 1, 0, 1]));
    const tokens = (ids: Int32Array) => [Array.from(ids, (i) => (i === 1 ? '[MASK]' : String.fromCharCode(96 + i)))];
    const html = render({
      result: {
        nodeId: 'n',
        outputs: {
          inputs: { kind: 'tensor', role: 'token-ids', tensor: inputs, tokens: tokens(inputs.data as Int32Array) },
          targets: { kind: 'tensor', role: 'targets', tensor: targets, tokens: tokens(targets.data as Int32Array) },
          weights: { kind: 'tensor', role: 'loss-weights', tensor: weights },
        },
      },
    });
    expect(html.match(/data-testid="preview-masked"/g)).toHaveLength(2);
    expect(html.match(/data-testid="preview-token"/g)).toHaveLength(8);
    expect(html).toMatch(/pcell--token-ids pcell--special pcell--changed"[^>]*>\[MASK\]</);
    // position 3: input g replaced by a random token, target i
    expect(html).toMatch(/pcell--token-ids pcell--changed"[^>]*>g</);
    expect(html).toMatch(/pcell--targets pcell--dim"[^>]*>e</);
    expect(html).toContain('scored on the 2 highlighted positions');
  });

  it('shows errors and notices instead of a result, and a loading state', () => {
    expect(render({ error: 'node corpus: no text' })).toMatch(/role="alert"[^>]*>node corpus: no text</);
    // a notice (the node became invalid) keeps the last result, marked stale
    const stale = render({ result: result('n', 'last good') }, 'Fix the problems');
    expect(stale).toContain('Fix the problems');
    expect(stale).toMatch(/preview__body preview__body--stale[^>]*>[\s\S]*last good/);
    expect(render({ loading: true })).toContain('aria-busy="true"');
    expect(render({ loading: true, result: result('n', 'old text') })).toContain('old text');
  });
});
