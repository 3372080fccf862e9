/**
 * What share of the words in a text are real English words, taking "real" to mean "appears in
 * Moby-Dick" (about 17,000 distinct words, every one written by a person). Measures the causal-LM
 * sample's output:
 *
 *   npx pretrain-lab sample runs/gpt --prompt "The whale " --tokens 2000 | npm run --silent real-words
 */
import { createNodeDataSource } from '../engine/data/node-data-source.js';

const words = (text: string) => text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [];

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const sample = words(Buffer.concat(chunks).toString('utf8'));
if (sample.length === 0) {
  console.error('real-words: no words on stdin; pipe sampled text into it');
  process.exit(2);
}
const corpus = await createNodeDataSource().builtinCorpus('moby-dick');
const known = new Set(corpus.flatMap((d) => words(d.text)));
const real = sample.filter((w) => known.has(w));
const unknown = [...new Set(sample.filter((w) => !known.has(w)))];
console.log(`${real.length} of ${sample.length} words are real (${((100 * real.length) / sample.length).toFixed(1)}%), checked against ${known.size} distinct words of Moby-Dick`);
console.log(`not words: ${unknown.slice(0, 30).join(' ')}${unknown.length > 30 ? ' ...' : ''}`);
