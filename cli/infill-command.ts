import { printOutput, runOutput } from './inference-commands.js';
import { UsageError, type Options } from './command.js';

/** `pretrain-lab infill RUN_DIR TEXT`: a span-corruption model writes the spans TEXT's sentinels stand for. */
export async function infillCommand(pos: string[], o: Options): Promise<number> {
  if (pos.length !== 2) throw new UsageError('give a run folder and a text with <extra_id_0>, <extra_id_1>, ... in it');
  printOutput(await runOutput(pos[0]!, 'eval/span-infill', 'fill in spans', { text: pos[1] }, o));
  return 0;
}
