import { z } from 'zod';

/**
 * A node's settings as form fields, read from its zod params schema (through zod 4's JSON Schema
 * conversion, input side, so defaults and ranges are what a person may type). Anything this
 * cannot describe as a plain control becomes a JSON text field: an odd schema never breaks the
 * inspector, and nothing saved in the document is hidden.
 */

interface FieldBase {
  name: string;
  /** the schema's default, or undefined when it has none */
  default: unknown;
  hasDefault: boolean;
  description?: string;
  /** the setting may be left out and has no default */
  optional: boolean;
  /** show the field only while another setting has a given value (a file path when source is "file") */
  when?: { param: string; equals: unknown };
}

export interface NumberField extends FieldBase {
  kind: 'number';
  integer: boolean;
  min?: number;
  max?: number;
  /** min/max are exclusive bounds */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  /** what ArrowUp/ArrowDown add, and a hint of the field's scale */
  step: number;
}

export interface EnumField extends FieldBase {
  kind: 'enum';
  options: (string | number | boolean)[];
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
}

export interface StringField extends FieldBase {
  kind: 'string';
  /** long text (a prompt with [MASK]s): a textarea */
  multiline: boolean;
}

/** A file or folder on disk, picked with the host's file dialog or typed. */
export interface PathField extends FieldBase {
  kind: 'path';
}

/** A saved run to start from (a checkpoint node's run): a run of the app, an opened run folder, or a path. */
export interface SavedRunField extends FieldBase {
  kind: 'saved-run';
}

/** A set of choices, each on or off (a tokenizer's special tokens). */
export interface EnumListField extends FieldBase {
  kind: 'enum-list';
  options: (string | number)[];
}

/** Anything else, edited as JSON text. */
export interface JsonField extends FieldBase {
  kind: 'json';
}

export type ParamField = NumberField | EnumField | BooleanField | StringField | PathField | SavedRunField | EnumListField | JsonField;
export type FieldKind = ParamField['kind'];

type JsonSchema = Record<string, any>;

/** Largest bound that still means something: zod writes MAX_SAFE_INTEGER for a bare .int(). */
const NO_BOUND = Number.MAX_SAFE_INTEGER;

const PATH_NAMES = /^(path|file|folder|dir|directory)$|(Path|File|Folder|Dir)$/;

/** The fields of a params schema, in declaration order. Never throws. */
export function paramFields(schema: unknown): ParamField[] {
  const json = objectJsonSchema(schema);
  let fields: ParamField[];
  if (json) {
    const required = new Set<string>(Array.isArray(json.required) ? json.required : []);
    fields = Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, prop]) => fieldFromJson(name, prop, required.has(name)));
  } else {
    // The whole schema would not convert: try each setting on its own.
    fields = Object.entries(objectShape(schema)).map(([name, prop]) => {
      const one = toJsonSchema(prop);
      return one ? fieldFromJson(name, one, true) : jsonField(name, {});
    });
  }
  return linkPaths(fields);
}

function toJsonSchema(schema: unknown): JsonSchema | null {
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return null;
  }
}

function objectJsonSchema(schema: unknown): JsonSchema | null {
  const json = toJsonSchema(schema);
  if (!json) return null;
  if (json.type === 'object' && json.properties && typeof json.properties === 'object') return json;
  return null;
}

/** The property schemas of a zod object, even one wrapped in refinements or a pipe. */
function objectShape(schema: unknown): Record<string, unknown> {
  try {
    const s = schema as { shape?: unknown; _zod?: { def?: { in?: { shape?: unknown }; schema?: { shape?: unknown } } } };
    const shape = s?.shape ?? s?._zod?.def?.in?.shape ?? s?._zod?.def?.schema?.shape;
    return shape && typeof shape === 'object' ? (shape as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function base(name: string, prop: JsonSchema, required: boolean): FieldBase {
  const hasDefault = 'default' in prop;
  return {
    name,
    default: hasDefault ? prop.default : undefined,
    hasDefault,
    ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
    optional: !required && !hasDefault,
  };
}

function jsonField(name: string, prop: JsonSchema, required = true): JsonField {
  return { ...base(name, prop, required), kind: 'json' };
}

function fieldFromJson(name: string, prop: JsonSchema, required: boolean): ParamField {
  const b = base(name, prop, required);
  const options = enumOptions(prop);
  if (options) return { ...b, kind: 'enum', options };
  switch (prop.type) {
    case 'number':
    case 'integer':
      return numberField(b, prop);
    case 'boolean':
      return { ...b, kind: 'boolean' };
    case 'string':
      // a schema marks it with .meta({ widget: 'saved-run' })
      if (prop.widget === 'saved-run') return { ...b, kind: 'saved-run' };
      if (PATH_NAMES.test(name)) return { ...b, kind: 'path' };
      return { ...b, kind: 'string', multiline: (typeof b.default === 'string' && b.default.length > 40) || (prop.maxLength ?? 0) > 200 };
    case 'array': {
      const items = prop.items as JsonSchema | undefined;
      const itemOptions = items && !Array.isArray(items) ? enumOptions(items) : null;
      if (itemOptions && itemOptions.every((o) => typeof o === 'string' || typeof o === 'number')) {
        return { ...b, kind: 'enum-list', options: itemOptions as (string | number)[] };
      }
      return { ...b, kind: 'json' };
    }
    default:
      return { ...b, kind: 'json' };
  }
}

/** enum, const, or a union of consts; null when the property is not a fixed set of primitives. */
function enumOptions(prop: JsonSchema): (string | number | boolean)[] | null {
  const primitive = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (Array.isArray(prop.enum)) return prop.enum.every(primitive) ? prop.enum : null;
  if ('const' in prop) return primitive(prop.const) ? [prop.const] : null;
  const union = prop.anyOf ?? prop.oneOf;
  if (Array.isArray(union) && union.length > 0) {
    const out: (string | number | boolean)[] = [];
    for (const member of union as JsonSchema[]) {
      const opts = enumOptions(member);
      if (!opts) return null;
      out.push(...opts);
    }
    return out;
  }
  return null;
}

function numberField(b: FieldBase, prop: JsonSchema): NumberField {
  const integer = prop.type === 'integer';
  const bound = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < NO_BOUND ? v : undefined);
  const exMin = bound(prop.exclusiveMinimum);
  const exMax = bound(prop.exclusiveMaximum);
  const min = exMin ?? bound(prop.minimum);
  const max = exMax ?? bound(prop.maximum);
  const field: NumberField = { ...b, kind: 'number', integer, step: numberStep(integer, b.default, min, max, prop.multipleOf) };
  if (min !== undefined) field.min = min;
  if (max !== undefined) field.max = max;
  if (exMin !== undefined) field.exclusiveMin = true;
  if (exMax !== undefined) field.exclusiveMax = true;
  return field;
}

/** One tenth of the default's order of magnitude (0.15 -> 0.01, 1e-3 -> 1e-4); 1 for integers. */
export function numberStep(integer: boolean, dflt: unknown, min?: number, max?: number, multipleOf?: unknown): number {
  if (typeof multipleOf === 'number' && multipleOf > 0) return multipleOf;
  if (integer) return 1;
  let ref = typeof dflt === 'number' && dflt !== 0 ? Math.abs(dflt) : NaN;
  if (!Number.isFinite(ref)) ref = min !== undefined && max !== undefined && max > min ? max - min : 1;
  return Number((10 ** (Math.floor(Math.log10(ref)) - 1)).toPrecision(1));
}

/**
 * A path setting next to a choice that includes "file" (the text corpus' `source`) only matters
 * when that choice is made: say so, so the form can hide it otherwise.
 */
function linkPaths(fields: ParamField[]): ParamField[] {
  const chooser = fields.find((f): f is EnumField => f.kind === 'enum' && f.options.includes('file'));
  if (!chooser) return fields;
  return fields.map((f) => (f.kind === 'path' ? { ...f, when: { param: chooser.name, equals: 'file' } } : f));
}

/** Whether a field applies given the node's current settings (saved or default). */
export function fieldApplies(field: ParamField, values: Record<string, unknown>): boolean {
  return !field.when || values[field.when.param] === field.when.equals;
}

// ---- values <-> text ------------------------------------------------------------------------

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * What typing `text` into a field saves. A number field saves a number when the text is one, and
 * otherwise the text itself: the document keeps what was typed and the graph's diagnostics say
 * what is wrong. A JSON field saves the parsed value, or the text when it is not JSON yet.
 */
export function valueFromText(field: ParamField, text: string): unknown {
  if (field.kind === 'number') {
    const t = text.trim();
    return NUMBER_TEXT.test(t) ? Number(t) : text;
  }
  if (field.kind === 'json') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** How a value (saved, default, or an invalid one someone typed) reads in a text box. */
export function textFromValue(field: ParamField, value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (field.kind === 'number' && typeof value === 'number') return String(value);
  if (field.kind === 'json') return JSON.stringify(value) ?? '';
  return typeof value === 'object' ? (JSON.stringify(value) ?? '') : String(value);
}

/** The value ArrowUp (+1) or ArrowDown (-1) moves a number field to, kept inside its range. */
export function stepValue(field: NumberField, value: unknown, direction: 1 | -1): number {
  const start = typeof value === 'number' && Number.isFinite(value) ? value : typeof field.default === 'number' ? field.default : (field.min ?? 0);
  let next = start + direction * field.step;
  // Round away float noise (0.1 + 0.01 = 0.11000000000000001) to the step's precision.
  const decimals = Math.max(0, -Math.floor(Math.log10(field.step)) + 2);
  next = Number(next.toFixed(Math.min(20, decimals)));
  if (field.integer) next = Math.round(next);
  if (field.min !== undefined && next < field.min) next = field.exclusiveMin ? start : field.min;
  if (field.max !== undefined && next > field.max) next = field.exclusiveMax ? start : field.max;
  return next;
}

/** "an integer from 2 to 4096", "a number above 0" — the hint under a number field. */
export function describeRange(field: NumberField): string {
  const what = field.integer ? 'a whole number' : 'a number';
  const { min, max } = field;
  if (min !== undefined && max !== undefined && !field.exclusiveMin && !field.exclusiveMax) return `${what} from ${min} to ${max}`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(field.exclusiveMin ? `above ${min}` : `at least ${min}`);
  if (max !== undefined) parts.push(field.exclusiveMax ? `below ${max}` : `at most ${max}`);
  return parts.length ? `${what}, ${parts.join(' and ')}` : what;
}

/** Whether a saved value is the same as the default (so the form can say "default"). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
