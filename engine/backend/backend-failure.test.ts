import { afterEach, describe, expect, it } from 'vitest';
import { NodeRunError, pinnedTo } from '../core/diagnostics.js';
import { runNode } from '../compile/run-node.js';
import { BackendFailure, backendFailure, clearBackendFailure } from './backend-failure.js';

// What Chromium threw in the causal sample on webgpu (issue #14), blamed there on node embed.
const CHROMIUM_LOST_DEVICE =
  "Failed to execute 'createBuffer' on 'GPUDevice': createBuffer failed, size (4096) is too large for the implementation when mappedAtCreation == true";

afterEach(() => clearBackendFailure());

describe('a WebGPU API error met by a node is the backend failing, not the node', () => {
  it('is not pinned to the node whose op met it, and is remembered for what runs next', () => {
    const thrown = (() => {
      try {
        runNode('embed', () => {
          throw new RangeError(CHROMIUM_LOST_DEVICE);
        });
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(BackendFailure);
    expect((thrown as Error).message).toBe(`the GPU refused an operation: ${CHROMIUM_LOST_DEVICE}`);
    expect(backendFailure()).toBe(thrown);
    // a node's shared code meeting it afterwards: the same failure
    expect(() => pinnedTo('decoder', undefined, () => { throw new Error('buffer is invalid'); })).toThrow(BackendFailure);
  });

  it("a node's own error stays pinned to it", () => {
    expect(() => runNode('embed', () => { throw new Error('ids out of range'); })).toThrow(NodeRunError);
    expect(backendFailure()).toBeNull();
  });
});
