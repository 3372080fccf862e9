import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from '../support/run-cli.js';

describe('pretrain-lab export', () => {
  it('prints the program when no -o is given', async () => {
    const r = await runCli(['export', 'samples/masked-lm.graph.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\/\*\*\n \* Masked LM/);
    expect(r.stdout).toContain('const config: Config = {');
    expect(r.stdout).toContain('await trainFromCommandLine(');
    expect(r.stdout).not.toMatch(/from '\.\.?\//); // no engine imports
  });

  // the golden tests export in their own process: this is the command writing what they train
  it('writes the same program to -o, saying how long it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-cli-'));
    try {
      // printed, the program calls itself program.ts
      const out = join(dir, 'program.ts');
      const [written, printed] = await Promise.all([runCli(['export', 'samples/masked-lm.graph.json', '-o', out]), runCli(['export', 'samples/masked-lm.graph.json'])]);
      expect(written.code).toBe(0);
      const program = readFileSync(out, 'utf8');
      expect(program).toBe(printed.stdout);
      expect(written.stderr).toBe(`${out}: ${program.split('\n').length} lines\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the node at fault in a graph that has errors, without a stack trace', async () => {
    const r = await runCli(['export', 'test/fixtures/broken-graphs/unknown-node-type.graph.json', '-o', '.scratch-never.ts']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown-node-type\.graph\.json: node \w+/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('is a usage error without a graph or with an output that is not .ts', async () => {
    expect((await runCli(['export'])).code).toBe(2);
    const r = await runCli(['export', 'samples/causal-lm.graph.json', '-o', 'out.js']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must end in .ts');
  });
});
