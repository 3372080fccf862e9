import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, flattenMenu, type MenuInput, type MenuItemSpec } from './menu.js';

const recent = [
  { path: '/home/me/gpt.graph.json', name: 'gpt.graph.json', openedAt: '2026-01-02T00:00:00.000Z' },
  { path: '/home/me/bert.graph.json', name: 'bert.graph.json', openedAt: '2026-01-01T00:00:00.000Z' },
];

function menu(over: Partial<MenuInput> = {}) {
  const input: MenuInput = { platform: 'linux', isDev: false, appName: 'Pretrain Lab', recent, send: vi.fn(), clearRecent: vi.fn(), ...over };
  const items = flattenMenu(buildMenuTemplate(input));
  const byLabel = (label: string) => items.find((i) => i.label === label);
  const byRole = (role: MenuItemSpec['role']) => items.filter((i) => i.role === role);
  return { input, items, byLabel, byRole };
}

describe('the application menu', () => {
  it('has the usual accelerators for document commands, each sending its command', () => {
    const { byLabel, input } = menu();
    const expected: [string, string, string][] = [
      ['New Graph', 'CmdOrCtrl+N', 'new'],
      ['Open…', 'CmdOrCtrl+O', 'open'],
      ['Save', 'CmdOrCtrl+S', 'save'],
      ['Save As…', 'CmdOrCtrl+Shift+S', 'save-as'],
      ['Undo', 'CmdOrCtrl+Z', 'undo'],
      ['Redo', 'CmdOrCtrl+Shift+Z', 'redo'],
    ];
    for (const [label, accelerator, command] of expected) {
      const item = byLabel(label);
      expect(item?.accelerator, label).toBe(accelerator);
      item!.click!();
      expect(input.send).toHaveBeenLastCalledWith({ command });
    }
    byLabel('Export as TypeScript…')!.click!();
    expect(input.send).toHaveBeenLastCalledWith({ command: 'export-typescript' });
    byLabel('Start Training')!.click!();
    expect(input.send).toHaveBeenLastCalledWith({ command: 'start-training' });
  });

  it('uses the built-in roles for clipboard, zoom and window', () => {
    const { byRole } = menu();
    expect(byRole('copy')[0]?.accelerator).toBe('CmdOrCtrl+C');
    expect(byRole('paste')[0]?.accelerator).toBe('CmdOrCtrl+V');
    expect(byRole('cut')[0]?.accelerator).toBe('CmdOrCtrl+X');
    expect(byRole('selectAll')).toHaveLength(1);
    expect(byRole('zoomIn')[0]?.accelerator).toBe('CmdOrCtrl+Plus');
    expect(byRole('zoomOut')[0]?.accelerator).toBe('CmdOrCtrl+-');
    expect(byRole('resetZoom')[0]?.accelerator).toBe('CmdOrCtrl+0');
    expect(byRole('togglefullscreen')).toHaveLength(1);
    expect(byRole('close')).toHaveLength(1);
    expect(byRole('quit')[0]?.accelerator).toBe('Ctrl+Q');
  });

  it('offers reload and developer tools only in development', () => {
    expect(menu().byRole('toggleDevTools')).toHaveLength(0);
    expect(menu().byRole('reload')).toHaveLength(0);
    const dev = menu({ isDev: true });
    expect(dev.byRole('toggleDevTools')[0]?.accelerator).toBe('Ctrl+Shift+I');
    expect(dev.byRole('reload')[0]?.accelerator).toBe('CmdOrCtrl+R');
    expect(menu({ isDev: true, platform: 'darwin' }).byRole('toggleDevTools')[0]?.accelerator).toBe('Alt+Cmd+I');
  });

  it('lists recent files, opens one, and clears them', () => {
    const { byLabel, input } = menu();
    expect(byLabel('gpt.graph.json')?.toolTip).toBe('/home/me/gpt.graph.json');
    byLabel('bert.graph.json')!.click!();
    expect(input.send).toHaveBeenLastCalledWith({ command: 'open-recent', path: '/home/me/bert.graph.json' });
    byLabel('Clear Recently Opened')!.click!();
    expect(input.clearRecent).toHaveBeenCalledOnce();
    const empty = menu({ recent: [] });
    expect(empty.byLabel('No Recent Files')?.enabled).toBe(false);
    expect(empty.byLabel('Clear Recently Opened')?.enabled).toBe(false);
  });

  it('follows macOS conventions on a Mac', () => {
    const mac = buildMenuTemplate({ platform: 'darwin', isDev: false, appName: 'Pretrain Lab', recent: [], send: () => {}, clearRecent: () => {} });
    expect(mac[0]!.label).toBe('Pretrain Lab');
    expect(mac[0]!.submenu!.map((i) => i.role ?? i.type)).toEqual(['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    expect(mac.map((m) => m.label ?? m.role)).toEqual(['Pretrain Lab', 'File', 'Edit', 'View', 'Run', 'windowMenu']);
    const flat = flattenMenu(mac);
    expect(flat.filter((i) => i.role === 'quit')).toHaveLength(1); // in the app menu, not in File
    expect(flat.some((i) => i.role === 'pasteAndMatchStyle')).toBe(true);
    expect(menu().items.some((i) => i.role === 'pasteAndMatchStyle')).toBe(false);
    expect(buildMenuTemplate({ ...menu().input }).map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Run', '&Help']);
  });

  it('never gives two items the same accelerator', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      const accels = menu({ platform, isDev: true }).items.map((i) => i.accelerator).filter(Boolean);
      expect(new Set(accels).size, platform).toBe(accels.length);
    }
  });
});
