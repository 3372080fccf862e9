#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { guardTerminalOutput } = await import('../cli/terminal-safe.ts');
guardTerminalOutput(process.stdout);
guardTerminalOutput(process.stderr);
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
