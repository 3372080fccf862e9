import { readRepoSource } from '../engine/export/node-library-source.js';

/** This checkout's version, from its package.json (the CLI may run from a bundle elsewhere). */
export function cliVersion(): string {
  return (JSON.parse(readRepoSource('package.json')) as { version: string }).version;
}
