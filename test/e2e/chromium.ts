/** Debian's Chromium (apt-get install chromium; never `playwright install`) and the flags every e2e test runs it with. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Chromium with a WebGPU adapter on a machine without a GPU: SwiftShader, a CPU emulation
 * (`adapter.info.architecture === 'swiftshader'`). Right answers, never a speed to judge.
 */
export const SWIFTSHADER_WEBGPU_ARGS = [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'), '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];
