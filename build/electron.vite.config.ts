import { defineConfig, type UserConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

/**
 * Bundles the Electron side into dist/electron/ (run by `npm run build:electron`, once per target):
 *  - `--mode main`: main.js and tfjs-node-worker.js, ES modules for Node (the package is
 *    "type": "module"). Our own code (electron/, engine/, graph-nodes/) is bundled; every npm
 *    package stays an import, loaded at run time from node_modules (in the packaged app, from
 *    app.asar, where electron-builder puts the production dependencies). That keeps tfjs's wasm
 *    files, the corpora packages and the optional native tfjs-node where they expect to be.
 *  - `--mode preload`: preload.cjs, one self-contained CommonJS file (a sandboxed preload can
 *    require nothing but 'electron'), zod included.
 * The renderer is built separately (`npm run build:web` -> dist/renderer).
 */
export type ElectronTarget = 'main' | 'preload';

const repo = fileURLToPath(new URL('..', import.meta.url));
export const ELECTRON_OUT_DIR = path.join(repo, 'dist', 'electron');

/** A bare specifier (an npm package, `node:` builtin, 'electron'), not a file of this repository. */
function isPackageImport(id: string): boolean {
  return !id.startsWith('.') && !id.startsWith('\0') && !path.isAbsolute(id);
}

export function electronViteConfig(target: ElectronTarget, outDir: string = ELECTRON_OUT_DIR): UserConfig {
  const common: UserConfig = {
    root: repo,
    publicDir: false,
    envDir: false,
    logLevel: 'warn',
    clearScreen: false,
  };
  if (target === 'main') {
    return {
      ...common,
      build: {
        ssr: true,
        outDir,
        emptyOutDir: true, // main runs first and clears what a previous build left
        target: 'node22', // Electron 45's Node
        minify: false,
        sourcemap: true,
        copyPublicDir: false,
        rolldownOptions: {
          input: {
            main: path.join(repo, 'electron/main.ts'),
            'tfjs-node-worker': path.join(repo, 'electron/tfjs-node-worker.ts'),
          },
          external: (id) => isPackageImport(id),
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    };
  }
  return {
    ...common,
    ssr: { noExternal: true },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: false, // beside main.js
      target: 'chrome140', // Electron 45's Chromium
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      rolldownOptions: {
        input: { preload: path.join(repo, 'electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  if (mode !== 'main' && mode !== 'preload') throw new Error(`build/electron.vite.config.ts: use --mode main or --mode preload (got "${mode}")`);
  return electronViteConfig(mode);
});
