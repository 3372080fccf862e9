import { expect, test } from '@playwright/test';
import { freshApp, LONG_WAIT, openSample, SHOTS } from './support.js';

/**
 * The contrastive (CLIP-style) sample trains in the app: its data node reads MNIST in the worker
 * (the digits' JSON files fetched from the built app's assets), and the run panel shows InfoNCE's
 * held-out metrics and the zero-shot output's table.
 */
test('trains the contrastive sample on MNIST 20 steps and shows its zero-shot and retrieval table', async ({ page }) => {
  const failed: string[] = [];
  page.on('pageerror', (e) => failed.push(`page error: ${e.message}`));
  // the digits are fetched as plain JSON assets, once
  const digitFetches: string[] = [];
  page.on('request', (r) => {
    if (/\/assets\/\d-[\w-]+\.json$/.test(r.url())) digitFetches.push(r.url());
  });
  await freshApp(page);
  await openSample(page, 'contrastive-clip');
  expect(digitFetches, 'MNIST is not loaded before a run needs it').toEqual([]);
  await page.getByTestId('run-tab').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('steps-input').fill('20');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-status')).toHaveText('Done', LONG_WAIT);
  await expect(page.getByTestId('run-step')).toHaveText('step 20 / 20');
  await expect(page.getByTestId('run-backend')).toContainText('wasm');
  expect(digitFetches).toHaveLength(10);

  // InfoNCE's held-out metrics: pair accuracy in 0..1, the learnt similarity scale (from 1/0.07, at most 100)
  const metrics = page.getByTestId('run-metrics');
  // written for people: "pair accuracy" as a percentage, "logit scale"
  await expect(metrics).toContainText('pair accuracy');
  await expect(metrics).toContainText('logit scale');
  const metric = async (name: string) => (await metrics.locator(`[data-metric="${name}"] strong`).innerText()).trim();
  expect(await metric('pairAccuracy')).toMatch(/^\d+(\.\d)?%$/);
  const pairAccuracy = Number((await metric('pairAccuracy')).replace('%', '')) / 100;
  expect(pairAccuracy).toBeGreaterThanOrEqual(0);
  expect(pairAccuracy).toBeLessThanOrEqual(1);
  const scale = Number(await metric('scale'));
  expect(scale).toBeGreaterThan(1);
  expect(scale).toBeLessThanOrEqual(100);

  const output = page.locator('[data-testid="run-output"][data-node-id="zeroShot"]');
  await expect(output).toContainText('Zero-shot and retrieval');
  await expect(output).toContainText('at step 20');
  const row = output.locator('tr', { has: page.locator('td', { hasText: /^zero-shot accuracy$/ }) });
  await expect(row).toHaveCount(1);
  const accuracy = (await row.locator('td').nth(1).innerText()).trim();
  expect(accuracy).toMatch(/^\d\.\d{3}$/);
  expect(Number(accuracy)).toBeGreaterThanOrEqual(0);
  expect(Number(accuracy)).toBeLessThanOrEqual(1);
  await expect(output.locator('td', { hasText: /^caption -> image recall@5$/ })).toHaveCount(1);

  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', /^(1\d|20)$/);
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  // the run panel is 360 px high: one shot of its top (status, metrics, chart), one of the table
  await page.getByTestId('run-status').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/contrastive-run-chart.png` });
  await output.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/contrastive-run.png` });
  expect(failed).toEqual([]);
});
