import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { serializeGraph } from '../../engine/core/serialize.js';
import { shrunkForYardsticks } from '../support/tiny-graphs.js';
import { freshApp, SHOTS } from './support.js';

/**
 * The Compare view as a person uses it: two samples, a tiny budget and two seeds, trained and
 * measured one run after another in the training worker; the table, the bars and the curves; the
 * CSV; the comparison still there after a reload; and a graph that breaks mid-compare named,
 * with the compare going on to the next. The graphs measured are samples shrunk (added as files):
 * every yardstick reads the whole of Brown for the probe, which at full size took ~30 s a run here.
 * The sample picker's own path (a sample trained, cut and resumed) runs the full causal sample.
 */

// Headless Chromium cannot answer the File System Access pickers: an <input type=file> opens, a download saves.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    delete (window as unknown as Record<string, unknown>).showOpenFilePicker;
    delete (window as unknown as Record<string, unknown>).showSaveFilePicker;
  });
});

// Two or three runs, each measured with every yardstick (the probe reads Brown): generous, as
// the config's timeout is, for a machine 3x slower with the other core busy.
const LONG = 900_000;

async function openCompare(page: Page): Promise<void> {
  await page.getByTestId('tab-compare').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
}

/** Add graph files to the compare with its "Add a graph file…" button, one after another. */
async function addGraphFiles(page: Page, files: string[]): Promise<void> {
  for (const file of files) {
    const choosing = page.waitForEvent('filechooser');
    await page.getByTestId('compare-add-file').click();
    await (await choosing).setFiles(file);
  }
}

/** Untick every sample but `keep`, from the keyboard (Space on a focused checkbox). */
async function keepSamples(page: Page, keep: string[]): Promise<void> {
  for (const box of await page.locator('[data-testid^="compare-sample-"]').all()) {
    const name = (await box.getAttribute('data-testid'))!.replace('compare-sample-', '');
    if ((await box.isChecked()) !== keep.includes(name)) {
      await box.focus();
      await page.keyboard.press('Space');
    }
  }
}

test.describe('compare view', () => {
  test('compares two samples on a matched budget with two seeds: progress, table, bars, curves, CSV, and the comparison after a reload', async ({ page }, info) => {
    test.setTimeout(LONG);
    await freshApp(page);
    await openCompare(page);
    // the five text objectives the reference sets side by side are picked to begin with
    const checked = page.locator('[data-testid^="compare-sample-"]:checked');
    await expect(checked).toHaveCount(5);
    for (const s of ['causal-lm', 'masked-lm', 'prefix-lm', 'span-corruption', 'ul2-mixture']) await expect(page.getByTestId(`compare-sample-${s}`)).toBeChecked();
    await expect(page.getByTestId('compare-plan')).toHaveText('15 runs: 5 graphs × 3 seeds, 400k training tokens each.');
    await page.screenshot({ path: `${SHOTS}/compare-setup.png` });

    // the two graphs compared are the causal and masked samples shrunk, added as files (the way a
    // person adds their own graphs): the full samples' measuring took most of this test's two minutes
    await keepSamples(page, []);
    const files = (['causal-lm', 'masked-lm'] as const).map((name) => {
      const file = info.outputPath(`${name}.graph.json`);
      writeFileSync(file, serializeGraph(shrunkForYardsticks(name)));
      return file;
    });
    await addGraphFiles(page, files);
    await expect(page.getByTestId('compare-extra')).toHaveCount(2);
    await page.getByTestId('compare-budget').fill('1280');
    await page.getByTestId('compare-seeds').fill('2');
    await page.getByTestId('compare-backend').selectOption('wasm');
    await expect(page.getByTestId('compare-plan')).toHaveText('4 runs: 2 graphs × 2 seeds, 1,280 training tokens each.');
    await page.getByTestId('compare-budget').press('Control+Enter');

    // the runs go one after another, with where each is and an ETA
    await expect(page.getByTestId('compare-run')).toHaveCount(4, { timeout: LONG });
    await expect(page.getByTestId('compare-eta')).toBeVisible();
    await expect(page.locator('[data-testid="compare-run"][data-phase="measuring"]')).toHaveCount(1, { timeout: LONG });
    await page.screenshot({ path: `${SHOTS}/compare-running.png` });
    await expect(page.getByTestId('compare-status')).toHaveText('Done', { timeout: LONG });

    // the table: a row per graph, mean ± spread, the baseline beside it, n/a with its reason
    const rows = page.getByTestId('compare-row');
    await expect(rows).toHaveCount(2);
    const causal = page.locator('[data-testid="compare-row"][data-graph="causal-lm"]');
    const masked = page.locator('[data-testid="compare-row"][data-graph="masked-lm"]');
    await expect(causal.locator('td[data-yardstick="generation"]')).toContainText(/\d\.\d{3} ± \d\.\d{3}/);
    await expect(causal.locator('td[data-yardstick="generation"]')).toContainText(/baseline \d\.\d{3}/);
    await expect(masked.locator('td[data-yardstick="generation"]')).toContainText(/n\/a.*both sides/s);
    await expect(causal.locator('td[data-yardstick="infillChars"]')).toContainText('n/a');
    await expect(masked.locator('td[data-yardstick="infillChars"]')).toContainText(/%.*baseline/s);
    await expect(causal.locator('td[data-yardstick="probe"]')).toContainText(/untrained \d+\.\d%/);
    await expect(causal).toContainText('132 tokens a step');
    // image yardsticks apply to neither: said once, with the reason
    await expect(page.getByTestId('compare-unmeasured')).toContainText('Zero-shot classification');
    // a bar chart per measured yardstick, and a loss curve per graph against training tokens
    await expect(page.getByTestId('compare-bar-panel')).toHaveCount(4);
    await expect(page.getByTestId('compare-curves').locator('.u-legend')).toContainText('causal-lm loss');
    await expect(page.getByTestId('compare-curves').locator('.u-legend')).toContainText('masked-lm loss');
    await expect(page.getByTestId('compare-curves').locator('.u-legend')).toContainText('training tokens');
    // the curves are the mean over both seeds (the second seed's result redraws them)
    const legendLive = await page.getByTestId('compare-curves').locator('.u-legend').innerText();
    // the page scrolls inside the app: a tall window shows it whole
    await page.setViewportSize({ width: 1440, height: 1900 });
    await page.screenshot({ path: `${SHOTS}/compare-results.png` });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('compare-bars').screenshot({ path: `${SHOTS}/compare-bars.png` });

    // CSV: the CLI's columns, a line per graph and yardstick
    const downloading = page.waitForEvent('download');
    await page.getByTestId('compare-export-csv').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('compare.csv');
    const file = info.outputPath('compare.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('graph,name,seeds,steps,tokens_per_step,yardstick,mean,spread,baseline,random_init,higher_is_better,note');
    expect(lines).toHaveLength(1 + 2 * 7);
    expect(lines.find((l) => l.startsWith('causal-lm.graph.json,') && l.includes(',generation,'))).toMatch(/,2,10,132,generation,\d/);

    // reopening the app shows the last comparison, its settings picked again
    await page.reload();
    await openCompare(page);
    await expect(page.getByTestId('compare-status')).toHaveText('Done');
    await expect(page.getByTestId('compare-row')).toHaveCount(2);
    await expect(page.getByTestId('compare-bar-panel')).toHaveCount(4);
    expect(await page.getByTestId('compare-curves').locator('.u-legend').innerText()).toBe(legendLive);
    await expect(checked).toHaveCount(0);
    await expect(page.getByTestId('compare-extra')).toHaveCount(2);
    await expect(page.getByTestId('compare-seeds')).toHaveValue('2');
    await page.screenshot({ path: `${SHOTS}/compare-reopened.png` });
    await page.getByTestId('theme-toggle').click();
    await page.setViewportSize({ width: 1440, height: 1900 });
    await page.screenshot({ path: `${SHOTS}/compare-dark.png` });
  });

  test('a graph with problems blocks the start; a graph that breaks mid-compare is named with its node, and the compare goes on with the next', async ({ page }, info) => {
    test.setTimeout(LONG);
    await freshApp(page);
    const causal = JSON.parse(readFileSync('samples/causal-lm.graph.json', 'utf8'));
    // it compiles, so the compare plans it; its loss is NaN at the first step
    const blowsUp = { ...causal, name: 'Blows up', nodes: causal.nodes.map((n: { id: string; params: object }) => (n.id === 'embed' ? { ...n, params: { ...n.params, initStd: 1e30 } } : n)) };
    // the graph after it: the causal sample shrunk (blocks of 32 tokens, enough for the generation
    // yardstick's items and the probe's windows), measured in seconds where the sample takes many
    const after = { ...shrunkForYardsticks('causal-lm'), name: 'After it' };
    const files = [info.outputPath('blows-up.graph.json'), info.outputPath('after.graph.json')];
    writeFileSync(files[0]!, JSON.stringify(blowsUp));
    writeFileSync(files[1]!, serializeGraph(after));

    await openCompare(page);
    await keepSamples(page, []);
    // a graph with problems is marked where it is listed, and nothing starts until it goes
    await page.getByTestId('compare-add-open').click();
    await expect(page.getByTestId('compare-extra')).toContainText('the graph is empty: add a data source, a model, a loss and an optimizer');
    await expect(page.getByTestId('compare-plan')).toContainText('Fix or remove Untitled (open graph) first');
    await expect(page.getByTestId('compare-start')).toBeDisabled();
    await page.getByRole('button', { name: 'Remove Untitled (open graph)' }).click();
    await expect(page.getByTestId('compare-extra')).toHaveCount(0);
    await addGraphFiles(page, files);
    await expect(page.getByTestId('compare-extra')).toHaveCount(2);
    await page.getByTestId('compare-budget').fill('2000');
    await page.getByTestId('compare-seeds').fill('1');
    await page.getByTestId('compare-backend').selectOption('wasm');
    await page.getByTestId('compare-start').click();

    await expect(page.getByTestId('compare-status')).toHaveText('Done, 1 graph failed', { timeout: LONG });
    const failure = page.getByTestId('compare-failure');
    await expect(failure).toContainText('blows-up.graph.json');
    await expect(failure).toContainText('“Blows up”');
    await expect(failure).toContainText(/failed while training at node decoder: the loss became (NaN|Infinity) at step 1/);
    await expect(failure).toContainText('The compare went on with the other graphs');
    await expect(page.locator('[data-testid="compare-run"][data-phase="failed"]')).toContainText('blows-up');
    await expect(page.locator('[data-testid="compare-run"][data-phase="measured"]')).toContainText('after');
    await expect(page.getByTestId('compare-row')).toHaveCount(1);
    // measured for real: a figure where a yardstick applies
    await expect(page.locator('[data-testid="compare-row"] td[data-yardstick="generation"]')).toContainText(/\d\.\d{3}/);
    await expect(page.getByTestId('compare-continue')).toBeEnabled();
    await page.setViewportSize({ width: 1440, height: 1300 });
    await page.screenshot({ path: `${SHOTS}/compare-failed.png` });
  });

  test('a compare cut by a reload is interrupted; Continue resumes the cut run from its checkpoint and finishes', async ({ page }) => {
    test.setTimeout(LONG);
    await freshApp(page);
    await openCompare(page);
    await keepSamples(page, ['causal-lm']);
    // 40 steps: checkpoints every 10, so a reload past step 12 leaves one to resume from
    await page.getByTestId('compare-budget').fill('41600');
    await page.getByTestId('compare-seeds').fill('1');
    await page.getByTestId('compare-backend').selectOption('wasm');
    await page.getByTestId('compare-start').click();
    const run = page.getByTestId('compare-run');
    await expect(run).toContainText(/training: step (1[3-9]|[23]\d) of 40/, { timeout: LONG });
    await page.reload();
    await openCompare(page);
    await expect(page.getByTestId('compare-status')).toHaveText('Interrupted');
    await expect(page.getByTestId('compare-continue')).toBeEnabled();
    await page.getByTestId('compare-continue').click();
    // it goes on from the checkpoint (at step 10 or later), not from step 1
    await expect(run).toContainText(/training \(resumed from its checkpoint\): step (1[1-9]|[23]\d|40) of 40/, { timeout: LONG });
    await expect(page.getByTestId('compare-status')).toHaveText('Done', { timeout: LONG });
    await expect(page.getByTestId('compare-row')).toHaveCount(1);
  });
});
