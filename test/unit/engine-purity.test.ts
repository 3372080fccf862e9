import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

// Node-only adapters: files named node-*.ts (data source, checkpoint store, backend). The CLI
// (cli/, beside engine/) is Node-only as a whole and wires everything, so it is not checked here.
const nodeOnly = (p: string) => /(^|\/)node-[^/]+\.ts$/.test(p);

describe('engine and node code stay portable', () => {
  // the yardsticks too: the app's Compare view measures in its training worker
  const all = [...files('engine'), ...files('graph-nodes'), ...files('yardsticks')];

  it('imports no DOM framework, React or Electron', () => {
    for (const f of all) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/from ['"](react|react-dom|electron|@xyflow\/react|monaco-editor)['"/]/);
    }
  });

  it('imports in one direction: the engine nothing from the node catalogue, the CLI, the app or Electron', () => {
    for (const f of files('engine')) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/from ['"](\.\.\/)+(graph-nodes|cli|renderer|electron)\//);
    }
  });

  it('keeps portable files off the Node-only adapters (a node-* import would pull Node into the Web Worker)', () => {
    for (const f of all.filter((p) => !nodeOnly(p))) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/from ['"][^'"]*\/node-[^/'"]+\.js['"]/);
    }
  });

  it('uses no Node API outside the Node-only adapters, so the engine runs in a Web Worker', () => {
    for (const f of all.filter((p) => !nodeOnly(p))) {
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/from ['"](node:)?(fs|path|os|child_process|worker_threads|fs\/promises|url|util)['"]/);
      expect(src, f).not.toMatch(/\bprocess\.(env|cwd|argv|exit|stdout|stderr)/);
    }
  });
});
