import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { UtilityChild } from '../tfjs-node-process.js';

const shim = pathToFileURL(fileURLToPath(new URL('./parent-port-shim.mjs', import.meta.url))).href;

/**
 * Electron's utilityProcess.fork, as far as NodeTrainingHost uses it, from Node's
 * child_process.fork: the forked script gets `process.parentPort` from parent-port-shim.mjs.
 * Tests run the built training process under it, without Electron.
 */
export function forkLikeElectron(modulePath: string): UtilityChild {
  const child = fork(modulePath, [], { execArgv: ['--import', shim], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  return {
    postMessage: (m) => void child.send(m as object),
    kill: () => child.kill(),
    on: (event: 'message' | 'exit', listener: (x: any) => void) => child.on(event, listener),
  } as UtilityChild;
}
