import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * On Linux, Dawn reaches a GPU through the Vulkan loader, libvulkan.so.1. Without it Dawn prints
 * only a C++ warning and finds no adapter; this says what to install instead. The folders are
 * the dynamic linker's usual ones: a loader elsewhere (listed in ld.so.conf) is missed, which is
 * why the answer is worded as a likely cause, not a certainty.
 */
const LOADER = 'libvulkan.so.1';
const SYSTEM_FOLDERS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/lib', '/usr/local/lib'];

export function vulkanLoaderHint(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform, exists: (path: string) => boolean = existsSync): string | null {
  if (platform !== 'linux') return null;
  const folders = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...SYSTEM_FOLDERS];
  if (folders.some((folder) => exists(join(folder, LOADER)))) return null;
  return `likely because there is no Vulkan loader: ${LOADER} is in neither LD_LIBRARY_PATH nor the usual library folders (install it, on Debian and Ubuntu with apt-get install libvulkan1, and your GPU's Vulkan driver)`;
}
