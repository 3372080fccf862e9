import { existsSync } from 'node:fs';

/**
 * Where Dawn (the `webgpu` package) finds a Vulkan driver on a machine without a GPU: Debian's
 * Chromium ships the Vulkan loader and SwiftShader's Vulkan driver. The loader path must be in
 * the environment when a process starts (the dynamic linker reads it once), so it is set for the
 * processes tests start. Nothing is changed where a Vulkan driver is already configured.
 */
const CHROMIUM_LIBS = '/usr/lib/chromium';
const SWIFTSHADER_ICD = `${CHROMIUM_LIBS}/vk_swiftshader_icd.json`;

export function dawnEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (env.VK_ICD_FILENAMES || !existsSync(SWIFTSHADER_ICD)) return {};
  return {
    VK_ICD_FILENAMES: SWIFTSHADER_ICD,
    LD_LIBRARY_PATH: [CHROMIUM_LIBS, env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
  };
}
