import { describe, expect, it } from 'vitest';
import { vulkanLoaderHint } from './node-vulkan-loader.js';

describe('the Vulkan loader hint', () => {
  const onlyAt = (path: string) => (p: string) => p === path;

  it('is given on Linux when libvulkan.so.1 is in no usual folder nor in LD_LIBRARY_PATH', () => {
    expect(vulkanLoaderHint({}, 'linux', () => false)).toMatch(/^likely because there is no Vulkan loader: libvulkan\.so\.1 .*apt-get install libvulkan1/);
  });

  it('is not given where the loader is found, in a system folder or through LD_LIBRARY_PATH', () => {
    expect(vulkanLoaderHint({}, 'linux', onlyAt('/usr/lib/x86_64-linux-gnu/libvulkan.so.1'))).toBeNull();
    expect(vulkanLoaderHint({ LD_LIBRARY_PATH: '/opt/a::/usr/lib/chromium' }, 'linux', onlyAt('/usr/lib/chromium/libvulkan.so.1'))).toBeNull();
  });

  it('is not given off Linux, where Dawn uses Metal or D3D12', () => {
    expect(vulkanLoaderHint({}, 'darwin', () => false)).toBeNull();
    expect(vulkanLoaderHint({}, 'win32', () => false)).toBeNull();
  });
});
