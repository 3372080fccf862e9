import { NodeRunError } from '../core/diagnostics.js';

/** Run node code so that any failure reaches the user pinned to the node, never as a bare stack. */
export function asNodeError(nodeId: string, e: unknown): NodeRunError {
  if (e instanceof NodeRunError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new NodeRunError(nodeId, `failed: ${message}`);
}

export function runNode<T>(nodeId: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asNodeError(nodeId, e);
  }
}

export async function runNodeAsync<T>(nodeId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asNodeError(nodeId, e);
  }
}
