// Does an encoder-decoder's decoder read its encoder? On a finished run, the held-out loss with
// each example's own encoder input against the loss with the next example's (the batch rolled by
// one). Equal losses mean the decoder learnt its targets' language and ignores the encoder.
// Usage:
//   npx pretrain-lab train samples/span-corruption.graph.json --out runs/t5
//   npm run encoder-reliance -- runs/t5 [--input spans.inputs] [--batches 16]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { compileRun } from '../cli/inference-commands.js';
import { loadCheckpoint } from '../engine/train/node-checkpoint-store.js';
import type { Batch } from '../engine/compile/program-types.js';
import type { HostTensor } from '../engine/core/host-tensor.js';

const { values, positionals } = parseArgs({ options: { input: { type: 'string' }, batches: { type: 'string' } }, allowPositionals: true });
const runDir = positionals[0];
if (!runDir) {
  console.error('usage: npm run encoder-reliance -- RUN_DIR [--input NODE.PORT] [--batches N]');
  process.exit(2);
}
// train mode: the loss and the batches, which an inference program does not build
const program = await compileRun(await loadCheckpoint(runDir), 'train', 'wasm');

const first = program.nextBatch('val', 0);
const keys = [...first.keys()];
// encoder-decoder masking nodes (span corruption, UL2) feed the encoder from "inputs" and the
// decoder from "decoderInputs"; decoder-only objectives have an "inputs" port too, and no encoder
const key = values.input ?? keys.find((k) => k.endsWith('.inputs') && keys.includes(k.replace(/\.inputs$/, '.decoderInputs')));
if (!key || !first.has(key)) {
  console.error(
    values.input
      ? `no batch input ${values.input} in this run; its batches hold ${keys.join(', ')}`
      : `this run's model has no encoder-decoder inputs ("<node>.inputs" with "<node>.decoderInputs"); its batches hold ${keys.join(', ')}: pass --input NODE.PORT to roll another`,
  );
  process.exit(1);
}

/** The batch with example b's encoder input replaced by example b+1's. */
function rolled(batch: Batch): Batch {
  const t = batch.get(key!)!;
  const [B] = t.shape as number[];
  const per = t.data.length / B!;
  const data = t.data.slice() as HostTensor['data'];
  for (let b = 0; b < B!; b++) data.set(t.data.subarray(((b + 1) % B!) * per, ((b + 1) % B! + 1) * per), b * per);
  return new Map(batch).set(key!, { ...t, data });
}

const batches = Number(values.batches ?? 16);
let own = 0;
let other = 0;
for (let i = 0; i < batches; i++) {
  const batch = program.nextBatch('val', i);
  const ctx = { training: false, step: 0, seed: 0 };
  own += tf.tidy(() => program.loss(batch, ctx).dataSync()[0]!);
  other += tf.tidy(() => program.loss(rolled(batch), ctx).dataSync()[0]!);
}
console.log(`held-out loss over ${batches} batches: ${(own / batches).toFixed(4)} with each example's own ${key}, ${(other / batches).toFixed(4)} with the next example's`);
program.dispose();
