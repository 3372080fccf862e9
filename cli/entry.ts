/**
 * The `pretrain-lab` command as a program: what bin/pretrain-lab.mjs starts, bundled or through
 * tsx. Output is made terminal-safe before anything can print.
 */
import { guardTerminalOutput } from './terminal-safe.js';

guardTerminalOutput(process.stdout);
guardTerminalOutput(process.stderr);
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
