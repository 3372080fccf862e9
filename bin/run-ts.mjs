#!/usr/bin/env node
// Runs a TypeScript entry point: `node bin/run-ts.mjs path/to/file.ts [args...]`. The script sees
// process.argv as if it had been started directly: [node, file, ...args].
import { register } from 'tsx/esm/api';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

register();
const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bin/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const path = resolve(process.cwd(), file);
process.argv = [process.argv[0], path, ...rest];
await import(pathToFileURL(path).href);
