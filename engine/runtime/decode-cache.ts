import * as tf from '@tensorflow/tfjs';

/**
 * What a model keeps between calls when it decodes one token after another: per node, the
 * tensors it needs again (a causal attention layer's keys and values), and how many positions
 * it has read. A call then runs only the new positions. Model nodes see it as `step.decode`,
 * scoped to themselves; a node that does not read it must not be run incrementally (see
 * `incremental` in step.ts).
 */
export interface DecodeState {
  /** positions already read: the first new position of this call */
  readonly offset: number;
  /**
   * `rows` appended to what is kept under `name` (along axis 0), kept for the next call and
   * returned. The first call keeps `rows` as they are.
   */
  extend(name: string, rows: tf.Tensor): tf.Tensor;
  /** the same state, with names scoped to one node */
  scoped(nodeId: string): DecodeState;
}

/** The root of a decode: owns the kept tensors; `advance` after each call, `dispose` at the end. */
export class DecodeCache implements DecodeState {
  private kept = new Map<string, tf.Tensor>();
  private position = 0;

  get offset(): number {
    return this.position;
  }

  extend(name: string, rows: tf.Tensor): tf.Tensor {
    const past = this.kept.get(name);
    const next = past ? tf.concat([past, rows], 0) : rows;
    // kept beyond the tidy the call runs in; the previous value is not needed any more
    this.kept.set(name, tf.keep(next));
    if (past && past !== next) past.dispose();
    return next;
  }

  scoped(nodeId: string): DecodeState {
    const root = this;
    return {
      get offset() {
        return root.offset;
      },
      extend: (name, rows) => root.extend(`${nodeId}/${name}`, rows),
      scoped: (inner) => root.scoped(`${nodeId}/${inner}`),
    };
  }

  /** `positions` more have been read. */
  advance(positions: number): void {
    this.position += positions;
  }

  dispose(): void {
    for (const t of this.kept.values()) t.dispose();
    this.kept.clear();
    this.position = 0;
  }
}
