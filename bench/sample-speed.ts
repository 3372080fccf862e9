/**
 * Sampling speed with and without the key/value cache: the causal-LM sample's model (d=128,
 * 2 layers, context 64) samples its 300 characters both ways on each backend given, from the
 * same seed, and the texts are compared. The weights are the untrained ones: the cost of a token
 * does not depend on them.
 *
 *   npm run bench:sample [-- --backends=wasm,cpu --tokens=300]
 */
import { readFileSync } from 'node:fs';
import { initNodeBackend, type NodeBackendName } from '../engine/backend/node-backend.js';
import { compileGraph } from '../engine/compile/compile.js';
import { parseGraph } from '../engine/core/serialize.js';
import { makeRng } from '../engine/core/rng.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import type { ForwardModel } from '../engine/runtime/forward-model.js';
import { sampleText } from '../graph-nodes/eval/sample-text.run.js';
import { createRegistry } from '../graph-nodes/index.js';

const option = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const backends = option('backends', 'wasm,cpu').split(',') as NodeBackendName[];
const tokens = Number(option('tokens', '300'));

const doc = parseGraph(readFileSync('samples/causal-lm.graph.json', 'utf8'));
const params = { prompt: 'The whale ', tokens, temperature: 0.8, topK: 0 };

for (const backend of backends) {
  await initNodeBackend(backend);
  const program = await compileGraph(doc, { registry: createRegistry(), data: createNodeDataSource() });
  const model = program.outputModel('sample', 'logits');
  const uncached: ForwardModel = { ...model, decoder: undefined };
  // one short warm-up each way: kernels and wasm memory are set up on first use
  await sampleText({ ...params, tokens: 5 }, model, makeRng(1));
  await sampleText({ ...params, tokens: 5 }, uncached, makeRng(1));
  const time = async (m: ForwardModel) => {
    const t0 = performance.now();
    const out = await sampleText(params, m, makeRng(1));
    return { ms: performance.now() - t0, text: out.kind === 'text' ? out.text : '' };
  };
  const withCache = await time(model);
  const without = await time(uncached);
  program.dispose();
  console.log(
    `${backend}: ${tokens} characters with the cache ${(withCache.ms / 1000).toFixed(2)} s, without ${(without.ms / 1000).toFixed(2)} s ` +
      `(${(without.ms / withCache.ms).toFixed(1)}x); same text: ${withCache.text === without.text}`,
  );
}
