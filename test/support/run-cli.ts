import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/pretrain-lab.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real `pretrain-lab` launcher in a child process, from the repository root. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; onStdout?: (all: string, child: ChildProcess) => void } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      opts.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What a crash looks like: a JavaScript stack frame or an uncaught error's name. */
export const STACK_TRACE = /^\s+at .+[(:]\d+|^(Type|Reference|Range|Syntax)Error\b|Uncaught|node:internal/m;
