import { expect, test, type Page } from '@playwright/test';
import { freshApp, LONG_WAIT, openSample, selectNode, SHOTS } from './support.js';

/** Long tasks on the main thread, recorded from page start (PerformanceObserver, buffered). */
async function watchLongTasks(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Make the sample's text output short, so the run's last step does not sample 300 characters. */
async function shortSample(page: Page) {
  await selectNode(page, 'sample');
  await page.getByTestId('param-tokens').fill('40');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
}

test.describe('training from the app', () => {
  test('trains the causal-LM sample 20 steps: the step counter and chart move, the main thread stays free', async ({ page }) => {
    await watchLongTasks(page);
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await shortSample(page);
    await page.getByTestId('run-tab').click();
    await page.getByTestId('backend-select').selectOption('wasm');
    await page.getByTestId('steps-input').fill('20');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-step')).toContainText(/step [1-9]\d* \/ 20/, LONG_WAIT);
    const firstStepAt = await page.evaluate(() => performance.now());
    await page.screenshot({ path: `${SHOTS}/training-running.png` });
    await expect(page.getByTestId('run-status')).toHaveText('Done', LONG_WAIT);
    const doneAt = await page.evaluate(() => performance.now());
    await expect(page.getByTestId('run-step')).toHaveText('step 20 / 20');
    await expect(page.getByTestId('run-backend')).toContainText('wasm');
    await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', /^(1\d|20)$/);
    await expect(page.getByTestId('run-outputs')).toContainText('The whale');
    await expect(page.getByTestId('run-history-item')).toHaveCount(1);
    await page.screenshot({ path: `${SHOTS}/training-done.png` });
    // Training on the main thread would keep it busy nearly the whole run. Measured as a share of
    // the run, not in milliseconds, so a slower machine (which also renders slower) passes alike.
    const long = await page.evaluate(([t0, t1]) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((e) => e.start >= t0! && e.start <= t1!), [firstStepAt, doneAt]);
    const busy = long.reduce((sum, e) => sum + e.duration, 0);
    expect(busy / (doneAt - firstStepAt), JSON.stringify(long)).toBeLessThan(0.25);
  });

  test('stop ends a run at a step boundary with a checkpoint; resume carries on from it', async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await shortSample(page);
    await page.getByTestId('run-tab').click();
    await page.getByTestId('backend-select').selectOption('wasm');
    await page.getByTestId('steps-input').fill('400');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-step')).toContainText(/step ([3-9]|\d\d+) \/ 400/, LONG_WAIT);
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('run-status')).toContainText('Stopped', LONG_WAIT);
    const stoppedAt = Number((await page.getByTestId('run-step').innerText()).match(/step (\d+)/)![1]);
    expect(stoppedAt).toBeLessThan(400);
    await page.screenshot({ path: `${SHOTS}/training-stopped.png` });
    await page.getByTestId('resume-button').click();
    await expect(page.getByTestId('run-step')).toContainText(new RegExp(`step (${stoppedAt + 1}|${stoppedAt + 2}|${stoppedAt + 3}|\\d{3}) / 400`), LONG_WAIT);
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('run-status')).toContainText('Stopped', LONG_WAIT);
  });

  test('a graph with problems cannot be run, and says why', async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await page.locator('.react-flow__node[data-id="decoder"]').click();
    await page.getByTestId('param-heads').fill('5');
    await page.getByTestId('run-tab').click();
    await expect(page.getByTestId('run-button')).toBeDisabled();
    await expect(page.getByTestId('run-blocked')).toContainText('Fix the 1 problem');
  });

  test('two runs of a graph are kept in its history and can be overlaid on one chart', async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await shortSample(page);
    await page.getByTestId('run-tab').click();
    await page.getByTestId('backend-select').selectOption('wasm');
    await page.getByTestId('steps-input').fill('4');
    for (let i = 0; i < 2; i++) {
      await page.getByTestId('run-button').click();
      await expect(page.getByTestId('run-status')).toHaveText('Done', LONG_WAIT);
    }
    await expect(page.getByTestId('run-history-item')).toHaveCount(2);
    for (const box of await page.getByTestId('run-history-overlay').all()) await box.check();
    await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-mode', 'overlay');
    await page.screenshot({ path: `${SHOTS}/training-overlay.png` });
  });
});
