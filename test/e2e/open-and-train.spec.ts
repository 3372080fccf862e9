import { expect, test } from '@playwright/test';
import { LONG_WAIT, SHOTS } from './support.js';

/**
 * Issue #14 item 3: the gallery's main button leaves the sample open and training. A fresh
 * profile: no autosave, no remembered backend (auto), the gallery shown on first start.
 */
test('"Open and train" on the causal sample, in a fresh profile, trains on its own', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('gallery')).toBeVisible();
  await page.getByTestId('gallery-item-causal-lm').getByTestId('gallery-train').click();
  await expect(page.getByTestId('gallery')).toBeHidden();
  await expect(page.getByTestId('file-name')).toContainText('Causal LM');
  await expect(page.getByTestId('backend-select')).toHaveValue('auto');
  await expect(page.getByTestId('run-step')).toContainText(/step [1-9]\d* \//, LONG_WAIT);
  await expect(page.getByTestId('run-status')).toHaveText('Training');
  await expect(page.locator('.react-flow__node[data-id="decoder"]')).toBeVisible();
  // the minimap only shows while the person moves the view: it covered the LM head here
  await expect(page.locator('.react-flow__minimap')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/open-and-train.png` });
  await page.getByTestId('stop-button').click();
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toContainText('Stopped', LONG_WAIT);
});
