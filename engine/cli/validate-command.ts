import { analyzeGraph } from '../analysis/validate.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { loadGraphFile, printDiagnostics } from './load-graph-file.js';
import { UsageError, type Options } from './main.js';

export async function validateCommand(pos: string[], o: Options): Promise<number> {
  if (pos.length !== 1) throw new UsageError(pos.length ? 'give one graph file' : 'which graph file?');
  const file = pos[0]!;
  const loaded = await loadGraphFile(file);
  const diagnostics = loaded.ok ? analyzeGraph(loaded.doc, createRegistry()).diagnostics : loaded.diagnostics;
  const valid = !diagnostics.some((d) => d.severity === 'error');
  if (o.json) process.stdout.write(JSON.stringify({ file, valid, diagnostics }) + '\n');
  else {
    printDiagnostics(file, diagnostics.filter((d) => d.severity === 'error'), process.stdout);
    printDiagnostics(file, diagnostics.filter((d) => d.severity === 'warning'), process.stderr);
    if (valid) process.stdout.write(`${file}: valid\n`);
  }
  return valid ? 0 : 1;
}
