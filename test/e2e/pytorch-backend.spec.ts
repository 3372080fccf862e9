import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'vite';
import { electronViteConfig } from '../../build/electron.vite.config.js';
import { findTorchPython } from '../../engine/export-torch/node-python.js';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { NodeTrainingHost } from '../../electron/tfjs-node-process.js';
import { detectTorch } from '../../electron/torch-python.js';
import { forkLikeElectron } from '../../electron/test-support/fork-like-electron.js';
import { freshApp, LONG_WAIT, openSample, selectNode, SHOTS } from './support.js';

/**
 * The desktop app's "PyTorch (local Python)" backend, end to end in the real UI. Electron cannot
 * start here, so its part is played: the preload's `window.pretrainLab` calls into this test
 * through a Playwright binding, and the test answers as main.ts does — with the real Python
 * detection and the real training host, which forks the built training process (the worker of
 * `npm run build:electron`) as a utility process would be forked, and streams its events back.
 * What this cannot show is Electron's own IPC, which main.test.ts and electron-build.test.ts cover.
 */

const repo = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(repo, '.tmp', `e2e-electron-${process.pid}`);
const python = findTorchPython();

test.skip(!python && process.env.CI !== 'true', 'no Python with torch here');
test.beforeAll(async () => {
  rmSync(outDir, { recursive: true, force: true });
  await build({ ...electronViteConfig('main', outDir), configFile: false });
});
test.afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Play main: answer the channels the app calls at start and for training; record the calls. */
async function playMain(page: Page, runsDir: string) {
  const calls: string[] = [];
  const host = new NodeTrainingHost({
    fork: forkLikeElectron,
    workerPath: join(outDir, 'tfjs-node-worker.js'),
    runsDir,
    emit: (runId, event) => void page.evaluate(([p]) => (window as unknown as { __emit(c: string, p: unknown): void }).__emit('train:event', p), [{ runId, event }] as const).catch(() => {}),
  });
  await page.exposeBinding('__invoke', async (_source, channel: string, params: Record<string, unknown>) => {
    calls.push(channel === 'train:node-start' ? `${channel} ${String(params.backend)}${params.resume ? ' resume' : ''}` : channel);
    switch (channel) {
      case 'recent:list':
        return [];
      case 'train:node-available':
        return { available: false, package: null, reason: 'neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed' };
      case 'train:pytorch-available':
        return detectTorch();
      case 'train:node-start':
        return host.start(params.doc as GraphDocument, params.steps as number | undefined, params.backend as 'pytorch', { name: params.runName as string, resume: params.resume === true });
      case 'train:node-stop':
        return (host.stop(params.runId as string), null);
      default:
        return null; // window:set-state and the like
    }
  });
  await page.addInitScript(() => {
    const listeners = new Map<string, ((p: unknown) => void)[]>();
    const w = window as unknown as Record<string, unknown>;
    w.__emit = (channel: string, payload: unknown) => (listeners.get(channel) ?? []).forEach((l) => l(payload));
    w.pretrainLab = {
      invoke: (channel: string, params: unknown) => (w.__invoke as (c: string, p: unknown) => Promise<unknown>)(channel, params),
      on: (channel: string, l: (p: unknown) => void) => {
        listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
        return () =>
          listeners.set(
            channel,
            (listeners.get(channel) ?? []).filter((x) => x !== l),
          );
      },
    };
  });
  return { calls, host };
}

test('the run panel offers PyTorch where a local Python imports torch, trains the open graph there, stops it and resumes it', async ({ page }, info) => {
  const runsDir = info.outputPath('runs');
  mkdirSync(runsDir, { recursive: true });
  const { calls, host } = await playMain(page, runsDir);
  await freshApp(page);
  await openSample(page, 'causal-lm');
  await selectNode(page, 'sample');
  await page.getByTestId('param-tokens').fill('40');
  await page.getByTestId('run-tab').click();
  const select = page.getByTestId('backend-select');
  await expect(select.locator('option')).toHaveText(['auto', 'webgpu', 'webgl', 'wasm', 'cpu', 'PyTorch (local Python)']);
  await select.selectOption('pytorch');
  await page.getByTestId('steps-input').fill('2000');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-backend')).toContainText('on pytorch', LONG_WAIT);
  await expect(page.getByTestId('run-step')).toContainText(/step ([3-9]|\d\d+) \/ 2000/, LONG_WAIT);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toContainText('Stopped at step', LONG_WAIT);
  const stoppedAt = Number((await page.getByTestId('run-step').innerText()).match(/step (\d+)/)![1]);
  expect(stoppedAt).toBeLessThan(2000);
  // the run folder is the run's id: Resume goes on with it in the training process, from its checkpoint
  await expect(page.getByTestId('resume-button')).toBeEnabled();
  await page.getByTestId('steps-input').fill(String(stoppedAt + 20));
  await page.getByTestId('resume-button').click();
  // fail at once on an error, saying it, rather than waiting out the timeout
  await expect(page.getByTestId('run-status')).toHaveText(/^(Done|Failed|Crashed)$/, { timeout: 300_000 });
  if ((await page.getByTestId('run-status').innerText()) !== 'Done') throw new Error(`the resumed run ended: ${await page.getByTestId('run-error').innerText()}`);
  await expect(page.getByTestId('run-step')).toContainText(`step ${stoppedAt + 20} / ${stoppedAt + 20}`);
  await expect(page.getByTestId('loss-chart')).not.toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('run-outputs')).toContainText('The whale');
  await expect(page.getByTestId('run-history-item')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/pytorch-backend-done.png` });
  expect(calls.filter((c) => c.startsWith('train:node-start'))).toEqual(['train:node-start pytorch', 'train:node-start pytorch resume']);
  // one run folder, which the Python program wrote in the engine's layout and went on with
  const [run, ...others] = readdirSync(runsDir);
  expect(others).toEqual([]);
  expect(readdirSync(join(runsDir, run!))).toEqual(expect.arrayContaining(['graph.json', 'events.jsonl', 'latest', 'pytorch']));
  host.dispose();
});
