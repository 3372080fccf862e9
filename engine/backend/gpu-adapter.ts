/**
 * What a WebGPU adapter is, in words, and whether it is a software one. Only the few fields read
 * here are typed, so the engine needs no WebGPU type package and runs where `navigator.gpu` is the
 * browser's or the `webgpu` npm package's (Dawn).
 */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** newer browsers and Dawn: on the info object */
  isFallbackAdapter?: boolean;
}

export interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  /** older browsers: on the adapter */
  isFallbackAdapter?: boolean;
  limits: Record<string, number | undefined> | object;
  features: { has(name: string): boolean };
  requestDevice(descriptor?: object): Promise<unknown>;
}

export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

export interface AdapterSummary {
  /** as the adapter names itself: "NVIDIA GeForce RTX 3080 (nvidia ampere)", "google swiftshader" */
  name: string;
  /**
   * what kind of software adapter it is ("SwiftShader", "llvmpipe", "a fallback adapter"), null
   * for a hardware GPU: a software one computes right answers far slower than wasm
   */
  software: string | null;
}

/**
 * Software renderers reported under their own names. SwiftShader (Chromium's, and Dawn's on
 * Linux), Mesa's lavapipe and llvmpipe, Windows' WARP ("Microsoft Basic Render Driver").
 */
const SOFTWARE_NAMES: readonly [RegExp, string][] = [
  [/swiftshader/i, 'SwiftShader'],
  [/lavapipe/i, 'lavapipe'],
  [/llvmpipe/i, 'llvmpipe'],
  [/microsoft basic render|\bwarp\b/i, 'WARP'],
  [/\bsoftware\b/i, 'a software renderer'],
];

/** The software renderer a GPU name string names, if any ("SwiftShader", "llvmpipe"). */
export function softwareRendererIn(text: string): string | null {
  for (const [pattern, name] of SOFTWARE_NAMES) if (pattern.test(text)) return name;
  return null;
}

export function describeAdapter(adapter: Pick<GpuAdapterLike, 'info' | 'isFallbackAdapter'>): AdapterSummary {
  const info = adapter.info ?? {};
  const present = (x: string | undefined): x is string => !!x && x.trim() !== '';
  const main = [info.description, info.device].find(present)?.trim() ?? '';
  // browsers often give only vendor and architecture ("nvidia ampere"), keeping the rest private
  const detail = [info.vendor, info.architecture].filter(present).filter((x) => !main.toLowerCase().includes(x.toLowerCase())).join(' ');
  const name = main && detail ? `${main} (${detail})` : main || detail || 'an adapter that gives no name';
  const renderer = softwareRendererIn([info.description, info.device, info.vendor, info.architecture].filter(present).join(' '));
  const fallback = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  return { name, software: renderer ?? (fallback ? 'a fallback adapter' : null) };
}

/** The adapter as the run panel and the CLI say it: its name, and what it is when it is software. */
export function adapterLabel(a: AdapterSummary): string {
  return a.software ? `${a.software}, a software adapter (${a.name}): right answers, far slower than wasm` : a.name;
}
