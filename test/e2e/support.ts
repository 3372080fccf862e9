import { expect, type Locator, type Page } from '@playwright/test';

/** Screenshots of the main states, kept after the run (Playwright empties its own output folder). */
export const SHOTS = 'test-results/screenshots';

/**
 * For a wait on work that trains or reads a corpus (a step reached, a run done or stopped, a
 * preview computed): as long as the test itself may take (the config's 300 s) less a margin for
 * what follows. Such waits took up to ~30 s here with the WebGPU tests beside them; a machine 3x
 * slower with the other core busy needs several times that, and a passing wait returns at once.
 */
export const LONG_WAIT = { timeout: 280_000 };

/** A fresh app with no autosave and the gallery already seen, so tests start on an empty canvas. */
export async function freshApp(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => {
    localStorage.clear();
    localStorage.setItem('pretrain-lab/seen-gallery', '1');
  });
  await page.reload();
  await expect(page.getByTestId('canvas')).toBeVisible();
}

/**
 * Open a sample from the gallery and wait for the view to be fitted to it: the fit moves every
 * node a few frames after they appear, so a click aimed before it could land on the empty pane.
 */
export async function openSample(page: Page, name: string): Promise<void> {
  const canvas = page.getByTestId('canvas');
  const fits = Number((await canvas.getAttribute('data-fits')) ?? 0);
  await page.getByTestId('samples-button').click();
  await page.getByTestId(`gallery-item-${name}`).getByTestId('gallery-open').click();
  await expect(page.getByTestId('gallery')).toBeHidden();
  await expect(canvas).toHaveAttribute('data-fits', String(fits + 1));
}

/**
 * Select a node on the canvas, wherever the view is (a sample opens at a readable zoom, so its
 * right-hand nodes may be out of view): the click React Flow selects on, sent to the node itself.
 */
export async function selectNode(page: Page, id: string): Promise<void> {
  await page.locator(`.react-flow__node[data-id="${id}"]`).dispatchEvent('click');
  await expect(page.getByTestId('sidebar')).toContainText(id);
}

/** Drag a palette item onto the canvas at (x, y) in page coordinates. */
export async function dropNode(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-item-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: await canvasPoint(page, x, y) });
}

async function canvasPoint(page: Page, x: number, y: number) {
  const box = (await page.getByTestId('canvas').boundingBox())!;
  return { x: x - box.x, y: y - box.y };
}

function handle(page: Page, node: string, side: 'in' | 'out', port: string) {
  return page.locator(`.react-flow__node[data-id="${node}"] .react-flow__handle[data-handleid="${side}:${port}"]`);
}

/**
 * Where an element is once the page has stopped moving it: the same box two frames running. A
 * connection re-renders its nodes (their ports show the shapes that now flow), which can move
 * the next handle; on a loaded machine a box read before that render lands is stale.
 */
async function settledBox(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = await l.boundingBox();
  for (let i = 0; i < 50; i++) {
    await l.page().evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const now = await l.boundingBox();
    if (last && now && now.x === last.x && now.y === last.y && now.width === last.width && now.height === last.height) return now;
    last = now;
  }
  throw new Error(`${l} did not stop moving`);
}

/**
 * Press on an output handle and release on an input handle, with real mouse moves. `joins`: the
 * connection is one the editor accepts, so this waits for its edge (a refused one adds none).
 */
export async function connectPorts(page: Page, from: string, to: string, joins = true): Promise<void> {
  const [fn, fp] = from.split('.') as [string, string];
  const [tn, tp] = to.split('.') as [string, string];
  const edges = page.locator('.react-flow__edge');
  const before = await edges.count();
  const a = await settledBox(handle(page, fn, 'out', fp));
  const b = await settledBox(handle(page, tn, 'in', tp));
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
  if (joins) await expect(edges, `the edge ${from} -> ${to}`).toHaveCount(before + 1);
}

export async function problems(page: Page): Promise<string[]> {
  await page.getByTestId('problems-tab').click();
  return page.getByTestId('problem').allInnerTexts();
}
