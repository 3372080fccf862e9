import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { readFileSync } from 'node:fs';
import { analyzeGraph } from '../../../engine/analysis/validate.js';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { GraphStore, registry } from '../document/graph-store.js';
import { setParams } from '../document/edits.js';
import { inspectNode, toggleOption, type FieldState } from './inspector-model.js';
import { fieldEditor, InspectorView } from './Inspector.js';
import type { FieldEditor } from './ParamForm.js';

const sample = (name: string): GraphDocument => JSON.parse(readFileSync(new URL(`../../../samples/${name}.graph.json`, import.meta.url), 'utf8'));
const field = (fields: FieldState[], name: string) => fields.find((f) => f.field.name === name)!;

function inspect(doc: GraphDocument, id: string) {
  return inspectNode(doc, analyzeGraph(doc, registry), registry, id)!;
}

describe('inspectNode', () => {
  it('shows saved values as set and the rest as defaults', () => {
    const doc = sample('causal-lm');
    const corpus = inspect(doc, 'corpus');
    expect(field(corpus.fields, 'source')).toMatchObject({ value: 'moby-dick', saved: true, isDefault: true, errors: [] });
    expect(field(corpus.fields, 'maxChars')).toMatchObject({ value: 0, saved: false, isDefault: true });
    const blocks = inspect(setParams(doc, 'blocks', { blockSize: 33 }), 'blocks');
    expect(field(blocks.fields, 'blockSize')).toMatchObject({ value: 33, saved: true, isDefault: false });
    expect(corpus.diagnostics).toEqual([]);
    expect(blocks.outputs[0]!.type.shape).toEqual(['B', 33]);
  });

  it('puts each problem under its setting, including an invalid value that was saved', () => {
    const doc = setParams(sample('causal-lm'), 'blocks', { blockSize: 'abc', batchSize: 0 });
    const blocks = inspect(doc, 'blocks');
    expect(field(blocks.fields, 'blockSize')).toMatchObject({ value: 'abc', errors: ['must be a number (got "abc")'] });
    expect(field(blocks.fields, 'batchSize').errors).toEqual(['must be at least 1 (got 0)']);
    expect(blocks.diagnostics.map((d) => d.param)).toEqual(['blockSize', 'batchSize']);
  });

  it('shows checks across settings on the setting they name', () => {
    const doc = sample('masked-lm');
    const masking = inspect(setParams(doc, 'masking', { maskFraction: 0.9, randomFraction: 0.2 }), 'masking');
    expect(field(masking.fields, 'randomFraction').errors[0]).toContain('maskFraction + randomFraction must be at most 1');
  });

  it('hides the file path until source is "file", then reports it empty under the field', () => {
    const doc = sample('causal-lm');
    expect(field(inspect(doc, 'corpus').fields, 'path').applies).toBe(false);
    const file = inspect(setParams(doc, 'corpus', { source: 'file' }), 'corpus');
    expect(field(file.fields, 'path')).toMatchObject({ applies: true, errors: [expect.stringContaining('is empty')] });
  });

  it('keeps settings the node does not have, as removable unknown fields', () => {
    const blocks = inspect(setParams(sample('causal-lm'), 'blocks', { stride: 4 }), 'blocks');
    expect(field(blocks.fields, 'stride')).toMatchObject({ unknown: true, value: 4, saved: true });
    expect(blocks.settingsIssues[0]).toContain('unknown setting "stride"');
  });

  it('returns null for ids that are not nodes', () => {
    const doc = sample('causal-lm');
    expect(inspectNode(doc, analyzeGraph(doc, registry), registry, 'about')).toBeNull();
  });

  it('toggles options in their canonical order and keeps unknown entries', () => {
    const options = ['pad', 'mask', 'bos'];
    expect(toggleOption(['mask'], 'pad', true, options)).toEqual(['pad', 'mask']);
    expect(toggleOption(['pad', 'mask', 'x'], 'pad', false, options)).toEqual(['mask', 'x']);
    expect(toggleOption('junk', 'bos', true, options)).toEqual(['bos']);
  });
});

describe('fieldEditor', () => {
  it('saves every keystroke, and a run of typing undoes as one step', () => {
    const doc = sample('causal-lm');
    const store = new GraphStore();
    store.open(doc, null, doc);
    const ed = fieldEditor(store, 'blocks');
    for (const v of [3, 32, '32x', 32]) ed.set('blockSize', v, true);
    expect(store.doc.nodes.find((n) => n.id === 'blocks')!.params.blockSize).toBe(32);
    store.undo();
    expect(store.doc.nodes.find((n) => n.id === 'blocks')!.params.blockSize).toBe(65);
    expect(store.canUndo).toBe(false);
  });

  it('saves an invalid value so the graph diagnostics show it', () => {
    const doc = sample('causal-lm');
    const store = new GraphStore();
    store.open(doc, null, doc);
    fieldEditor(store, 'blocks').set('blockSize', '6a', true);
    expect(store.getState().analysis.diagnostics).toContainEqual(expect.objectContaining({ nodeId: 'blocks', param: 'blockSize', severity: 'error' }));
  });

  it('resets to the default by removing the saved value, as its own undo step', () => {
    const doc = sample('causal-lm');
    const store = new GraphStore();
    store.open(doc, null, doc);
    const ed = fieldEditor(store, 'blocks');
    ed.set('blockSize', 9, true);
    ed.reset('blockSize');
    expect('blockSize' in store.doc.nodes.find((n) => n.id === 'blocks')!.params).toBe(false);
    store.undo();
    expect(store.doc.nodes.find((n) => n.id === 'blocks')!.params.blockSize).toBe(9);
  });

  it('sets the path from the file picker, and reports a picker that fails', async () => {
    const doc = sample('causal-lm');
    const store = new GraphStore();
    store.open(doc, null, doc);
    await fieldEditor(store, 'corpus', async () => ({ name: '/data/notes.txt' })).pickFile!('path');
    expect(store.doc.nodes.find((n) => n.id === 'corpus')!.params.path).toBe('/data/notes.txt');
    const before = store.doc;
    await fieldEditor(store, 'corpus', async () => null).pickFile!('path');
    expect(store.doc).toBe(before);
    let message: string | null = null;
    await fieldEditor(store, 'corpus', () => Promise.reject(new Error('no dialog')), (m) => (message = m)).pickFile!('path');
    expect(message).toBe('could not open the file picker: no dialog');
  });
});

describe('InspectorView', () => {
  const noop: FieldEditor = { set() {}, reset() {}, pickFile() {} };
  const render = (doc: GraphDocument, nodeId: string | null) =>
    renderToStaticMarkup(createElement(InspectorView, { doc, analysis: analyzeGraph(doc, registry), registry, nodeId, editor: noop, onNoteText() {} }));

  it('renders the title, a control per setting with reset buttons, ports and docs', () => {
    const html = render(sample('causal-lm'), 'corpus');
    expect(html).toContain('data-testid="inspector"');
    expect(html).toMatch(/data-testid="inspector-title"[^>]*>Text corpus</);
    for (const name of ['source', 'valFraction', 'maxChars']) {
      expect(html).toContain(`data-testid="param-${name}"`);
      expect(html).toContain(`data-testid="param-reset-${name}"`);
    }
    // path is hidden while a built-in corpus is chosen
    expect(html).not.toContain('data-testid="param-path"');
    expect(html).toContain('data-testid="inspector-docs"');
    expect(html).toContain('<strong><span>moby-dick</span></strong>');
    expect(html).toContain('text corpus');
    expect(html).not.toContain('data-testid="inspector-diagnostics"');
  });

  it('marks defaults, and disables reset for settings that are not saved', () => {
    const html = render(sample('causal-lm'), 'corpus');
    expect(html).toMatch(/data-testid="param-reset-maxChars"[^>]*disabled/);
    expect(html).not.toMatch(/data-testid="param-reset-valFraction"[^>]*disabled/);
    expect(html.match(/class="param__default"/g)!.length).toBe(3); // source, valFraction (saved = default), maxChars
  });

  it('shows the error under its field and the node diagnostics at the top', () => {
    const html = render(setParams(sample('causal-lm'), 'blocks', { blockSize: 'abc' }), 'blocks');
    expect(html).toMatch(/data-testid="param-error-blockSize"[^>]*>must be a number \(got &quot;abc&quot;\)</);
    expect(html).toContain('data-testid="inspector-diagnostics"');
    expect(html).toMatch(/data-testid="param-blockSize"[^>]*value="abc"/);
  });

  it("shows a model node's size: its weights beside the graph's, its largest tensor, its share of a step's memory", () => {
    const html = render(sample('causal-lm'), 'decoder');
    expect(html).toContain('data-testid="inspector-size"');
    expect(html).toMatch(/data-testid="size-parameters"[^>]*>396,800 of the graph&#x27;s 437,760</);
    expect(html).toMatch(/data-testid="size-largest"[^>]*>MLP hidden layer \[16,64,512\] in each of 2 layers, 2\.0 MiB</);
    expect(html).toMatch(/data-testid="size-step"[^>]*>about 12\.6 MiB \(78% of the graph&#x27;s 16\.2 MiB\)</);
    expect(html).toContain('Assuming V = 256 (a character vocabulary is known once its tokenizer has read the corpus).');
    // a data node makes no weights and runs no model: no size section
    expect(render(sample('causal-lm'), 'corpus')).not.toContain('data-testid="inspector-size"');
  });

  it('shows the path field with a picker once source is "file"', () => {
    const html = render(setParams(sample('causal-lm'), 'corpus', { source: 'file' }), 'corpus');
    expect(html).toContain('data-testid="param-path"');
    expect(html).toContain('data-testid="param-pick-path"');
    expect(html).toContain('data-testid="param-error-path"');
  });

  it('renders checkboxes for special tokens', () => {
    const html = render(sample('masked-lm'), 'tokenizer');
    expect(html).toMatch(/data-testid="param-specialTokens-mask" checked=""/);
    expect(html).not.toMatch(/data-testid="param-specialTokens-bos" checked=""/);
  });

  it('edits a note when a note is selected, and says when nothing is', () => {
    const html = render(sample('causal-lm'), 'about');
    expect(html).toContain('data-testid="note-text"');
    expect(html).toContain('Next-token prediction');
    expect(render(sample('causal-lm'), null)).toContain('Select a node');
  });

  it('renders every node of every sample', () => {
    for (const name of ['causal-lm', 'masked-lm', 'causal-lm-bpe']) {
      const doc = sample(name);
      for (const n of doc.nodes) expect(render(doc, n.id), `${name}/${n.id}`).toContain('data-testid="inspector-title"');
    }
  });
});
