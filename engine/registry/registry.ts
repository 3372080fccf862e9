import type { NodeDefinition } from './define-node.js';

/** The node types a graph may use. Filled from an explicit list; never by import side effects. */
export class NodeRegistry {
  private readonly byType = new Map<string, NodeDefinition>();

  constructor(defs: readonly NodeDefinition[] = []) {
    for (const def of defs) this.register(def);
  }

  register(def: NodeDefinition): void {
    if (this.byType.has(def.type)) throw new Error(`node type "${def.type}" is registered twice`);
    const names = new Set<string>();
    for (const port of [...def.inputs, ...def.outputs]) {
      if (names.has(port.name)) throw new Error(`node type "${def.type}" declares port "${port.name}" twice`);
      names.add(port.name);
    }
    this.byType.set(def.type, def);
  }

  get(type: string): NodeDefinition | undefined {
    return this.byType.get(type);
  }

  all(): NodeDefinition[] {
    return [...this.byType.values()];
  }
}
