/**
 * A backend that stopped working under a run: the GPU device lost, or the GPU rejecting the work
 * it was sent (a shader that does not compile, a buffer over the adapter's limits). Neither is
 * the fault of the node whose op happened to meet it, so it is reported unpinned.
 *
 * The state is per process, as tfjs's backend is: a device's `lost` promise and its uncaptured
 * errors arrive outside any op, so they are recorded here and read by whatever runs next.
 */
export class BackendFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendFailure';
  }
}

let failure: BackendFailure | null = null;

/** Record the first failure of the backend in use (later ones are its consequences). */
export function reportBackendFailure(message: string): void {
  failure ??= new BackendFailure(message);
}

/** The backend in use has failed: why, or null. */
export function backendFailure(): BackendFailure | null {
  return failure;
}

/** A new backend has started: what the last one suffered no longer applies. */
export function clearBackendFailure(): void {
  failure = null;
}

/**
 * The backend failure behind an error thrown by an op, or null when it is the op's own. Besides a
 * recorded failure, an exception the WebGPU API itself throws counts ("Failed to execute
 * 'createBuffer' on 'GPUDevice': ... too large ..." once the device is gone, "'mapAsync' on
 * 'GPUBuffer'"): it can arrive before the device's `lost` promise settles.
 */
export function backendFailureOf(e: unknown): BackendFailure | null {
  if (e instanceof BackendFailure) return e;
  if (failure) return failure;
  const message = e instanceof Error ? e.message : String(e);
  if (/on 'GPU[A-Z]\w*'|\bGPU(Device|Buffer|Queue|Adapter)\b/.test(message)) {
    reportBackendFailure(`the GPU refused an operation: ${message.split('\n')[0]}`);
    return failure;
  }
  return null;
}
