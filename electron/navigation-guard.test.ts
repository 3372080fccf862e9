import { describe, expect, it } from 'vitest';
import {
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  GestureClock,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  originOf,
} from './navigation-guard.js';
import { APP_ORIGIN } from './window-options.js';

const app = [APP_ORIGIN];
const dev = [APP_ORIGIN, 'http://localhost:5173'];

describe('origins', () => {
  it('gives custom schemes a real origin (URL.origin says "null" for them)', () => {
    expect(new URL('app://pretrain-lab/index.html').origin).toBe('null');
    expect(originOf('app://pretrain-lab/index.html')).toBe('app://pretrain-lab');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });

  it('knows the app\'s own pages', () => {
    expect(isAppUrl('app://pretrain-lab/index.html', app)).toBe(true);
    expect(isAppUrl('APP://PRETRAIN-LAB/x', app)).toBe(true);
    expect(isAppUrl('app://other/index.html', app)).toBe(false);
    expect(isAppUrl('app://pretrain-lab.evil.com/', app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('file:///index.html', dev)).toBe(false);
  });

  it('hands only plain http(s) links to the system browser', () => {
    expect(isSafeExternalUrl('https://arxiv.org/abs/1810.04805')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'ms-msdt:/id', 'smb://host/share', 'https://user:pw@example.com', 'mailto:a@b.c', 'app://pretrain-lab/', '']) {
      expect(isSafeExternalUrl(bad), bad).toBe(false);
    }
  });
});

describe('navigation decisions', () => {
  it('lets the app reload itself, but not inside a frame', () => {
    expect(decideNavigation('app://pretrain-lab/index.html', { appOrigins: app, userGesture: false, isMainFrame: true })).toEqual({ allow: true });
    expect(decideNavigation('app://pretrain-lab/index.html', { appOrigins: app, userGesture: true, isMainFrame: false })).toMatchObject({ allow: false, openExternal: null });
  });

  it('stops leaving the app; a clicked http(s) link opens in the browser instead', () => {
    const clicked = decideNavigation('https://example.com/paper', { appOrigins: app, userGesture: true, isMainFrame: true });
    expect(clicked).toEqual({ allow: false, openExternal: 'https://example.com/paper', reason: 'opened "https://example.com/paper" in the system browser' });
    const scripted = decideNavigation('https://example.com/paper', { appOrigins: app, userGesture: false, isMainFrame: true });
    expect(scripted).toMatchObject({ allow: false, openExternal: null });
    expect(scripted.allow === false && scripted.reason).toMatch(/not opened by a click/);
    for (const url of ['file:///home/me/graph.json', 'javascript:void 0', 'data:text/html,<script>1</script>', 'ftp://example.com/x']) {
      expect(decideNavigation(url, { appOrigins: app, userGesture: true, isMainFrame: true }), url).toMatchObject({ allow: false, openExternal: null });
    }
  });

  it('never opens a new window', () => {
    expect(decideWindowOpen('https://example.com', { appOrigins: app, userGesture: true })).toMatchObject({ action: 'deny', openExternal: 'https://example.com' });
    expect(decideWindowOpen('https://example.com', { appOrigins: app, userGesture: false })).toMatchObject({ action: 'deny', openExternal: null });
    expect(decideWindowOpen('app://pretrain-lab/index.html', { appOrigins: app, userGesture: true })).toMatchObject({ action: 'deny', openExternal: null });
    expect(decideWindowOpen('file:///etc/passwd', { appOrigins: app, userGesture: true })).toMatchObject({ action: 'deny', openExternal: null });
    const long = decideWindowOpen(`data:text/html,${'x'.repeat(500)}`, { appOrigins: app, userGesture: true });
    expect(long.reason.length).toBeLessThan(160);
  });

  it('counts a click or key press as the user acting, for one second', () => {
    const clock = new GestureClock(1000);
    expect(clock.recent(0)).toBe(false);
    clock.note('mouseMove', 100);
    clock.note('mouseWheel', 100);
    expect(clock.recent(150)).toBe(false);
    clock.note('mouseUp', 200);
    expect(clock.recent(1200)).toBe(true);
    expect(clock.recent(1201)).toBe(false);
    clock.note('keyDown', 5000);
    expect(clock.recent(5500)).toBe(true);
  });
});

describe('who may talk to main, and what the page may use', () => {
  it('trusts only the app\'s top-level page', () => {
    expect(isTrustedSender({ url: 'app://pretrain-lab/index.html', isMainFrame: true }, app)).toBe(true);
    expect(isTrustedSender({ url: 'app://pretrain-lab/index.html', isMainFrame: false }, app)).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', isMainFrame: true }, app)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, app)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, dev)).toBe(true);
    expect(isTrustedSender(null, app)).toBe(false);
  });

  it('grants clipboard writing and full screen to the app, nothing else to anyone', () => {
    expect(decidePermission('clipboard-sanitized-write', 'app://pretrain-lab/', app)).toBe(true);
    expect(decidePermission('fullscreen', 'app://pretrain-lab', app)).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fileSystem', 'clipboard-read', 'hid', 'usb', 'serial']) {
      expect(decidePermission(p, 'app://pretrain-lab/', app), p).toBe(false);
    }
    expect(decidePermission('clipboard-sanitized-write', 'https://example.com/', app)).toBe(false);
  });
});
