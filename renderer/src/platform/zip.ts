/**
 * A .zip archive of files stored as they are (no compression): how a browser hands over a
 * program and its data folder in one download. Every unzip (Python's zipfile, Info-ZIP, the
 * desktop's) reads it. Names are UTF-8 (general-purpose flag bit 11); no archive of ours nears
 * the 4 GiB that would need ZIP64, and one that would is refused.
 */

export interface ZipEntry {
  /** path inside the archive, "/"-separated */
  name: string;
  bytes: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** DOS date and time, as zip headers keep them (2-second resolution, local time). */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

const LIMIT = 0xffffffff;

export function zip(entries: readonly ZipEntry[], when: Date = new Date()): Uint8Array {
  const utf8 = new TextEncoder();
  const { time, date } = dosTime(when);
  const names = entries.map((e) => utf8.encode(e.name));
  const locals = entries.reduce((n, e, i) => n + 30 + names[i]!.length + e.bytes.length, 0);
  const central = entries.reduce((n, _e, i) => n + 46 + names[i]!.length, 0);
  const total = locals + central + 22;
  if (total > LIMIT || entries.length > 0xffff) throw new Error(`the archive would be ${total} bytes in ${entries.length} files: beyond what a zip without ZIP64 holds`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => (view.setUint16(at, v, true), (at += 2));
  const u32 = (v: number) => (view.setUint32(at, v >>> 0, true), (at += 4));
  const put = (b: Uint8Array) => (out.set(b, at), (at += b.length));
  const offsets: number[] = [];
  const crcs = entries.map((e) => crc32(e.bytes));
  /** what the local and the central header both hold, from "version needed" to the name's length */
  const common = (i: number) => {
    u16(20); // version needed: 2.0
    u16(0x0800); // names are UTF-8
    u16(0); // stored
    u16(time);
    u16(date);
    u32(crcs[i]!);
    u32(entries[i]!.bytes.length);
    u32(entries[i]!.bytes.length);
    u16(names[i]!.length);
  };
  entries.forEach((e, i) => {
    offsets.push(at);
    u32(0x04034b50); // local file header
    common(i);
    u16(0); // extra
    put(names[i]!);
    put(e.bytes);
  });
  const centralAt = at;
  entries.forEach((_e, i) => {
    u32(0x02014b50); // central directory header
    u16(0x0314); // made by: Unix, 2.0 (so the mode below is read)
    common(i);
    u16(0); // extra
    u16(0); // comment
    u16(0); // disk
    u16(0); // internal attributes
    u32((0o100644 << 16) >>> 0); // a regular file, rw-r--r--
    u32(offsets[i]!);
    put(names[i]!);
  });
  const centralSize = at - centralAt;
  u32(0x06054b50); // end of central directory
  u16(0);
  u16(0);
  u16(entries.length);
  u16(entries.length);
  u32(centralSize);
  u32(centralAt);
  u16(0);
  return out;
}
