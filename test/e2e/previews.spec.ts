import { expect, test, type Page } from '@playwright/test';
import { freshApp, LONG_WAIT, openSample, selectNode, SHOTS } from './support.js';

/**
 * Issue #14 item 8: previews show what a person wants to see. The corpus: a passage, its size and
 * its split; the tokenizer: the text with its token boundaries; images and image-caption pairs:
 * the images and their decoded captions, not columns of pixel values. Image objectives report
 * samples/s, not "0 tokens/s".
 */

async function preview(page: Page, node: string) {
  await selectNode(page, node);
  const p = page.getByTestId('node-preview');
  await expect(p).toBeVisible();
  await expect(p.locator('.preview__spinner')).toHaveCount(0, LONG_WAIT);
  await expect(p.locator('.preview__body')).toBeVisible(LONG_WAIT);
  await p.scrollIntoViewIfNeeded();
  return p;
}

test.describe('previews', () => {
  test('the corpus: its size, its split and a passage; the tokenizer: the text with its token boundaries', async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'causal-lm-bpe');
    const corpus = await preview(page, 'corpus');
    await expect(corpus.getByTestId('preview-corpus')).toContainText(/[\d,]+ characters in \d+ documents/);
    await expect(corpus.getByTestId('preview-split')).toContainText(/for training \(90%\), [\d,]+ held out \(10%\)/);
    // a passage from inside the text, not its title page
    const passage = await corpus.getByTestId('preview-passage').innerText();
    expect(passage.length).toBeGreaterThan(200);
    expect(passage).not.toMatch(/^ETYMOLOGY/);
    await corpus.screenshot({ path: `${SHOTS}/preview-corpus.png` });

    const tokenizer = await preview(page, 'tokenizer');
    await expect(tokenizer.getByTestId('preview-tokens-summary')).toContainText(/[\d,]+ tokens of training text, from a vocabulary of [\d,]+ · \d\.\d characters a token/);
    const tokens = await tokenizer.getByTestId('preview-token').allInnerTexts();
    expect(tokens.length).toBeGreaterThan(100);
    // byte-level BPE merges characters into longer tokens: boundaries fall inside words
    expect(tokens.some((t) => t.replace(/·/g, '').length >= 3)).toBe(true);
    await tokenizer.screenshot({ path: `${SHOTS}/preview-tokenizer.png` });
  });

  test('MNIST and image-caption pairs show images with their digits and decoded captions, not pixel values', async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'contrastive-clip');
    const mnist = await preview(page, 'mnist');
    await expect(mnist).toContainText(/[\d,]+ images of 28×28: [\d,]+ for training, [\d,]+ held out/);
    await expect(mnist.getByTestId('preview-image')).toHaveCount(16);
    await mnist.screenshot({ path: `${SHOTS}/preview-mnist.png` });

    const pairs = await preview(page, 'pairs');
    await expect(pairs.getByTestId('preview-example')).toHaveCount(8);
    await expect(pairs.getByTestId('preview-image')).toHaveCount(8);
    const captions = await pairs.getByTestId('preview-caption').allInnerTexts();
    expect(captions).toHaveLength(8);
    for (const c of captions) expect(c).toMatch(/^“.*(zero|one|two|three|four|five|six|seven|eight|nine|\d).*”$/);
    // no columns of numbers
    await expect(pairs.locator('.pcell')).toHaveCount(0);
    await expect(pairs.locator('.preview__values')).toHaveCount(0);
    await pairs.screenshot({ path: `${SHOTS}/preview-pairs.png` });
  });

  test('an image objective reports samples/s, not tokens/s', async ({ page }) => {
    await freshApp(page);
    await openSample(page, 'diffusion-ddpm');
    const noised = await preview(page, 'diffuse');
    await expect(noised.getByTestId('preview-example')).toHaveCount(8);
    await expect(noised.getByTestId('preview-image')).toHaveCount(16);
    await expect(noised).toContainText(/t \d+/);
    await noised.screenshot({ path: `${SHOTS}/preview-diffuse.png` });

    await page.getByTestId('run-tab').click();
    await page.getByTestId('backend-select').selectOption('wasm');
    await page.getByTestId('steps-input').fill('400');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-step')).toContainText(/step ([2-9]|\d\d+) \/ 400/, LONG_WAIT);
    await expect(page.getByTestId('run-samples-rate')).toHaveText(/^[\d,.]+k? samples\/s$/);
    expect(Number((await page.getByTestId('run-samples-rate').innerText()).replace(/[^\d.]/g, ''))).toBeGreaterThan(0);
    await expect(page.getByTestId('run-tokens-rate')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/diffusion-samples-rate.png` });
    await page.getByTestId('stop-button').click();
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('run-status')).toContainText('Stopped', LONG_WAIT);
  });
});
