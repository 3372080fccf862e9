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

/** Throw the backend's failure, if it has one; else the error as it is. */
export function rethrowAsBackendFailure(e: unknown): never {
  throw e instanceof BackendFailure ? e : (failure ?? e);
}
