import { printOutput, runOutput } from './inference-commands.js';
import type { Options } from './command.js';

/** `pretrain-lab infill RUN_DIR TEXT`: a span-corruption model writes the spans TEXT's sentinels stand for. */
export async function infillCommand(pos: string[], o: Options): Promise<number> {
  printOutput(await runOutput(pos[0]!, 'eval/span-infill', 'fill in spans', { text: pos[1] }, o, undefined, { text: 'the text' }));
  return 0;
}
