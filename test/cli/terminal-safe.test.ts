import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { humanReporter } from '../../cli/progress.js';
import { guardTerminalOutput, terminalSafe } from '../../cli/terminal-safe.js';
import { runCli } from '../support/run-cli.js';

// ESC [2J clears the screen, ESC ]0; retitles the window, U+009B is a one-character CSI
const HOSTILE = '\u001b[2J\u001b]0;owned\u0007data/evil\u009b31m';
// what a terminal must never receive: C0 controls but tab and newline, DEL, C1
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('the CLI never prints control sequences from its input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-ansi-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const doc = JSON.parse(readFileSync('samples/causal-lm.graph.json', 'utf8'));
  doc.nodes[0].type = HOSTILE;
  const file = join(dir, `graph\u001b[8m.json`);
  writeFileSync(file, JSON.stringify(doc));

  it('writes them as visible escapes in messages (a node type, a path)', async () => {
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
    expect(r.stdout + r.stderr).toContain('unknown node type "\\u001b[2J\\u001b]0;owned\\u0007data/evil\\u009b31m"');
    expect(r.stdout + r.stderr).toContain('graph\\u001b[8m.json');
  });

  it('keeps --json lines valid JSON that parse back to the exact text', async () => {
    const r = await runCli(['validate', file, '--json']);
    expect(r.stdout).not.toMatch(CONTROL);
    const line = JSON.parse(r.stdout.trim());
    expect(line.file).toBe(file);
    expect(line.diagnostics[0].message).toBe(`unknown node type "${HOSTILE}"`);
  });

  it('leaves tabs, newlines and all printable text alone', () => {
    expect(terminalSafe('a\tb\nc é — 漢字 🙂')).toBe('a\tb\nc é — 漢字 🙂');
    expect(terminalSafe('\r\u0000\u007f')).toBe('\\u000d\\u0000\\u007f');
  });

  it("keeps the progress bar's own redraw sequence on a guarded terminal", () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.WriteStream;
    let written = '';
    (tty as unknown as PassThrough).on('data', (d) => (written += d));
    guardTerminalOutput(tty);
    const report = humanReporter(tty);
    report({ event: 'step', step: 1, loss: 2, lr: 1e-3, gradNorm: 1, tokensPerSec: 100, etaSeconds: 5 });
    report({ event: 'warning', step: 1, nodeId: 'corpus', message: 'dropped "\u001b[2J"' });
    expect(written.startsWith('\r\u001b[K[')).toBe(true);
    expect(written).toContain('\r\u001b[Kwarning: node corpus: dropped "\\u001b[2J"');
  });
});
