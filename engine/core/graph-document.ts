import { z } from 'zod';

/**
 * The saved graph document. The editor's view (React Flow nodes, selection, zoom) is built from
 * it and never saved in its place; positions live in the separate `layout` map.
 */

export const GRAPH_FORMAT = 'pretrain-lab/graph';
export const GRAPH_VERSION = 1;

const id = z
  .string()
  .min(1, 'must not be empty')
  .regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, "_" and "-"')
  // ids key objects (tokenizer states, layout): "__proto__" or "toString" would mean something else there
  .refine((v) => !(v in Object.prototype), { message: 'is a name every JavaScript object already has: pick another' });

const portRef = z.strictObject({ node: id, port: z.string().min(1) });

export const graphNodeSchema = z.strictObject({
  id,
  type: z.string().min(1),
  /** the node definition's version the params were written for; absent means 1 */
  version: z.number().int().min(1).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
});

export const graphDocumentSchema = z.strictObject({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: z.string(),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  nodes: z.array(graphNodeSchema),
  edges: z.array(z.strictObject({ from: portRef, to: portRef })),
  notes: z.array(z.strictObject({ id, text: z.string() })).default([]),
  layout: z.record(z.string(), z.strictObject({ x: z.number(), y: z.number() })).default({}),
});

export type GraphDocument = z.infer<typeof graphDocumentSchema>;
export type GraphNode = GraphDocument['nodes'][number];
export type GraphEdge = GraphDocument['edges'][number];
export type PortRef = GraphEdge['from'];

export function portKey(ref: PortRef): string {
  return `${ref.node}.${ref.port}`;
}
