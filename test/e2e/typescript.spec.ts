import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTorchPython } from '../../engine/export-torch/node-python.js';
import { expect, test, type Page } from '@playwright/test';
import { freshApp, openSample, SHOTS } from './support.js';

// Headless Chromium cannot answer the File System Access save picker: "Export .ts" takes the
// browser's other path, a download.
test.beforeEach(async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.addInitScript(() => {
    delete (window as unknown as Record<string, unknown>).showSaveFilePicker;
  });
});

const editor = (page: Page) => page.getByTestId('typescript-editor');
const status = (page: Page) => page.getByTestId('typescript-status');

/** Find `text` in the program with the editor's own find widget, which scrolls it into view. */
async function reveal(page: Page, text: string): Promise<void> {
  const find = editor(page).locator('.find-widget .monaco-findInput .input').first();
  if (!(await find.isVisible())) {
    await editor(page).locator('.view-lines').click();
    await page.keyboard.press('Control+f');
  }
  await find.fill(text);
  await expect(editor(page).locator('.find-widget .matchesCount')).not.toContainText('No results');
  await expect(editor(page).locator('.view-lines')).toContainText(text);
}

test.describe('the TypeScript tab', () => {
  test('shows the graph as a program that follows its settings, with tfjs types on hover, and exports it', async ({ page }, info) => {
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await page.locator('.react-flow__node[data-id="blocks"]').click();
    await page.getByTestId('tab-typescript').click();
    await expect(page.getByTestId('tab-typescript')).toHaveAttribute('aria-selected', 'true');
    await expect(status(page)).toContainText('causal-lm-gpt-style-on-moby-dick.ts: a standalone training program', { timeout: 60_000 });
    await expect(editor(page).locator('.view-lines')).toContainText('Causal LM (GPT-style) on Moby-Dick — a training program exported from Pretrain Lab.');
    await expect(editor(page).locator('.view-lines')).toContainText("import * as tf from '@tensorflow/tfjs';");
    // coloured once Monaco's TypeScript grammar has loaded (every token is mtk1 before)
    await expect(editor(page).locator('.view-line span[class^="mtk"]:not(.mtk1)').first()).toBeVisible();
    // a valid export: no error squiggles
    await expect(editor(page).locator('.squiggly-error')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/typescript-tab.png` });

    await reveal(page, 'const config: Config = {');
    await reveal(page, 'blocks: { blockSize: 65, batchSize: 16 }');

    // a setting changed in the inspector is in the program a moment later
    await page.getByTestId('param-blockSize').fill('33');
    await expect(status(page)).toContainText('a standalone training program');
    await reveal(page, 'blocks: { blockSize: 33, batchSize: 16 }');

    // a graph that cannot be exported: the status names the node and why; the last program stays, greyed
    await page.getByTestId('param-blockSize').fill('200');
    await expect(status(page)).toContainText('Cannot export this graph: node positions.hidden: sequences have 199 positions but maxLength is 64');
    await expect(editor(page)).toHaveClass(/stale/);
    await expect(page.getByTestId('export-ts')).toBeDisabled();
    await expect(editor(page).locator('.view-lines')).toContainText('blocks: { blockSize: 33, batchSize: 16 }');
    await page.screenshot({ path: `${SHOTS}/typescript-error.png` });
    await page.getByTestId('param-blockSize').fill('33');
    await expect(status(page)).toContainText('a standalone training program');
    await expect(editor(page)).not.toHaveClass(/stale/);

    // hovering a tfjs name shows its type from @tensorflow/tfjs-core's declarations
    await reveal(page, 'tf.Scalar');
    const match = (await editor(page).locator('.currentFindMatch').first().boundingBox())!;
    await page.keyboard.press('Escape');
    const hover = page.locator('.monaco-hover:visible');
    await expect(async () => {
      await page.mouse.move(match.x - 40, match.y - 40);
      await page.mouse.move(match.x + match.width * 0.75, match.y + match.height / 2, { steps: 4 });
      await expect(hover).toContainText('type Scalar = tf.Tensor<tf.Rank.R0>', { timeout: 10_000 });
    }).toPass({ timeout: 90_000 });
    await expect(hover).toContainText('Scalar');
    await page.waitForTimeout(500); // the hover fades in
    await page.screenshot({ path: `${SHOTS}/typescript-hover.png` });

    // Export .ts: the program as shown, under the graph's name
    await page.mouse.move(10, 10);
    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-ts').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('causal-lm-gpt-style-on-moby-dick.ts');
    const file = info.outputPath(download.suggestedFilename());
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('/**\n * Causal LM (GPT-style) on Moby-Dick — a training program exported from Pretrain Lab.\n')).toBe(true);
    expect(text).toContain('blocks: { blockSize: 33, batchSize: 16 }');
    expect(text).toContain('npx tsx causal-lm-gpt-style-on-moby-dick.ts');
    await expect(page.getByTestId('toast')).toContainText('Exported causal-lm-gpt-style-on-moby-dick.ts');

    // the JSON tab still edits with its own worker, and back here the program is still the graph's
    await page.getByTestId('tab-code').click();
    await expect(page.getByTestId('code-status')).toContainText('in sync with the canvas');
    await expect(page.locator('.monaco-editor .view-lines')).toContainText('"format": "pretrain-lab/graph"');
    await page.getByTestId('tab-typescript').click();
    await expect(status(page)).toContainText('a standalone training program');
    await expect(editor(page).locator('.view-lines')).toContainText('Causal LM (GPT-style) on Moby-Dick');

    // "Show node" takes the person to the node that stops the export
    await page.getByTestId('param-blockSize').fill('200');
    await page.getByTestId('typescript-show-node').click();
    await expect(page.getByTestId('tab-graph')).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('.react-flow__node[data-id="positions"]')).toHaveClass(/selected/);
  });

  // the browser cannot write a folder: "Export .py" saves NAME.zip holding NAME.py and NAME.data/
  const python = findTorchPython();
  test('exports the graph as a PyTorch program with its data, which trains with python3', async ({ page }, info) => {
    test.skip(!python && process.env.CI !== 'true', 'no Python with torch here');
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await page.getByTestId('tab-typescript').click();
    await expect(status(page)).toContainText('a standalone training program', { timeout: 60_000 });
    await expect(page.getByTestId('export-py')).toBeEnabled();
    await page.screenshot({ path: `${SHOTS}/export-py-button.png` });
    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-py').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('causal-lm-gpt-style-on-moby-dick.zip');
    await expect(page.getByTestId('toast')).toContainText('Exported causal-lm-gpt-style-on-moby-dick.zip (causal-lm-gpt-style-on-moby-dick.py and causal-lm-gpt-style-on-moby-dick.data/)');
    await page.screenshot({ path: `${SHOTS}/export-py-done.png` });
    const dir = info.outputPath('export');
    await download.saveAs(join(dir, 'program.zip'));
    const unzip = spawnSync(python!, ['-m', 'zipfile', '-e', 'program.zip', '.'], { cwd: dir, encoding: 'utf8' });
    expect(unzip.status, unzip.stderr).toBe(0);
    expect(readFileSync(join(dir, 'causal-lm-gpt-style-on-moby-dick.py'), 'utf8')).toContain('import torch');
    // what a person does next: run it (its data folder beside it), two steps
    const run = spawnSync(python!, ['causal-lm-gpt-style-on-moby-dick.py', '--steps', '2', '--json', '--out', 'run'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    expect(run.status, run.stderr).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; step?: number });
    expect(events.filter((e) => e.event === 'step').map((e) => e.step)).toEqual([1, 2]);
    expect(events.at(-1)).toMatchObject({ event: 'done', step: 2 });
  });
});
