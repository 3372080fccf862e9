#!/usr/bin/env node
// The CLI is TypeScript: run from a bundle esbuild keeps up to date (bin/cli-bundle.mjs), or
// through tsx where none can be written. Either way a fresh clone needs no build step.
import { bundledCli, TSX_ENTRY } from './cli-bundle.mjs';

const bundle = await bundledCli();
if (bundle) {
  // Stack traces name the TypeScript sources where one is printed (PRETRAIN_LAB_DEBUG): with
  // source maps on, `validate` took 0.97 s where it takes 0.68 s without.
  if (process.env.PRETRAIN_LAB_DEBUG) process.setSourceMapsEnabled(true);
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(TSX_ENTRY);
}
