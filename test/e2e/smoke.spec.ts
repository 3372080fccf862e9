import { expect, test } from '@playwright/test';

test('the app opens', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.toolbar')).toContainText('Pretrain Lab');
  await page.screenshot({ path: 'test-results/screenshots/smoke.png' });
});
