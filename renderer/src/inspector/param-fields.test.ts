import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NODE_DEFINITIONS } from '../../../graph-nodes/index.js';
import { describeRange, fieldApplies, numberStep, paramFields, stepValue, textFromValue, valueFromText, type NumberField, type ParamField } from './param-fields.js';

const byName = (fields: ParamField[], name: string) => {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name} in ${fields.map((x) => x.name).join(', ')}`);
  return f;
};

/** The setting names a zod object declares, read without the code under test. */
function declaredKeys(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; _zod: { def: { in?: { shape?: Record<string, unknown> }; schema?: { shape?: Record<string, unknown> } } } };
  return Object.keys(s.shape ?? s._zod.def.in?.shape ?? s._zod.def.schema?.shape ?? {});
}

describe('paramFields over every node type', () => {
  for (const def of NODE_DEFINITIONS) {
    it(`${def.type}: one field per setting, each with a usable default`, () => {
      const fields = paramFields(def.params);
      expect(fields.map((f) => f.name)).toEqual(declaredKeys(def.params));
      for (const f of fields) {
        // every setting of every built-in node has a plain control, not the JSON fallback
        expect(f.kind, f.name).not.toBe('json');
        expect(f.hasDefault, f.name).toBe(true);
        // the defaults the form shows are the ones the schema fills in
        const filled = def.params.parse({}) as Record<string, unknown>;
        expect(f.default, f.name).toEqual(filled[f.name]);
      }
    });
  }

  it('reads numbers with their ranges, integer flag and a step', () => {
    const corpus = paramFields(NODE_DEFINITIONS.find((d) => d.type === 'data/text-corpus')!.params);
    expect(byName(corpus, 'valFraction')).toMatchObject({ kind: 'number', integer: false, min: 0.01, max: 0.5, default: 0.1, step: 0.01 });
    // a bare .int().min(0) has no real maximum: zod's MAX_SAFE_INTEGER is not shown as one
    const maxChars = byName(corpus, 'maxChars') as NumberField;
    expect(maxChars).toMatchObject({ kind: 'number', integer: true, min: 0, step: 1 });
    expect(maxChars.max).toBeUndefined();
    const blocks = paramFields(NODE_DEFINITIONS.find((d) => d.type === 'batching/blocks')!.params);
    expect(byName(blocks, 'blockSize')).toMatchObject({ kind: 'number', integer: true, min: 2, max: 4096, default: 65 });
    const embed = paramFields(NODE_DEFINITIONS.find((d) => d.type === 'model/token-embedding')!.params);
    expect(byName(embed, 'initStd')).toMatchObject({ kind: 'number', min: 0, exclusiveMin: true, step: 0.001 });
  });

  it('reads enums, booleans, strings, the corpus path and the special-token list', () => {
    const corpus = paramFields(NODE_DEFINITIONS.find((d) => d.type === 'data/text-corpus')!.params);
    expect(byName(corpus, 'source')).toMatchObject({ kind: 'enum', options: ['moby-dick', 'sotu', 'brown', 'file'], default: 'moby-dick' });
    expect(byName(corpus, 'path')).toMatchObject({ kind: 'path', default: '', when: { param: 'source', equals: 'file' } });
    const tok = paramFields(NODE_DEFINITIONS.find((d) => d.type === 'tokenizer/char')!.params);
    expect(byName(tok, 'specialTokens')).toMatchObject({ kind: 'enum-list', options: ['pad', 'mask', 'bos', 'eos', 'cls', 'sep', 'unk', 'nlu', 's2s', 'nlg'], default: ['pad', 'mask'] });
    const head = paramFields(NODE_DEFINITIONS.find((d) => d.type === 'model/lm-head')!.params);
    expect(byName(head, 'bias')).toMatchObject({ kind: 'boolean', default: false });
    const sample = paramFields(NODE_DEFINITIONS.find((d) => d.type === 'eval/sample-text')!.params);
    expect(byName(sample, 'prompt')).toMatchObject({ kind: 'string', multiline: false, default: 'The ' });
    // a refined string (fill-mask's [MASK] check) is still a string, long enough for a textarea
    const fill = paramFields(NODE_DEFINITIONS.find((d) => d.type === 'eval/fill-mask')!.params);
    expect(byName(fill, 'text')).toMatchObject({ kind: 'string', multiline: true });
  });

  it('a path applies only while source is "file"', () => {
    const corpus = paramFields(NODE_DEFINITIONS.find((d) => d.type === 'data/text-corpus')!.params);
    const path = byName(corpus, 'path');
    expect(fieldApplies(path, { source: 'moby-dick' })).toBe(false);
    expect(fieldApplies(path, { source: 'file' })).toBe(true);
  });
});

describe('paramFields on shapes it cannot show as controls', () => {
  it('falls back to JSON fields instead of throwing', () => {
    const schema = z.object({
      nested: z.object({ a: z.number() }).default({ a: 1 }),
      pair: z.tuple([z.number(), z.string()]),
      either: z.union([z.string(), z.number()]),
      when: z.date(),
      anything: z.custom<string>(() => true),
      map: z.map(z.string(), z.number()),
      trimmed: z.string().transform((s) => s.trim()),
      numbers: z.array(z.number()).default([1, 2]),
      choice: z.union([z.literal('a'), z.literal('b')]).default('a'),
      described: z.number().int().min(1).max(9).default(3).describe('how many'),
      maybe: z.number().optional(),
    });
    const fields = paramFields(schema);
    const kinds = Object.fromEntries(fields.map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({
      nested: 'json',
      pair: 'json',
      either: 'json',
      when: 'json',
      anything: 'json',
      map: 'json',
      trimmed: 'string',
      numbers: 'json',
      choice: 'enum',
      described: 'number',
      maybe: 'number',
    });
    expect(byName(fields, 'nested').default).toEqual({ a: 1 });
    expect(byName(fields, 'choice')).toMatchObject({ options: ['a', 'b'], default: 'a' });
    expect(byName(fields, 'described').description).toBe('how many');
    expect(byName(fields, 'maybe')).toMatchObject({ optional: true, hasDefault: false });
  });

  it('survives schemas zod cannot convert, and things that are not schemas', () => {
    expect(paramFields(undefined)).toEqual([]);
    expect(paramFields({ safeParse: () => ({ success: true }) })).toEqual([]);
    expect(paramFields(z.string())).toEqual([]);
    // a shape whose whole conversion throws still lists its settings, one by one
    const throwing = { shape: { a: z.number().default(2), b: { nonsense: true } }, _zod: {} };
    const fields = paramFields(throwing);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['a', 'number'],
      ['b', 'json'],
    ]);
  });
});

describe('text <-> values', () => {
  const num: NumberField = { kind: 'number', name: 'x', integer: false, default: 0.1, hasDefault: true, optional: false, step: 0.01, min: 0, max: 1 };
  it('saves numbers as numbers and anything else as the text typed', () => {
    expect(valueFromText(num, '0.25')).toBe(0.25);
    expect(valueFromText(num, ' 1e-4 ')).toBe(1e-4);
    expect(valueFromText(num, '1.')).toBe(1);
    expect(valueFromText(num, 'abc')).toBe('abc');
    expect(valueFromText(num, '')).toBe('');
    expect(valueFromText({ ...num, kind: 'json' } as ParamField, '{"a":1}')).toEqual({ a: 1 });
    expect(valueFromText({ ...num, kind: 'json' } as ParamField, '{"a":')).toBe('{"a":');
    expect(textFromValue(num, 0.25)).toBe('0.25');
    expect(textFromValue(num, 'abc')).toBe('abc');
    expect(textFromValue({ ...num, kind: 'json' } as ParamField, [1, 2])).toBe('[1,2]');
  });

  it('steps numbers within range without float noise', () => {
    expect(stepValue(num, 0.1, 1)).toBe(0.11);
    expect(stepValue(num, 0, -1)).toBe(0);
    expect(stepValue(num, 1, 1)).toBe(1);
    expect(stepValue(num, 'junk', 1)).toBe(0.11);
    expect(stepValue({ ...num, integer: true, step: 1, min: 2, max: 10 }, 2, -1)).toBe(2);
    expect(numberStep(false, 1e-3)).toBe(1e-4);
    expect(numberStep(false, 0, 0, 0.5)).toBe(0.01);
    expect(numberStep(true, 7)).toBe(1);
  });

  it('describes ranges in words', () => {
    expect(describeRange({ ...num, integer: true, min: 2, max: 4096 })).toBe('a whole number from 2 to 4096');
    expect(describeRange({ ...num, min: 0, max: undefined, exclusiveMin: true })).toBe('a number, above 0');
    expect(describeRange({ ...num, min: undefined, max: undefined })).toBe('a number');
  });
});
