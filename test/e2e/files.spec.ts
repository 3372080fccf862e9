import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { freshApp, openSample, selectNode, SHOTS } from './support.js';

// Headless Chromium cannot answer the File System Access pickers, so these tests take the
// browser's other path: an <input type=file> to open, a download to save.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as unknown as Record<string, unknown>).showOpenFilePicker;
    delete (window as unknown as Record<string, unknown>).showSaveFilePicker;
  });
});

test.describe('files', () => {
  test('save, reload, open: the same graph comes back', async ({ page }, info) => {
    await freshApp(page);
    await openSample(page, 'masked-lm');
    await selectNode(page, 'masking');
    await page.getByTestId('param-rate').fill('0.2');
    await expect(page.getByTestId('dirty-marker')).toBeVisible();

    const downloading = page.waitForEvent('download');
    await page.keyboard.press('Control+s');
    const download = await downloading;
    const file = info.outputPath(download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.graph\.json$/);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.nodes.find((n: { id: string }) => n.id === 'masking').params.rate).toBe(0.2);
    await expect(page.getByTestId('dirty-marker')).toHaveCount(0);

    await page.reload();
    // saved work is not "unsaved": no recovery is offered
    await expect(page.getByTestId('recovery')).toHaveCount(0);
    await page.getByTestId('new-button').click();
    await expect(page.locator('.react-flow__node')).toHaveCount(0);

    const choosing = page.waitForEvent('filechooser');
    await page.getByTestId('open-button').click();
    await (await choosing).setFiles(file);
    await expect(page.locator('.react-flow__node')).toHaveCount(12);
    await expect(page.getByTestId('file-name')).toContainText(download.suggestedFilename());
    // saved again untouched, it is the same file, byte for byte
    const again = page.waitForEvent('download');
    await page.getByTestId('save-button').click();
    const second = info.outputPath('second.graph.json');
    await (await again).saveAs(second);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(file, 'utf8'));
    await selectNode(page, 'masking');
    await expect(page.getByTestId('param-rate')).toHaveValue('0.2');
    await page.screenshot({ path: `${SHOTS}/files-reopened.png` });
  });

  test('a malformed graph file is reported by name and the open graph is kept', async ({ page }, info) => {
    await freshApp(page);
    await openSample(page, 'causal-lm');
    const bad = info.outputPath('broken.graph.json');
    writeFileSync(bad, '{"format": "pretrain-lab/graph", "version": 1, "nodes": [');
    const choosing = page.waitForEvent('filechooser');
    await page.getByTestId('open-button').click();
    await (await choosing).setFiles(bad);
    await expect(page.getByTestId('toast')).toContainText('broken.graph.json cannot be opened: not valid JSON');
    await expect(page.locator('.react-flow__node')).toHaveCount(12);
    await expect(page.getByTestId('file-name')).toContainText('Causal LM');
  });
});
