import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { freshApp, LONG_WAIT, openSample, problems, selectNode, SHOTS } from './support.js';

/**
 * Issue #14 item 7: no silent traps. BERT masking without its loss weights is a warning on the
 * loss; an out-of-range value typed in the JSON tab is marked there, not called valid; leaving a
 * JSON tab whose text does not parse asks first; continued pretraining works in the app from a
 * run trained in it or a run folder opened in it, and says before Run when it names a folder
 * the app cannot read.
 */

async function pasteJson(page: Page, text: string) {
  await page.getByTestId('tab-code').click();
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+a');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+v');
}

test.describe('no silent traps', () => {
  test('BERT masking with its loss weights unconnected is a warning on the loss node, saying what to connect', async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'masked-lm');
    await page.locator('.react-flow__edge[data-id="edge:masking.weights->loss.weights"]').dispatchEvent('click');
    await page.keyboard.press('Delete');
    await expect(page.locator('.react-flow__edge[data-id="edge:masking.weights->loss.weights"]')).toHaveCount(0);
    expect(await problems(page)).toEqual([expect.stringMatching(/loss.*targets come from BERT masking \(node masking\).*Connect masking\.weights to loss\.weights\./s)]);
    await expect(page.locator('.react-flow__node[data-id="loss"] .graph-node.has-warning')).toHaveCount(1);
    await page.getByTestId('node-message-loss').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/bert-weights-warning.png` });
  });

  test('an out-of-range value in the JSON tab is marked in the editor and not called valid', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await freshApp(page);
    await openSample(page, 'causal-lm');
    const doc = JSON.parse(readFileSync('samples/causal-lm.graph.json', 'utf8'));
    doc.nodes.find((n: { id: string }) => n.id === 'decoder').params.heads = 400;
    await pasteJson(page, JSON.stringify(doc, null, 2));
    await expect(page.getByTestId('code-status')).toHaveAttribute('data-status', 'bad');
    await expect(page.getByTestId('code-status')).toContainText('node decoder, setting "heads"');
    await expect(page.getByTestId('code-status')).not.toContainText('valid:');
    // F8 goes to the next marked problem, as in any Monaco editor: it is on the value, with its message
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('F8');
    await expect(page.locator('.monaco-editor .marker-widget')).toContainText('must be at most 64 (got 400)');
    await expect(page.locator('.monaco-editor .squiggly-error')).not.toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/json-out-of-range.png` });
  });

  test('leaving a JSON tab whose text does not parse asks first; staying keeps the text', async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'causal-lm');
    await page.getByTestId('tab-code').click();
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('oops');
    await expect(page.getByTestId('code-status')).toContainText('not applied');
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByTestId('tab-graph').click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toMatch(/The JSON has an error and was not applied \(line \d+: .*\)\. Leave it and lose these edits\?/);
    await expect(page.getByTestId('code-tab')).toBeVisible();
    await expect(page.locator('.monaco-editor .view-lines')).toContainText('oops');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('tab-graph').click();
    await expect(page.locator('.react-flow__node')).toHaveCount(12);
  });

  test('continued pretraining in the app: said before Run for a folder path; trains from a run of the app and from an opened run folder', async ({ page }) => {
    // a run folder made by the command line, as a person would have on disk
    const folder = join(mkdtempSync(join(tmpdir(), 'pl-e2e-')), 'masked-lm');
    execFileSync('node', ['bin/pretrain-lab.mjs', 'train', 'samples/masked-lm.graph.json', '--steps', '2', '--backend', 'wasm', '--out', folder], { stdio: 'ignore' });

    await freshApp(page);
    await openSample(page, 'masked-lm');
    await page.getByTestId('run-tab').click();
    await page.getByTestId('backend-select').selectOption('wasm');
    await page.getByTestId('steps-input').fill('2');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-status')).toHaveText('Done', LONG_WAIT);

    await openSample(page, 'continued-pretraining');
    await page.getByTestId('run-tab').click();
    await expect(page.getByTestId('run-button')).toBeDisabled();
    await expect(page.getByTestId('run-blocked')).toContainText('Node checkpoint starts from "runs/masked-lm" is a run folder on disk');
    await page.screenshot({ path: `${SHOTS}/continued-blocked.png` });

    // a run trained in the app
    await selectNode(page, 'checkpoint');
    const option = page.getByTestId('param-run-app').locator('option', { hasText: 'Masked LM' });
    await page.getByTestId('param-run-app').selectOption(await option.first().getAttribute('value'));
    await expect(page.getByTestId('run-blocked')).toHaveCount(0);
    await page.getByTestId('steps-input').fill('2');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-status')).toHaveText('Done', LONG_WAIT);
    await expect(page.getByTestId('run-error')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/continued-from-app-run.png` });

    // a run folder opened in the app
    await page.getByTestId('run-folder-input').setInputFiles(folder);
    await expect(page.getByTestId('param-run')).toHaveValue(/^app-run:folder-masked-lm-/);
    await expect(page.getByTestId('param-run-app')).toContainText('opened folder masked-lm');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-status')).toHaveText('Done', LONG_WAIT);
    await expect(page.getByTestId('run-error')).toHaveCount(0);
  });
});
