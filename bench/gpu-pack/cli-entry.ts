/** The CLI as one bundled file, for a GPU box without npm (bench/gpu-pack/pack.sh). */
import { main } from '../../cli/main.js';

process.exitCode = await main(process.argv.slice(2));
