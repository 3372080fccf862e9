import { describe, expect, it } from 'vitest';
import { readRunFolder, type PickedFile } from './run-folder.js';

const manifest = (step: number) => JSON.stringify({ format: 'pretrain-lab/checkpoint', version: 1, step, totalSteps: 10, backend: 'wasm', graph: { name: 'g', nodes: [] }, sourceStates: {}, variables: [{ name: 'embed/table', shape: [2] }], optimizer: { updates: step } });
const weights = (n: number, fill: number) => new Float32Array(n).fill(fill).buffer;

function file(path: string, content: string | ArrayBuffer): PickedFile {
  return {
    path,
    text: async () => (typeof content === 'string' ? content : ''),
    bytes: async () => (typeof content === 'string' ? new TextEncoder().encode(content).buffer : content),
  };
}

describe('reading a run folder picked in the app', () => {
  it('follows "latest" to its checkpoint', async () => {
    const { folder, checkpoint } = await readRunFolder([
      file('mlm/latest', 'ckpt-0000005\n'),
      file('mlm/ckpt-0000003/manifest.json', manifest(3)),
      file('mlm/ckpt-0000003/weights.bin', weights(6, 3)),
      file('mlm/ckpt-0000005/manifest.json', manifest(5)),
      file('mlm/ckpt-0000005/weights.bin', weights(6, 5)),
    ]);
    expect(folder).toBe('mlm');
    expect(checkpoint.manifest.step).toBe(5);
    expect([...checkpoint.values]).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('takes the newest checkpoint without "latest", and a checkpoint folder chosen itself', async () => {
    const noPointer = await readRunFolder([file('mlm/ckpt-0000003/manifest.json', manifest(3)), file('mlm/ckpt-0000003/weights.bin', weights(6, 3)), file('mlm/ckpt-0000009/manifest.json', manifest(9)), file('mlm/ckpt-0000009/weights.bin', weights(6, 9))]);
    expect(noPointer.checkpoint.manifest.step).toBe(9);
    const itself = await readRunFolder([file('ckpt-0000003/manifest.json', manifest(3)), file('ckpt-0000003/weights.bin', weights(6, 3))]);
    expect(itself.checkpoint.manifest.step).toBe(3);
  });

  it('says what is wrong with a folder that is not a run, or a cut-short checkpoint', async () => {
    await expect(readRunFolder([file('notes/a.txt', 'hello')])).rejects.toThrow(/"notes" holds no checkpoint .*pretrain-lab train --out DIR/);
    await expect(readRunFolder([file('mlm/latest', 'ckpt-0000003'), file('mlm/ckpt-0000003/manifest.json', manifest(3)), file('mlm/ckpt-0000003/weights.bin', weights(4, 1))])).rejects.toThrow(
      /weights\.bin holds 16 bytes, but its manifest needs 24/,
    );
    await expect(readRunFolder([file('x/manifest.json', '{"format":"other"}'), file('x/weights.bin', weights(1, 0))])).rejects.toThrow(/not a Pretrain Lab checkpoint/);
  });
});
