import { defineConfig } from 'vitest/config';
import { dawnEnvironment } from './test/support/dawn-environment.js';

// Set before the test processes are forked, which inherit it: Dawn's tests need a Vulkan driver.
Object.assign(process.env, dawnEnvironment());

const TEST_FILES = ['test/**/*.test.ts', 'graph-nodes/**/*.test.ts', 'engine/**/*.test.ts', 'yardsticks/**/*.test.ts', 'renderer/**/*.test.ts', 'electron/**/*.test.ts', 'build/**/*.test.ts'];
// Files that vi.mock a module: a module another file loaded first in the same process would stay unmocked.
const MOCKING_FILES = ['test/integration/checkpoint-faults.test.ts', 'electron/main.test.ts'];

export default defineConfig({
  test: {
    // tfjs-wasm runs one thread per process; two workers keep both cores busy.
    pool: 'forks',
    maxWorkers: 2,
    // A timeout is a wall-clock assertion: CI runs on whichever machine submits, maybe 3x slower
    // than the one a test was written on, with the other core busy. The slowest test takes ~40 s
    // on a 2-core machine under the full suite; these leave 5x and more on top of that. Long
    // trainings belong in bench/ or the CLI, not here.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          // A file's modules stay loaded for the next file in its worker: importing tfjs, the
          // engine and the node catalogue once per worker instead of once per file took the
          // suite from 496 s to 328 s on a quiet 2-core machine. What a file leaves in tfjs is undone
          // by the setup file; files that replace modules (vi.mock) run apart, below.
          isolate: false,
          setupFiles: ['test/support/shared-worker-setup.ts'],
          include: TEST_FILES,
          exclude: MOCKING_FILES,
        },
      },
      { extends: true, test: { name: 'isolated', include: MOCKING_FILES } },
    ],
  },
});
