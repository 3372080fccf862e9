import { z } from 'zod';
import type { EvalOutput } from '../../../engine/registry/define-node.js';
import type { NodeOutput } from './run-state.js';

/**
 * A run's outputs as its history keeps them: text and tables as they are, images with each
 * pixel as one byte (0..255) in base64, a sixth of their JSON size, so a diffusion run's 64
 * digits fit in localStorage beside the other runs. Text longer than MAX_TEXT is cut.
 */

export const MAX_TEXT = 20_000;

const storedOutput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), title: z.string(), text: z.string() }),
  z.object({ kind: z.literal('table'), title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number()]))) }),
  z.object({
    kind: z.literal('images'),
    title: z.string(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    count: z.number().int().min(0),
    columns: z.number().int().positive(),
    /** one byte a pixel, base64 */
    bytes: z.string(),
  }),
]);

export const storedOutputsSchema = z.record(z.string(), z.object({ step: z.number(), output: storedOutput }));
export type StoredOutputs = z.infer<typeof storedOutputsSchema>;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function storeOutputs(outputs: Record<string, NodeOutput>): StoredOutputs {
  const out: StoredOutputs = {};
  for (const [nodeId, { step, output }] of Object.entries(outputs)) {
    if (output.kind === 'images') {
      const { pixels, ...rest } = output;
      const bytes = Uint8Array.from(pixels, (v) => Math.round(255 * Math.min(1, Math.max(0, v))));
      out[nodeId] = { step, output: { ...rest, bytes: toBase64(bytes) } };
    } else if (output.kind === 'text') {
      out[nodeId] = { step, output: { ...output, text: output.text.length > MAX_TEXT ? output.text.slice(0, MAX_TEXT) + '…' : output.text } };
    } else out[nodeId] = { step, output };
  }
  return out;
}

export function loadOutputs(stored: StoredOutputs): Record<string, NodeOutput> {
  const out: Record<string, NodeOutput> = {};
  for (const [nodeId, { step, output }] of Object.entries(stored)) {
    let o: EvalOutput;
    if (output.kind === 'images') {
      const { bytes, ...rest } = output;
      o = { ...rest, pixels: Array.from(fromBase64(bytes), (b) => b / 255) };
    } else o = output;
    out[nodeId] = { step, output: o };
  }
  return out;
}
