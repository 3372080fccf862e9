import { expect, test } from '@playwright/test';
import { CHROMIUM_PATH, SWIFTSHADER_WEBGPU_ARGS } from './chromium.js';
import { LONG_WAIT, SHOTS } from './support.js';

/**
 * Issue #14 item 2: auto never trains on a software GPU. Chromium here is launched with WebGPU on
 * SwiftShader, as a user's browser without a usable GPU may offer it: auto must pass over it for
 * wasm, and the run panel must say which backend it uses and why. A fresh profile: no remembered
 * backend, the gallery shown on first start.
 */
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: SWIFTSHADER_WEBGPU_ARGS } });

test('auto passes over a software WebGPU adapter (SwiftShader) for wasm, and the run panel says why', async ({ page }) => {
  await page.goto('/');
  // the browser does offer an adapter, a software one: without it this test would prove nothing
  const architecture = await page.evaluate(async () => {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string } } | null> } }).gpu;
    return (await gpu?.requestAdapter())?.info?.architecture ?? null;
  });
  expect(architecture).toBe('swiftshader');

  await expect(page.getByTestId('gallery')).toBeVisible();
  await page.getByTestId('gallery-item-causal-lm').getByTestId('gallery-train').click();
  await expect(page.getByTestId('backend-select')).toHaveValue('auto');
  await expect(page.getByTestId('run-step')).toContainText(/step [1-9]\d* \//, LONG_WAIT);
  await expect(page.getByTestId('run-backend')).toHaveText('on wasm — no hardware GPU found (only a software adapter: SwiftShader)');
  await expect(page.getByTestId('run-tried')).toContainText('webgpu did not start: only a software adapter: SwiftShader');
  await page.screenshot({ path: `${SHOTS}/auto-backend-software-adapter.png` });
  await page.getByTestId('stop-button').click();
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toContainText('Stopped', LONG_WAIT);
});
