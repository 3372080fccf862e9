import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, rankEnv } from '../../engine/export-torch/node-python.js';

/**
 * One Python process that runs exported programs one after another, each as `python FILE ARGS`
 * would (runpy as __main__, sys.argv and sys.path[0] set, its exit code and output kept apart),
 * in one rank's environment (rankEnv). `import torch` is most of what a small program's run
 * costs: the parity tests paid it once a case.
 */
const SERVER = `import contextlib, io, json, os, runpy, sys, traceback
while True:
    line = sys.stdin.readline()
    if not line:
        break
    file, args = json.loads(line)
    out, err = io.StringIO(), io.StringIO()
    sys.argv = [file, *args]
    sys.path[0] = os.path.dirname(os.path.abspath(file))
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            runpy.run_path(file, run_name="__main__")
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:
            code = 1
            err.write(f"{e.code}\\n")
    except BaseException:
        code = 1
        err.write(traceback.format_exc())
    sys.__stdout__.write(json.dumps({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\\n")
    sys.__stdout__.flush()
`;

export interface ProgramRun {
  code: number;
  /** the program's stdout lines, empty ones left out */
  lines: string[];
  stderr: string;
}

export interface ProgramRunner {
  run(file: string, args: string[]): Promise<ProgramRun>;
  close(): Promise<void>;
}

export async function startProgramRunner(python: string): Promise<ProgramRunner> {
  const child: ChildProcess = spawn(python, ['-c', SERVER], { env: rankEnv(0, 1, await freePort()), stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting: { resolve(r: ProgramRun): void; reject(e: Error): void }[] = [];
  let pending = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) =>
    child.on('close', (code) => {
      for (const w of waiting.splice(0)) w.reject(new Error(`the Python process running the programs exited (${code}):\n${stderr.trim()}`));
      resolve();
    }),
  );
  child.on('error', (e) => (stderr += String(e)));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout!.on('data', (d: Buffer) => {
    pending += d.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const r = JSON.parse(line) as { code: number; stdout: string; stderr: string };
      waiting.shift()?.resolve({ code: r.code, lines: r.stdout.split('\n').filter((l) => l.trim()), stderr: r.stderr });
    }
  });
  return {
    run: (file, args) =>
      new Promise<ProgramRun>((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`the Python process running the programs has exited:\n${stderr.trim()}`));
        waiting.push({ resolve, reject });
        child.stdin!.write(JSON.stringify([file, args]) + '\n');
      }),
    close: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}
