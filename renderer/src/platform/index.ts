import { createElectronPlatform } from './electron-platform.js';
import type { Platform } from './platform.js';
import { createWebPlatform } from './web-platform.js';

export type { FileHandle, MenuCommand, OpenedGraph, PickedData, Platform, RecentFile } from './platform.js';
export { documentTitle, programFileName, PRODUCT_NAME } from './platform.js';

let current: Platform | null = null;

/** The app's Platform: Electron's when its preload exposed `window.pretrainLab`, else the browser's. Created once. */
export function getPlatform(): Platform {
  current ??= window.pretrainLab ? createElectronPlatform(window.pretrainLab) : createWebPlatform();
  return current;
}
