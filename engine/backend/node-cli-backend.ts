import { initNodeBackend, NODE_BACKENDS, type NodeBackendName } from './node-backend.js';
import { startNodeWebgpu } from './node-webgpu.js';
import { adapterLabel } from './gpu-adapter.js';

/** The command line's backends: an exported program's, and webgpu through Dawn. */
export const CLI_BACKENDS = ['tensorflow', 'webgpu', ...NODE_BACKENDS.filter((b) => b !== 'tensorflow')] as const;
export type CliBackendName = NodeBackendName | 'webgpu';

export interface CliBackend {
  /** as tfjs names it */
  backend: string;
  /** the GPU adapter, for webgpu, as adapterLabel says it */
  adapter: string | null;
}

/** Initialise the backend the command line was asked for (none: tensorflow when installed, else wasm). */
export async function initCliBackend(choice?: CliBackendName): Promise<CliBackend> {
  if (choice === 'webgpu') return { backend: 'webgpu', adapter: adapterLabel(await startNodeWebgpu()) };
  return { backend: await initNodeBackend(choice), adapter: null };
}
