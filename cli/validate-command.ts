import { analyzeGraph } from '../engine/analysis/validate.js';
import { formatBytes, formatCount } from '../engine/analysis/size-estimate.js';
import { createRegistry } from '../graph-nodes/index.js';
import { loadGraphFile, printDiagnostics } from './load-graph-file.js';
import type { Options } from './command.js';

/** Any number of files, each on its own (a folder of graphs is one command, not one start each). */
export async function validateCommand(pos: string[], o: Options): Promise<number> {
  const registry = createRegistry();
  let allValid = true;
  for (const file of pos) {
    const loaded = await loadGraphFile(file);
    const analysis = loaded.ok ? analyzeGraph(loaded.doc, registry) : null;
    const diagnostics = analysis ? analysis.diagnostics : loaded.ok ? [] : loaded.diagnostics;
    const valid = !diagnostics.some((d) => d.severity === 'error');
    allValid &&= valid;
    const size = analysis && valid ? { parameters: analysis.sizes.parameters, stepBytes: analysis.sizes.stepBytes, assumed: analysis.sizes.assumed } : null;
    if (o.json) process.stdout.write(JSON.stringify({ file, valid, diagnostics, ...(size ? { size } : {}) }) + '\n');
    else {
      printDiagnostics(file, diagnostics.filter((d) => d.severity === 'error'), process.stdout);
      printDiagnostics(file, diagnostics.filter((d) => d.severity === 'warning'), process.stderr);
      if (size) process.stdout.write(`${file}: valid; ${formatCount(size.parameters)} weights, about ${formatBytes(size.stepBytes)} a training step${size.assumed.length ? ` (assuming ${size.assumed.join('; ')})` : ''}\n`);
    }
  }
  return allValid ? 0 : 1;
}
