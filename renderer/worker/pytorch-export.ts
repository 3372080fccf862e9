import type { GraphDocument } from '../../engine/core/graph-document.js';
import { compileGraph } from '../../engine/compile/compile.js';
import type { DataSource } from '../../engine/data/data-source.js';
import type { NodeRegistry } from '../../engine/registry/registry.js';
import type { SafeTensor } from '../../engine/core/safetensors.js';
import { checkTorchExport, compiledGraphOf, exportTorch } from '../../engine/export-torch/export-torch.js';
import { readPythonSource } from '../../engine/export-torch/bundled-python-sources.js';
import type { PytorchExport } from './worker-training-client.js';

/**
 * "Export .py" in the browser: the graph compiled here (its data nodes run on the worker's data:
 * the bundled corpora, the user's files, saved runs), then written as a PyTorch program with the
 * files of its data folder, as `pretrain-lab export --target pytorch` writes them. Weights are
 * read asynchronously, so any backend the worker is on will do. Throws GraphError / NodeRunError
 * pinned to the node at fault.
 */
export async function exportPytorchProgram(doc: GraphDocument, deps: { registry: NodeRegistry; data: DataSource }): Promise<PytorchExport> {
  checkTorchExport(doc, deps.registry);
  const program = await compileGraph(doc, { registry: deps.registry, data: deps.data });
  try {
    const weights: Record<string, SafeTensor> = {};
    for (const v of program.variables) weights[v.name] = { dtype: 'float32', shape: v.variable.shape, data: (await v.variable.data()) as Float32Array } as SafeTensor;
    const exported = exportTorch(
      compiledGraphOf(program, () => weights),
      readPythonSource,
    );
    return { source: exported.source, files: exported.files.map((f) => ({ name: f.name, bytes: f.bytes })) };
  } finally {
    program.dispose();
  }
}
