// Issue #4's bar for the diffusion sample, on a finished run: a digit classifier trained here on
// MNIST (held-out accuracy printed; it must reach 97%) judges 64 generated digits — at least half
// must get a top-class probability of 0.9 or more, and at least 8 of the 10 digits must appear.
// Writes the grid as a PNG. Usage:
//   npx pretrain-lab train samples/diffusion-ddpm.graph.json --out runs/ddpm
//   npm run diffusion-check -- runs/ddpm [--sampler ddim|ddpm] [--steps 100] [-o grid.png]
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { initNodeBackend } from '../engine/backend/node-backend.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import { runOutput } from '../cli/inference-commands.js';
import { greyscalePng, imageGrid } from '../cli/png.js';
import { mnistImages } from '../graph-nodes/data/mnist.run.js';
import { judgeDigits, trainDigitClassifier } from '../test/support/digit-classifier.js';

const { values, positionals } = parseArgs({ options: { sampler: { type: 'string' }, steps: { type: 'string' }, out: { type: 'string', short: 'o' }, seed: { type: 'string' } }, allowPositionals: true });
const runDir = positionals[0];
if (!runDir) {
  console.error('usage: npm run diffusion-check -- RUN_DIR [--sampler ddim|ddpm] [--steps N] [-o grid.png]');
  process.exit(2);
}
await initNodeBackend('wasm');
const t0 = performance.now();
const { images } = mnistImages({ valFraction: 0.1, maxPerDigit: 0 }, await createNodeDataSource().mnistDigits!());
const classifier = await trainDigitClassifier(images);
console.log(`digit classifier: held-out accuracy ${classifier.heldOutAccuracy.toFixed(4)} on ${images.val.count} images (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
const overrides: Record<string, unknown> = { count: 64 };
if (values.sampler) overrides.sampler = values.sampler;
if (values.steps) overrides.steps = Number(values.steps);
const t1 = performance.now();
const out = await runOutput(runDir, 'eval/generate-images', 'generate images', overrides, { backend: 'wasm' }, values.seed ? Number(values.seed) : undefined);
if (out.kind !== 'images') throw new Error('no images');
const judged = judgeDigits(classifier, out.pixels, out.count);
console.log(`${out.title} in ${((performance.now() - t1) / 1000).toFixed(0)} s`);
console.log(`confident (top-class probability >= 0.9): ${judged.confident} of ${out.count}; digits among them: ${judged.digits.join(' ')} (${judged.digits.length} of 10)`);
console.log(`classifier's reading, row by row:\n${Array.from({ length: Math.ceil(out.count / out.columns) }, (_, r) => judged.top.slice(r * out.columns, (r + 1) * out.columns).join(' ')).join('\n')}`);
const file = values.out ?? 'grid.png';
const grid = imageGrid(out, 3);
await writeFile(file, greyscalePng(grid.width, grid.height, grid.grey));
console.log(`grid: ${file}`);
const pass = classifier.heldOutAccuracy >= 0.97 && judged.confident >= out.count / 2 && judged.digits.length >= 8;
console.log(pass ? 'PASS' : 'FAIL');
process.exitCode = pass ? 0 : 1;
