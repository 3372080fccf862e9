import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

describe('safetensors', () => {
  it('round-trips float32 and int32 tensors with their shapes', () => {
    const bytes = encodeSafetensors({
      'decoder/block0.attn.wq': { dtype: 'float32', shape: [2, 3], data: Float32Array.from([1.5, -2, 3.25, 0, 1e-8, -7]) },
      'shift.inputs': { dtype: 'int32', shape: [3], data: Int32Array.from([7, -1, 2 ** 30]) },
    });
    const back = decodeSafetensors(bytes);
    expect(back['decoder/block0.attn.wq']!.shape).toEqual([2, 3]);
    expect([...back['decoder/block0.attn.wq']!.data]).toEqual([...Float32Array.from([1.5, -2, 3.25, 0, 1e-8, -7])]);
    expect(back['shift.inputs']).toEqual({ dtype: 'int32', shape: [3], data: Int32Array.from([7, -1, 2 ** 30]) });
  });

  it('lays the file out as the format says: a little-endian header length, a JSON header padded to 8 bytes, then the data', () => {
    const bytes = encodeSafetensors({ a: { dtype: 'float32', shape: [1], data: Float32Array.from([1]) } });
    const size = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(size % 8).toBe(0);
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + size)))).toEqual({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } });
    expect([...bytes.subarray(8 + size)]).toEqual([0, 0, 0x80, 0x3f]);
  });

  it('refuses a shape that does not hold the data, and a file whose header runs past its end', () => {
    expect(() => encodeSafetensors({ a: { dtype: 'float32', shape: [2, 2], data: new Float32Array(3) } })).toThrow(/3 values for shape \[2,2\]/);
    const bytes = encodeSafetensors({ a: { dtype: 'float32', shape: [1], data: new Float32Array(1) } });
    expect(() => decodeSafetensors(bytes.subarray(0, 12))).toThrow(/header claims/);
  });
});
