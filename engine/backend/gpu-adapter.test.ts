import { describe, expect, it } from 'vitest';
import { adapterLabel, describeAdapter, softwareRendererIn } from './gpu-adapter.js';

describe('GPU adapters, in words', () => {
  it('names a hardware GPU as the browser reports it, and says it is not software', () => {
    expect(describeAdapter({ info: { vendor: 'nvidia', architecture: 'ampere', description: '', device: '' } })).toEqual({ name: 'nvidia ampere', software: null });
    const full = describeAdapter({ info: { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3080' } });
    expect(adapterLabel(full)).toBe('NVIDIA GeForce RTX 3080 (ampere)');
  });

  it('tells software adapters apart: SwiftShader (Chromium, Dawn), lavapipe, llvmpipe, WARP, and any fallback adapter', () => {
    expect(describeAdapter({ info: { vendor: 'google', architecture: 'swiftshader' } }).software).toBe('SwiftShader');
    expect(describeAdapter({ info: { description: 'SwiftShader driver 5.0.0', vendor: 'google' } }).software).toBe('SwiftShader');
    expect(describeAdapter({ info: { description: 'llvmpipe (LLVM 15.0.6, 256 bits)', vendor: 'mesa' } }).software).toBe('llvmpipe');
    expect(describeAdapter({ info: { device: 'lavapipe' } }).software).toBe('lavapipe');
    expect(describeAdapter({ info: { description: 'Microsoft Basic Render Driver' } }).software).toBe('WARP');
    expect(describeAdapter({ info: { vendor: 'intel', isFallbackAdapter: true } }).software).toBe('a fallback adapter');
    expect(describeAdapter({ info: { vendor: 'intel' }, isFallbackAdapter: true }).software).toBe('a fallback adapter');
    expect(adapterLabel(describeAdapter({ info: { vendor: 'google', architecture: 'swiftshader' } }))).toBe(
      'SwiftShader, a software adapter (google swiftshader): right answers, far slower than wasm',
    );
  });

  it('reads WebGL renderer strings too', () => {
    expect(softwareRendererIn('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('SwiftShader');
    expect(softwareRendererIn('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeNull();
  });
});
