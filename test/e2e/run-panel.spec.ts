import { expect, test, type Page } from '@playwright/test';
import { freshApp, LONG_WAIT, openSample, selectNode, SHOTS } from './support.js';

/**
 * Issue #14 items 4 and 5: the run panel belongs to the open graph (after New or another graph
 * it shows nothing of the last one's run, which stays in that graph's history, outputs and all),
 * and Stop is prompt (a second Stop skips the final evaluation and sampling; Stop is never held
 * disabled while a run goes on).
 */

async function setParam(page: Page, node: string, param: string, value: string) {
  await selectNode(page, node);
  await page.getByTestId(`param-${param}`).fill(value);
}

async function runFor(page: Page, steps: string) {
  await page.getByTestId('run-tab').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('steps-input').fill(steps);
  await page.getByTestId('run-button').click();
}

async function expectNoRunShown(page: Page) {
  await expect(page.getByTestId('run-status')).toHaveText('Ready');
  await expect(page.getByTestId('run-step')).toContainText('step 0 /');
  await expect(page.getByTestId('run-output')).toHaveCount(0);
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await expect(page.getByTestId('run-metrics')).toHaveCount(0);
  await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-points', '0');
}

test.describe('the run panel', () => {
  test("shows only the open graph's run: New and another graph start clean; the run stays in its graph's history", async ({ page }) => {
    page.on('dialog', (d) => void d.accept());
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await setParam(page, 'sample', 'tokens', '40');
    await runFor(page, '3');
    await expect(page.getByTestId('run-status')).toHaveText('Done', LONG_WAIT);
    await expect(page.getByTestId('run-outputs')).toContainText('The whale');
    // held-out metrics written for people (item 8)
    await expect(page.locator('[data-metric="baselineAccuracy"]')).toHaveText(/^baseline accuracy [\d.]+%$/);
    await expect(page.getByTestId('run-metrics')).not.toContainText('baselineAccuracy');

    await page.getByTestId('new-button').click();
    await expectNoRunShown(page);
    await expect(page.getByTestId('run-history-item')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/run-panel-after-new.png` });

    // another graph's failed run: its error is not shown once a third graph is open
    await openSample(page, 'masked-lm');
    await expectNoRunShown(page);
    await setParam(page, 'fill', 'text', 'Call me Ish[MASK]ael ж');
    await runFor(page, '2');
    await expect(page.getByTestId('run-error')).toContainText('vocabulary lacks', LONG_WAIT);

    await openSample(page, 'causal-lm');
    await page.getByTestId('run-tab').click();
    await expectNoRunShown(page);
    // ...but its history has the run, with what the sample node wrote
    await expect(page.getByTestId('run-history-item')).toHaveCount(1);
    await page.getByTestId('run-history-show-outputs').click();
    await expect(page.getByTestId('run-history-outputs')).toContainText('The whale');
    await page.screenshot({ path: `${SHOTS}/run-panel-history-outputs.png` });
  });

  test('a graph opened while another trains says so, can stop it, and runs once it has', async ({ page }) => {
    page.on('dialog', (d) => void d.accept());
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await runFor(page, '400');
    await expect(page.getByTestId('run-step')).toContainText(/step [1-9]\d* \/ 400/, LONG_WAIT);

    await openSample(page, 'masked-lm');
    await expectNoRunShown(page);
    await expect(page.getByTestId('run-elsewhere')).toContainText('Causal LM');
    await expect(page.getByTestId('run-button')).toBeDisabled();
    await expect(page.getByTestId('run-button')).toHaveAttribute('title', /still training: stop it first/);
    await page.screenshot({ path: `${SHOTS}/run-panel-elsewhere.png` });
    await page.getByTestId('stop-elsewhere').click();
    await page.getByTestId('stop-elsewhere').click();
    await expect(page.getByTestId('run-elsewhere')).toHaveCount(0, LONG_WAIT);
    await expect(page.getByTestId('run-button')).toBeEnabled();
  });

  test('a second Stop skips the final evaluation and sampling; Stop stays enabled while stopping', async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'causal-lm');
    // a final evaluation long enough to be caught in the act
    await setParam(page, 'optimizer', 'evalBatches', '400');
    await runFor(page, '400');
    await expect(page.getByTestId('run-step')).toContainText(/step ([2-9]|\d\d+) \/ 400/, LONG_WAIT);
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('run-status')).toContainText('Stop again to skip');
    await expect(page.getByTestId('stop-button')).toBeEnabled();
    await page.screenshot({ path: `${SHOTS}/stop-stopping.png` });
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('run-status')).toContainText(/Stopped at step \d+, checkpoint saved/, LONG_WAIT);
    // no held-out figures and no sample: the evaluation was skipped
    await expect(page.getByTestId('run-output')).toHaveCount(0);
    await expect(page.getByTestId('run-metrics')).toHaveCount(0);
    await expect(page.getByTestId('resume-button')).toBeEnabled();
    await page.screenshot({ path: `${SHOTS}/stop-skipped.png` });
  });

  test("samples the causal sample's 300 characters at the end of a run (with the key/value cache)", async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await runFor(page, '2');
    await expect(page.getByTestId('run-status')).toHaveText('Done', LONG_WAIT);
    const text = await page.locator('[data-testid="run-output"][data-node-id="sample"] pre').innerText();
    expect(text.startsWith('The whale ')).toBe(true);
    expect(text.length).toBe('The whale '.length + 300);
  });
});
