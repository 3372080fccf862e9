import { useEffect, useRef } from 'react';
import type { EvalOutput } from '../../../engine/registry/define-node.js';

type Images = Extract<EvalOutput, { kind: 'images' }>;

const SCALE = 3;
const GAP = 2;

/** Greyscale images (a diffusion model's samples) as a grid, each pixel drawn SCALE times larger. */
export function ImageGrid({ output }: { output: Images }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const cols = Math.max(1, Math.min(output.columns, output.count));
  const rows = Math.ceil(output.count / cols);
  const cellW = output.width * SCALE + GAP;
  const cellH = output.height * SCALE + GAP;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const img = ctx.createImageData(canvas.width, canvas.height);
    img.data.fill(255);
    const per = output.width * output.height;
    for (let n = 0; n < output.count; n++) {
      const ox = (n % cols) * cellW;
      const oy = Math.floor(n / cols) * cellH;
      for (let y = 0; y < output.height * SCALE; y++) {
        for (let x = 0; x < output.width * SCALE; x++) {
          const v = output.pixels[n * per + Math.floor(y / SCALE) * output.width + Math.floor(x / SCALE)] ?? 0;
          // ink dark on light, as digits are written
          const g = Math.round(255 * (1 - Math.min(1, Math.max(0, v))));
          const at = ((oy + y) * canvas.width + ox + x) * 4;
          img.data[at] = img.data[at + 1] = img.data[at + 2] = g;
        }
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [output, cols, cellW, cellH]);
  return (
    <canvas
      ref={ref}
      className="run-output-images"
      data-testid="run-output-images"
      width={cols * cellW - GAP}
      height={rows * cellH - GAP}
      aria-label={`${output.count} generated images`}
    />
  );
}
