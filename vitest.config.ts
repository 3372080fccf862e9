import { defineConfig } from 'vitest/config';
import { dawnEnvironment } from './test/support/dawn-environment.js';

// Set before the test processes are forked, which inherit it: Dawn's tests need a Vulkan driver.
Object.assign(process.env, dawnEnvironment());

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'graph-nodes/**/*.test.ts', 'engine/**/*.test.ts', 'yardsticks/**/*.test.ts', 'renderer/**/*.test.ts', 'electron/**/*.test.ts', 'build/**/*.test.ts'],
    // tfjs-wasm runs one thread per process; two workers keep both cores busy.
    pool: 'forks',
    maxWorkers: 2,
    // A timeout is a wall-clock assertion: CI runs on whichever machine submits, maybe 3x slower
    // than the one a test was written on, with the other core busy. The slowest test takes ~40 s
    // on a 2-core machine under the full suite; these leave 5x and more on top of that. Long
    // trainings belong in bench/ or the CLI, not here.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
