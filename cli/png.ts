import { deflateSync } from 'node:zlib';

/** CRC-32 (PNG's, polynomial 0xedb88320), table-driven. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG from raw scanlines of `channels` bytes a pixel: 1 greyscale, 3 RGB. */
function png(width: number, height: number, channels: 1 | 3, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = channels === 1 ? 0 : 2; // colour type: greyscale or truecolour
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(pixels.subarray(y * stride, (y + 1) * stride)).copy(raw, y * (stride + 1) + 1);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

/** An 8-bit RGB PNG of `width` x `height`, three bytes a pixel, row by row. */
export function rgbPng(width: number, height: number, rgb: Uint8Array): Buffer {
  return png(width, height, 3, rgb);
}

/** An 8-bit greyscale PNG of `width` x `height` from values 0..255, row by row. */
export function greyscalePng(width: number, height: number, grey: Uint8Array): Buffer {
  return png(width, height, 1, grey);
}

/**
 * `count` images (pixels 0..1) as one grid picture, `columns` to a row, each pixel `scale`
 * times larger, white on black as MNIST is, with a grey line between images.
 */
export function imageGrid(o: { width: number; height: number; count: number; columns: number; pixels: ArrayLike<number> }, scale = 2): { width: number; height: number; grey: Uint8Array } {
  const cols = Math.max(1, Math.min(o.columns, o.count));
  const rows = Math.ceil(o.count / cols);
  const gap = 2;
  const cw = o.width * scale + gap;
  const ch = o.height * scale + gap;
  const width = cols * cw - gap;
  const height = rows * ch - gap;
  const grey = new Uint8Array(width * height).fill(96);
  const per = o.width * o.height;
  for (let n = 0; n < o.count; n++) {
    const ox = (n % cols) * cw;
    const oy = Math.floor(n / cols) * ch;
    for (let y = 0; y < o.height * scale; y++) {
      for (let x = 0; x < o.width * scale; x++) {
        const v = o.pixels[n * per + Math.floor(y / scale) * o.width + Math.floor(x / scale)]!;
        grey[(oy + y) * width + ox + x] = Math.round(255 * Math.min(1, Math.max(0, v)));
      }
    }
  }
  return { width, height, grey };
}
