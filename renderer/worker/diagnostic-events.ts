import { GraphError, NodeRunError } from '../../engine/core/diagnostics.js';
import { TrainingError } from '../../engine/train/trainer.js';
import type { RunEvent } from '../src/run/training-client.js';

type ErrorEvent = Extract<RunEvent, { event: 'error' }>;

/** GraphError / NodeRunError / TrainingError as error events, one per problem; null for anything else. */
export function diagnosticEvents(e: unknown): ErrorEvent[] | null {
  if (e instanceof GraphError) {
    const errors = e.diagnostics.filter((d) => d.severity === 'error');
    return (errors.length ? errors : e.diagnostics).map((d) => ({
      event: 'error',
      step: 0,
      nodeId: d.nodeId,
      ...(d.port ? { port: d.port } : {}),
      message: d.param ? `setting "${d.param}": ${d.message}` : d.message,
    }));
  }
  if (e instanceof NodeRunError) return [{ event: 'error', step: 0, nodeId: e.nodeId, ...(e.port ? { port: e.port } : {}), message: e.message }];
  if (e instanceof TrainingError) return [{ event: 'error', step: e.step, nodeId: e.nodeId, ...(e.port ? { port: e.port } : {}), message: e.message }];
  return null;
}
