/**
 * Where the app's web contents may go, and who may talk to main: pure decisions, wired to
 * Electron's events in main.ts. The app is one page; it never navigates, never opens windows,
 * and an http(s) link the user clicks opens in the system browser instead.
 */

/**
 * `scheme://host[:port]` for any URL with a host, including custom schemes (for which the WHATWG
 * `URL.origin` is the opaque "null"); null for URLs without one (about:, data:, blob: ...).
 */
export function originOf(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!u.host) return null;
  return `${u.protocol}//${u.host}`.toLowerCase();
}

/** A URL served by the app itself: its custom scheme, or the Vite dev server in development. */
export function isAppUrl(url: string, appOrigins: readonly string[]): boolean {
  const o = originOf(url);
  return o !== null && appOrigins.some((a) => a.toLowerCase() === o);
}

/** What may be handed to the system browser: plain http(s) links, without credentials. */
export function isSafeExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && u.username === '' && u.password === '';
}

export interface GuardContext {
  appOrigins: readonly string[];
  /** the user clicked or pressed a key in the window a moment ago */
  userGesture: boolean;
}

export type NavigationDecision = { allow: true } | { allow: false; openExternal: string | null; reason: string };

function external(url: string, ctx: GuardContext): NavigationDecision {
  if (!isSafeExternalUrl(url)) return { allow: false, openExternal: null, reason: `blocked navigation to ${describe(url)}` };
  if (!ctx.userGesture) return { allow: false, openExternal: null, reason: `blocked ${describe(url)}: not opened by a click` };
  return { allow: false, openExternal: url, reason: `opened ${describe(url)} in the system browser` };
}

/**
 * `will-navigate` / `will-frame-navigate` / `will-redirect`: the page may reload itself (same app
 * origin, main frame); everything else is stopped, and a clicked http(s) link goes to the browser.
 */
export function decideNavigation(url: string, ctx: GuardContext & { isMainFrame: boolean }): NavigationDecision {
  if (isAppUrl(url, ctx.appOrigins)) {
    return ctx.isMainFrame ? { allow: true } : { allow: false, openExternal: null, reason: 'blocked a frame navigating inside the app' };
  }
  return external(url, ctx);
}

/** `setWindowOpenHandler`: never a new Electron window. */
export function decideWindowOpen(url: string, ctx: GuardContext): { action: 'deny'; openExternal: string | null; reason: string } {
  if (isAppUrl(url, ctx.appOrigins)) return { action: 'deny', openExternal: null, reason: 'blocked a new app window' };
  const d = external(url, ctx);
  return { action: 'deny', openExternal: d.allow ? null : d.openExternal, reason: d.allow ? '' : d.reason };
}

function describe(url: string): string {
  // enough to recognise the link in a log, never a whole data: URL
  return JSON.stringify(url.length > 120 ? `${url.slice(0, 117)}...` : url);
}

/** Input events that count as the user acting (a click, a tap, a key press on a focused link). */
const GESTURES = new Set(['mouseDown', 'mouseUp', 'keyDown', 'rawKeyDown', 'gestureTap', 'pointerDown', 'pointerUp', 'touchEnd']);

/**
 * Remembers when the user last acted in a window (fed from webContents `input-event`), so an
 * external link opens only right after a click and never from a script on its own.
 */
export class GestureClock {
  private last = -Infinity;
  constructor(private readonly windowMs = 1000) {}
  note(type: string, now: number): void {
    if (GESTURES.has(type)) this.last = now;
  }
  recent(now: number): boolean {
    return now - this.last <= this.windowMs;
  }
}

/**
 * IPC sender check (Electron checklist: "validate the sender of all IPC messages"): only the
 * app's own top-level page, never a subframe or a page that navigated elsewhere.
 */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null, appOrigins: readonly string[]): boolean {
  return frame !== null && frame.isMainFrame && isAppUrl(frame.url, appOrigins);
}

/** Web permissions the app's page may use; everything else (camera, geolocation, ...) is refused. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write', 'fullscreen']);

export function decidePermission(permission: string, requestingUrl: string, appOrigins: readonly string[]): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, appOrigins);
}
