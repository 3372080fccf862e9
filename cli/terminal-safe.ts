/**
 * Text the CLI prints comes partly from files it did not write (node types, ids, paths, prompts,
 * corpus text): a control sequence in any of them would drive the user's terminal (clear it,
 * recolour it, retitle the window, hide what follows). Every control character but tab and
 * newline is written as a visible `\uXXXX` escape instead — the JSON escape, so a `--json` line
 * stays valid JSON and parses back to the very string the program meant.
 */

// C0 controls but \t and \n, DEL, and the C1 controls (U+009B is a one-character CSI)
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type RawWrite = (chunk: unknown, ...rest: unknown[]) => boolean;
const unguarded = new WeakMap<NodeJS.WritableStream, RawWrite>();

/** Make everything later written as text to `stream` terminal-safe (bytes pass as they are). */
export function guardTerminalOutput(stream: NodeJS.WriteStream): void {
  if (unguarded.has(stream)) return;
  const write = stream.write.bind(stream) as RawWrite;
  unguarded.set(stream, write);
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? terminalSafe(chunk) : chunk, ...rest)) as typeof stream.write;
}

/** A control sequence the CLI itself means to send (the progress bar's "back to column 0, clear the line"). */
export function writeControl(stream: NodeJS.WritableStream, sequence: string): void {
  (unguarded.get(stream) ?? (stream.write.bind(stream) as RawWrite))(sequence);
}
