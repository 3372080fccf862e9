import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../renderer', import.meta.url));
// The browser tests run against a production build, with the worker's dev-only test page added.
const e2e = !!process.env.PRETRAIN_LAB_E2E;

/**
 * The renderer, for `npm run web` (a browser) and for Electron (which loads the built files).
 * `base: './'` so the built index.html works from file:// inside the packaged app.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  // Vite does not scan workers for dependencies: without this the first training run makes the
  // dev server re-bundle tfjs's backends and reload the page in the middle of the run.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'] },
  server: { port: 5173, strictPort: false, fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  preview: { port: 4173 },
  build: {
    outDir: fileURLToPath(new URL(e2e ? '../dist/e2e' : '../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: `${root}/index.html`,
        ...(e2e ? { harness: `${root}/dev/worker-harness.html` } : {}),
      },
    },
    chunkSizeWarningLimit: 8000,
  },
});
