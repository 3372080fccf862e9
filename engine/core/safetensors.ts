/**
 * The safetensors format (Hugging Face), written and read without a library: an 8-byte
 * little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, then the raw
 * little-endian tensors. The engine's weights travel to and from PyTorch programs in it, by the
 * engine's weight names ("<node id>/<name>").
 */

export interface SafeTensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

const CODES = { float32: 'F32', int32: 'I32' } as const;

export function encodeSafetensors(tensors: Record<string, SafeTensor>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length) throw new Error(`"${name}" has ${t.data.length} values for shape [${t.shape}]`);
    header[name] = { dtype: CODES[t.dtype], shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  if (metadata) header.__metadata__ = metadata;
  let json = new TextEncoder().encode(JSON.stringify(header));
  // padded with spaces to 8 bytes, as the reference writer does, so tensors stay aligned
  const padded = new Uint8Array(Math.ceil(json.length / 8) * 8).fill(0x20);
  padded.set(json);
  json = padded;
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors)) {
    // every supported dtype is 4 bytes a value; written value by value so the file is little-endian anywhere
    for (let i = 0; i < t.data.length; i++, at += 4) {
      if (t.dtype === 'float32') view.setFloat32(at, t.data[i]!, true);
      else view.setInt32(at, t.data[i]!, true);
    }
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array): Record<string, SafeTensor> {
  if (bytes.length < 8) throw new Error('too short to be a safetensors file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = Number(view.getBigUint64(0, true));
  if (size > bytes.length - 8) throw new Error(`its header claims ${size} bytes but the file has ${bytes.length - 8} after the length`);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + size))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const base = 8 + size;
  const out: Record<string, SafeTensor> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const dtype = entry.dtype === 'F32' ? 'float32' : entry.dtype === 'I32' ? 'int32' : null;
    if (!dtype) throw new Error(`"${name}" has dtype ${entry.dtype}, which this reader does not load`);
    const [begin, end] = entry.data_offsets;
    if (base + end > bytes.length || end < begin) throw new Error(`"${name}" runs past the end of the file`);
    const n = (end - begin) / 4;
    const data = dtype === 'float32' ? new Float32Array(n) : new Int32Array(n);
    for (let i = 0; i < n; i++) data[i] = dtype === 'float32' ? view.getFloat32(base + begin + i * 4, true) : view.getInt32(base + begin + i * 4, true);
    out[name] = { dtype, shape: entry.shape, data };
  }
  return out;
}
