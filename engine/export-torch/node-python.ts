import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { cpus } from 'node:os';

/**
 * Running exported PyTorch programs with the local Python: finding one that imports torch, and
 * starting one process per rank with torchrun's environment set by hand (Debian's torchrun is
 * broken on Python 3.11; the variables are all the program reads).
 */

/**
 * Where to look, in order: the usual names (the first python3 on PATH may lack torch), or only
 * PRETRAIN_LAB_PYTHON when it is set: a Python chosen by name is never swapped for another.
 */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.PRETRAIN_LAB_PYTHON ? [env.PRETRAIN_LAB_PYTHON] : ['python3', '/usr/bin/python3', 'python'];
}

const PROBE = ['-c', 'import torch, numpy'];
/** Why the last Python tried failed its probe (said when it was the chosen one): the last line it wrote, or how it could not start. */
let lastFailure: string | undefined;

/** What to say when no candidate imports torch: which were tried (the chosen one, and why not), and how to get one. */
export function noTorchPython(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PRETRAIN_LAB_PYTHON) return `PRETRAIN_LAB_PYTHON=${env.PRETRAIN_LAB_PYTHON} does not import torch and numpy${lastFailure ? `: ${lastFailure}` : ''}`;
  return `no Python that imports torch and numpy: tried ${pythonCandidates(env).join(', ')} (Debian: apt-get install -y python3-torch; or set PRETRAIN_LAB_PYTHON)`;
}

function probeFailure(error: Error | undefined, stderr: string): string {
  const last = stderr.trim().split('\n').at(-1)?.trim();
  return last || (error ? error.message : 'it exited with an error');
}

let found: string | null | undefined;

/** The first Python that imports torch, or null when none does. */
export function findTorchPython(): string | null {
  if (found !== undefined) return found;
  found = null;
  for (const candidate of pythonCandidates()) {
    const r = spawnSync(candidate, PROBE, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    if (r.status === 0) return (found = candidate);
    lastFailure = probeFailure(r.error, r.stderr ?? '');
  }
  return found;
}

/**
 * The same, without blocking: the desktop app's main process asks, and `import torch` takes a
 * second or two. Shares the answer with findTorchPython.
 */
export async function findTorchPythonAsync(): Promise<string | null> {
  if (found !== undefined) return found;
  for (const candidate of pythonCandidates()) {
    const failure = await new Promise<string | null>((resolve) => execFile(candidate, PROBE, { timeout: 60_000 }, (e, _out, err) => resolve(e ? probeFailure(e, String(err)) : null)));
    if (failure === null) return (found = candidate);
    lastFailure = failure;
  }
  return (found = null);
}

/**
 * The environment a rank runs in. OPENBLAS_CORETYPE is dropped: set to an older core it keeps
 * OpenBLAS off its fast kernels (DESIGN.md measured the difference). Ranks on one machine share
 * its cores, so each gets its share of BLAS threads. Torch's own OpenMP threads stay at one
 * (unless set): the matrix products run in OpenBLAS, and OpenMP threads on top of its threads
 * spin against them; measured on a busy 2-core machine, 2 OpenMP threads made a step ~10x slower.
 */
export function rankEnv(rank: number, world: number, port: number, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { OPENBLAS_CORETYPE: _dropped, ...env } = base;
  const threads = String(Math.max(1, Math.floor(cpus().length / world)));
  return {
    ...env,
    RANK: String(rank),
    LOCAL_RANK: String(rank),
    WORLD_SIZE: String(world),
    MASTER_ADDR: '127.0.0.1',
    MASTER_PORT: String(port),
    OMP_NUM_THREADS: env.OMP_NUM_THREADS ?? '1',
    OPENBLAS_NUM_THREADS: env.OPENBLAS_NUM_THREADS ?? threads,
  };
}

/** A TCP port nobody listens on now, for rank 0's rendezvous. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RanksResult {
  /** 0 when every rank exited 0, else the first failing rank's code (1 when it was killed) */
  code: number;
  /** every rank's stderr, rank by rank, for the message when one fails */
  stderr: string[];
}

/**
 * Start `devices` ranks of `python program args...` and wait for all of them. Rank 0's stdout
 * goes to `onLine` line by line (it alone reports); when a rank fails, the others are stopped.
 * `signal` stops every rank.
 */
export async function runRanks(python: string, program: string, args: string[], devices: number, onLine: (line: string) => void, signal?: AbortSignal): Promise<RanksResult> {
  const port = await freePort();
  const children: ChildProcess[] = [];
  const stderr: string[] = Array.from({ length: devices }, () => '');
  const exits = Array.from({ length: devices }, (_, rank) => {
    const child = spawn(python, [program, ...args], { env: rankEnv(rank, devices, port), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let pending = '';
    child.stdout!.on('data', (d: Buffer) => {
      if (rank !== 0) return;
      pending += d.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.trim()) onLine(line);
    });
    child.stderr!.on('data', (d: Buffer) => (stderr[rank] += d.toString('utf8')));
    return new Promise<number>((resolve) => {
      child.on('error', (e) => {
        stderr[rank] += String(e);
        resolve(1);
      });
      child.on('close', (code) => {
        if (rank === 0 && pending.trim()) onLine(pending);
        if (code !== 0) for (const other of children) if (other !== child && other.exitCode === null) other.kill('SIGTERM');
        resolve(code ?? 1);
      });
    });
  });
  const stop = () => children.forEach((c) => c.exitCode === null && c.kill('SIGINT'));
  signal?.addEventListener('abort', stop, { once: true });
  const codes = await Promise.all(exits);
  signal?.removeEventListener('abort', stop);
  return { code: codes.find((c) => c !== 0) ?? 0, stderr };
}
