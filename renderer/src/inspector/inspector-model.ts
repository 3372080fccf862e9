import type { GraphDocument, GraphNode } from '../../../engine/core/graph-document.js';
import type { NodeSize, SizeEstimate } from '../../../engine/analysis/size-estimate.js';
import type { Diagnostic } from '../../../engine/core/diagnostics.js';
import type { TensorType } from '../../../engine/core/tensor-type.js';
import type { NodeDefinition, PortSpec } from '../../../engine/registry/define-node.js';
import type { NodeRegistry } from '../../../engine/registry/registry.js';
import type { Analysis } from '../../../engine/analysis/validate.js';
import { parseParams } from '../../../engine/analysis/params.js';
import { fieldApplies, paramFields, sameValue, type ParamField } from './param-fields.js';

/**
 * What the inspector shows for one node, computed from the document alone (no React): each
 * setting with its current value, whether that is the default, and what is wrong with it.
 */

export interface FieldState {
  field: ParamField;
  /** the saved value, or the default when none is saved */
  value: unknown;
  /** the document holds a value for this setting */
  saved: boolean;
  /** the value shown is the default (nothing saved, or the saved value equals it) */
  isDefault: boolean;
  /** problems with this setting: the schema's, then the graph analysis' */
  errors: string[];
  /** false for a setting that does not apply now (a file path while a built-in corpus is chosen) */
  applies: boolean;
  /** a saved setting the node type does not have: shown so it can be seen and removed */
  unknown?: boolean;
}

export interface PortView {
  name: string;
  doc: string;
  optional: boolean;
  /** the declared type, or the inferred one (concrete shapes) once analysis has it */
  type: TensorType;
}

export interface NodeInspection {
  node: GraphNode;
  def?: NodeDefinition;
  fields: FieldState[];
  /** problems with the settings as a whole (unknown settings, a newer version) */
  settingsIssues: string[];
  diagnostics: Diagnostic[];
  inputs: PortView[];
  outputs: PortView[];
  /** a model node's weights, largest activation and share of a training step's memory, beside the graph's */
  size: { node: NodeSize; graph: Pick<SizeEstimate, 'parameters' | 'stepBytes' | 'assumed'> } | null;
}

const fieldCache = new WeakMap<object, ParamField[]>();

/** The form fields of a node type, computed once per definition. */
export function fieldsOf(def: NodeDefinition): ParamField[] {
  let fields = fieldCache.get(def);
  if (!fields) {
    fields = paramFields(def.params);
    fieldCache.set(def, fields);
  }
  return fields;
}

export function inspectNode(doc: GraphDocument, analysis: Pick<Analysis, 'diagnostics' | 'nodes' | 'sizes'>, registry: NodeRegistry, nodeId: string): NodeInspection | null {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const def = registry.get(node.type);
  const diagnostics = analysis.diagnostics.filter((d) => d.nodeId === nodeId);
  const params = (node.params ?? {}) as Record<string, unknown>;
  const schemaFields = def ? fieldsOf(def) : [];
  const known = new Set(schemaFields.map((f) => f.name));

  const errors = new Map<string, string[]>();
  const settingsIssues: string[] = [];
  const addError = (param: string, message: string) => {
    const list = errors.get(param) ?? [];
    if (!list.includes(message)) list.push(message);
    errors.set(param, list);
  };
  if (def) {
    const parsed = parseParams(def, params, node.version);
    for (const issue of parsed.issues) {
      const top = issue.param?.split('.')[0];
      if (top && (known.has(top) || top in params)) addError(top, issue.message);
      else settingsIssues.push(issue.message);
    }
  }
  // Checks only the node's infer can make (a file path left empty) arrive as diagnostics.
  for (const d of diagnostics) if (d.param && (known.has(d.param) || d.param in params)) addError(d.param, d.message);

  const values: Record<string, unknown> = {};
  for (const f of schemaFields) values[f.name] = f.name in params ? params[f.name] : f.default;

  const fields: FieldState[] = schemaFields.map((field) => {
    const saved = field.name in params;
    const value = values[field.name];
    const errs = errors.get(field.name) ?? [];
    return {
      field,
      value,
      saved,
      isDefault: field.hasDefault && (!saved || sameValue(value, field.default)),
      errors: errs,
      applies: fieldApplies(field, values) || errs.length > 0,
    };
  });
  for (const [name, value] of Object.entries(params)) {
    if (known.has(name)) continue;
    fields.push({
      field: { kind: 'json', name, default: undefined, hasDefault: false, optional: true },
      value,
      saved: true,
      isDefault: false,
      errors: errors.get(name) ?? (def ? [`is not a setting of ${def.title}: remove it`] : []),
      applies: true,
      unknown: true,
    });
  }

  const analyzed = analysis.nodes.get(nodeId);
  const ports = (specs: PortSpec[], inferred?: Record<string, TensorType | undefined>): PortView[] =>
    specs.map((p) => ({ name: p.name, doc: p.doc, optional: !!p.optional, type: inferred?.[p.name] ?? p.type }));

  return {
    node,
    def,
    fields,
    settingsIssues,
    diagnostics,
    inputs: def ? ports(def.inputs, analyzed?.inputs) : [],
    outputs: def ? ports(def.outputs, analyzed?.outputs) : [],
    size: sizeOf(analysis.sizes, nodeId),
  };
}

/** The settings change a set of checkboxes makes: options in their order, unknown entries kept. */
export function toggleOption(current: unknown, option: string | number, on: boolean, options: readonly (string | number)[]): unknown[] {
  const list = Array.isArray(current) ? current : [];
  const chosen = new Set(list);
  if (on) chosen.add(option);
  else chosen.delete(option);
  return [...options.filter((o) => chosen.has(o)), ...list.filter((v) => !options.includes(v as string | number) && chosen.has(v))];
}

function sizeOf(sizes: SizeEstimate, nodeId: string): NodeInspection['size'] {
  const node = sizes.nodes.get(nodeId);
  return node ? { node, graph: { parameters: sizes.parameters, stepBytes: sizes.stepBytes, assumed: sizes.assumed } } : null;
}
