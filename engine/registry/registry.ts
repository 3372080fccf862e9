import type { NodeDefinition } from './define-node.js';

/** The node types a graph may use. Filled from an explicit list; never by import side effects. */
export class NodeRegistry {
  private readonly byType = new Map<string, NodeDefinition>();

  constructor(defs: readonly NodeDefinition[] = []) {
    for (const def of defs) this.register(def);
  }

  register(def: NodeDefinition): void {
    if (this.byType.has(def.type)) throw new Error(`node type "${def.type}" is registered twice`);
    // Inputs and outputs are separate namespaces: an edge names an output at one end and an
    // input at the other, so a pass-through port like `hidden` may appear on both sides.
    for (const [side, ports] of [['input', def.inputs], ['output', def.outputs]] as const) {
      const names = new Set<string>();
      for (const port of ports) {
        if (names.has(port.name)) throw new Error(`node type "${def.type}" declares ${side} "${port.name}" twice`);
        names.add(port.name);
      }
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
