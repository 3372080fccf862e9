import { backendFailureOf } from '../backend/backend-failure.js';

export type Severity = 'error' | 'warning';

/** A problem pinned to the node (and port) that caused it, in plain language. */
export interface Diagnostic {
  nodeId: string | null;
  port?: string;
  /** the setting at fault, so the inspector can point at its field */
  param?: string;
  severity: Severity;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  if (d.nodeId === null) return d.message;
  const setting = d.param ? `setting "${d.param}": ` : '';
  return `node ${d.nodeId}${d.port ? `.${d.port}` : ''}: ${setting}${d.message}`;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Thrown when a graph cannot go further; carries every diagnostic that stopped it. */
export class GraphError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'GraphError';
  }
}

/** Thrown by node code at run time for a problem the user can fix (an empty corpus, a missing file). */
export class NodeRunError extends Error {
  constructor(
    readonly nodeId: string,
    message: string,
    readonly port?: string,
  ) {
    super(message);
    this.name = 'NodeRunError';
  }
  toDiagnostic(): Diagnostic {
    return { nodeId: this.nodeId, port: this.port, severity: 'error', message: this.message };
  }
}

/** A value given for one run of an output node (a command-line option) that its settings refuse. */
export class OverrideError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'OverrideError';
  }
}

/**
 * Run a node's shared code (which throws plain errors, being also part of exported programs) so
 * that its messages reach the user pinned to the node and, when given, the input at fault.
 */
export function pinnedTo<T>(nodeId: string, port: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof NodeRunError) throw e;
    throw backendFailureOf(e) ?? new NodeRunError(nodeId, e instanceof Error ? e.message : String(e), port);
  }
}

/** pinnedTo, for async node code (output nodes). */
export async function pinnedToAsync<T>(nodeId: string, port: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof NodeRunError) throw e;
    throw backendFailureOf(e) ?? new NodeRunError(nodeId, e instanceof Error ? e.message : String(e), port);
  }
}
