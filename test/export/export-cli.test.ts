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
