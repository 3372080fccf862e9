import { NodeRunError } from '../core/diagnostics.js';
import { backendFailureOf, type BackendFailure } from '../backend/backend-failure.js';

/** Run node code so that any failure reaches the user pinned to the node, never as a bare stack. */
export function asNodeError(nodeId: string, e: unknown): NodeRunError | BackendFailure {
  if (e instanceof NodeRunError) return e;
  // a node whose op meets a lost device is not its cause
  const failed = backendFailureOf(e);
  if (failed) return failed;
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
