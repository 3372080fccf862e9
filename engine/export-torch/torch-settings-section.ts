import type { NodeDefinition } from '../registry/define-node.js';
import type { CompiledGraph } from './export-torch.js';
import { camelClass, docstring, pyLiteral, pyType } from './python-source.js';

/** The program's settings: a dataclass per node (its settings with their values), and `Settings` holding one of each. */
export function torchSettingsSection(g: CompiledGraph, trained: readonly string[], settingsName: ReadonlyMap<string, string>): string {
  const { analysis } = g;
  const def = (id: string): NodeDefinition => analysis.nodes.get(id)!.def!;
  const stageOf = (id: string) => def(id).stage;
  const settingsClasses = trained.map((id) => {
    const params = (analysis.nodes.get(id)!.params ?? {}) as Record<string, unknown>;
    // a whole number where the node takes fractions too (dropout 0) is a float setting
    const takesFractions = (k: string, v: number) => def(id).params.safeParse({ ...params, [k]: v + 0.5 }).success;
    const annotation = (k: string, v: unknown) => (typeof v === 'number' && Number.isInteger(v) && takesFractions(k, v) ? 'float' : pyType(v));
    const fields = Object.entries(params).map(([k, v]) =>
      typeof v === 'object' && v !== null ? `    ${k}: ${pyType(v)} = field(default_factory=lambda: ${pyLiteral(v)})` : `    ${k}: ${annotation(k, v)} = ${pyLiteral(v)}`,
    );
    const made = stageOf(id) === 'source' ? '\n\nThe data was made at export: changing these here changes nothing; export again.' : '';
    return `@dataclass\nclass ${camelClass(settingsName.get(id)!)}Settings:\n${docstring(`${def(id).title} (node "${id}")${made}`, '    ')}\n${fields.join('\n') || '    pass'}`;
  });
  const settingsClass = [
    '@dataclass',
    'class Settings:',
    docstring("The graph's settings, one entry per node.", '    '),
    `    seed: int = ${g.doc.seed}`,
    ...trained.map((id) => `    ${settingsName.get(id)}: ${camelClass(settingsName.get(id)!)}Settings = field(default_factory=${camelClass(settingsName.get(id)!)}Settings)`),
  ].join('\n');

  return [...settingsClasses, settingsClass].join('\n\n\n');
}
