import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isBackendChoice, parseSteps } from './run-options.js';
import type { GraphDocument } from '../../../engine/core/graph-document.js';

const sample = JSON.parse(readFileSync(new URL('../../../samples/causal-lm.graph.json', import.meta.url), 'utf8')) as GraphDocument;

describe('run options', () => {
  it('parses the steps override: empty means the optimizer\'s, else a whole number in range', () => {
    expect(parseSteps('')).toEqual({});
    expect(parseSteps('  250 ')).toEqual({ steps: 250 });
    expect(parseSteps('0').error).toMatch(/from 1 to/);
    expect(parseSteps('2.5').error).toMatch(/whole number/);
    expect(parseSteps('-3').error).toMatch(/whole number/);
    expect(parseSteps('99999999').error).toMatch(/from 1 to 10,000,000/);
  });

  it('knows the backends', () => {
    expect(['auto', 'webgpu', 'webgl', 'wasm', 'cpu', 'tensorflow', 'pytorch'].every(isBackendChoice)).toBe(true);
    expect(isBackendChoice('gpu')).toBe(false);
    expect(isBackendChoice(null)).toBe(false);
  });
});
