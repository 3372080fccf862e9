import type { MenuCommand, RecentFile } from './ipc-contract.js';

/**
 * The application menu as data. Items that act on the document send a MenuCommand to the
 * renderer (which owns the document, undo history and dialogs about unsaved changes); editing
 * and window items use Electron's built-in roles. main.ts passes the result to
 * Menu.buildFromTemplate, which type-checks it against Electron's own template type.
 *
 * Accelerators and the page's own shortcuts: the page sees a key first, and a menu accelerator
 * fires only for keys the page did not handle (preventDefault), so the UI handling Ctrl+Z itself
 * and the menu's Ctrl+Z never both fire.
 */

export type MenuRole =
  | 'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'close'
  | 'cut' | 'copy' | 'paste' | 'pasteAndMatchStyle' | 'delete' | 'selectAll'
  | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen'
  | 'minimize' | 'zoom' | 'front' | 'windowMenu';

export interface MenuItemSpec {
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  enabled?: boolean;
  toolTip?: string;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export interface MenuInput {
  platform: NodeJS.Platform | string;
  /** adds reload and developer tools (never in a packaged app) */
  isDev: boolean;
  appName: string;
  recent: readonly RecentFile[];
  send(command: MenuCommand): void;
  clearRecent(): void;
}

const sep: MenuItemSpec = { type: 'separator' };

export function buildMenuTemplate(input: MenuInput): MenuItemSpec[] {
  const mac = input.platform === 'darwin';
  // "&File": Alt+F opens it on Windows and Linux; macOS has no access keys
  const top = (label: string) => (mac ? label : `&${label}`);
  const cmd = (label: string, command: Exclude<MenuCommand['command'], 'open-recent'>, accelerator?: string): MenuItemSpec => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => input.send({ command }),
  });

  const recentItems: MenuItemSpec[] = input.recent.length
    ? input.recent.map((f) => ({ label: f.name, toolTip: f.path, click: () => input.send({ command: 'open-recent', path: f.path }) }))
    : [{ label: 'No Recent Files', enabled: false }];

  const appMenu: MenuItemSpec[] = mac
    ? [
        {
          label: input.appName,
          submenu: [{ role: 'about' }, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }],
        },
      ]
    : [];

  const file: MenuItemSpec = {
    label: top('File'),
    submenu: [
      cmd('New Graph', 'new', 'CmdOrCtrl+N'),
      cmd('Open…', 'open', 'CmdOrCtrl+O'),
      {
        label: 'Open Recent',
        submenu: [...recentItems, sep, { label: 'Clear Recently Opened', enabled: input.recent.length > 0, click: () => input.clearRecent() }],
      },
      sep,
      cmd('Save', 'save', 'CmdOrCtrl+S'),
      cmd('Save As…', 'save-as', 'CmdOrCtrl+Shift+S'),
      sep,
      cmd('Export as TypeScript…', 'export-typescript'),
      cmd('Export as PyTorch…', 'export-pytorch'),
      sep,
      { role: 'close', accelerator: 'CmdOrCtrl+W' },
      ...(mac ? [] : [{ role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' } satisfies MenuItemSpec]),
    ],
  };

  const edit: MenuItemSpec = {
    label: top('Edit'),
    submenu: [
      cmd('Undo', 'undo', 'CmdOrCtrl+Z'),
      cmd('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
      sep,
      { role: 'cut', accelerator: 'CmdOrCtrl+X' },
      { role: 'copy', accelerator: 'CmdOrCtrl+C' },
      { role: 'paste', accelerator: 'CmdOrCtrl+V' },
      ...(mac ? [{ role: 'pasteAndMatchStyle', accelerator: 'Cmd+Alt+Shift+V' } satisfies MenuItemSpec] : []),
      { role: 'delete' },
      { role: 'selectAll', accelerator: 'CmdOrCtrl+A' },
    ],
  };

  const view: MenuItemSpec = {
    label: top('View'),
    submenu: [
      ...(input.isDev
        ? [
            { role: 'reload', accelerator: 'CmdOrCtrl+R' },
            { role: 'forceReload', accelerator: 'CmdOrCtrl+Shift+R' },
            { role: 'toggleDevTools', accelerator: mac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I' },
            sep,
          ] satisfies MenuItemSpec[]
        : []),
      { role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      { role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
      { role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      sep,
      { role: 'togglefullscreen', accelerator: mac ? 'Ctrl+Cmd+F' : 'F11' },
    ],
  };

  const run: MenuItemSpec = { label: top('Run'), submenu: [cmd('Start Training', 'start-training'), cmd('Stop Training', 'stop-training')] };

  // Windows and Linux: Close is in File, minimising is on the title bar
  const windowMenu: MenuItemSpec[] = mac ? [{ role: 'windowMenu' }] : [];

  const help: MenuItemSpec[] = mac ? [] : [{ label: top('Help'), submenu: [{ role: 'about', label: `About ${input.appName}` }] }];

  return [...appMenu, file, edit, view, run, ...windowMenu, ...help];
}

/** Depth-first list of every item, for finding one by label in tests and in main. */
export function flattenMenu(items: readonly MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((i) => [i, ...(i.submenu ? flattenMenu(i.submenu) : [])]);
}
