import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

/**
 * End-to-end tests: Debian's Chromium (apt-get install chromium; never `playwright install`)
 * driving the renderer as built for release and served by `vite preview`. (The dev server
 * re-bundles dependencies on first use and reloads the page, which made runs flaky.)
 */
// Another checkout's suite on the same machine needs its own: PRETRAIN_LAB_E2E_PORT=5191 npx playwright test ...
const PORT = Number(process.env.PRETRAIN_LAB_E2E_PORT ?? 5179);

// Files are handed to the two workers in alphabetical order, so a long file late in the alphabet
// runs on one worker while the other may sit idle. The longest go first, in a project of their own
// (projects are queued in the order listed): webgpu-worker trains on SwiftShader (20-75 s for
// the causal LM, ~3 min for every sample with PRETRAIN_LAB_WEBGPU_SAMPLES=all).
const LONG_FILES = ['webgpu-worker.spec.ts'];

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/e2e',
  // Generous on purpose: a timeout is a wall-clock assertion, and CI may run on a machine 3x
  // slower than this one with the other core busy. A passing wait returns at once.
  timeout: 300_000,
  expect: { timeout: 60_000 },
  // Spec files two at a time: a test mostly waits on one core (the page's training worker, or the
  // build) while the other idles; two at a time took 668 s where one took 1,140 s on a loaded
  // 2-core machine. Tests in a file still run in order.
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  projects: [
    { name: 'long', testMatch: LONG_FILES },
    { name: 'rest', testIgnore: LONG_FILES },
  ],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx vite build --config build/vite.config.ts --logLevel warn && npx vite preview --config build/vite.config.ts --port ${PORT} --strictPort`,
    env: { PRETRAIN_LAB_E2E: '1' },
    cwd: '../..',
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    // a production build: ~11 s on a 2-core machine alone
    timeout: 600_000,
  },
});
