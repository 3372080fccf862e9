import { useEffect, useRef } from 'react';
import type { PreviewValue } from '../run/training-client.js';
import type { ExamplesView } from './preview-examples.js';
import { formatNumber } from './preview-model.js';

const SCALE = 2;

/** One greyscale image, pixels 0..1 row by row, ink dark on light as digits are written. */
export function PixelImage({ width, height, pixels, label }: { width: number; height: number; pixels: ArrayLike<number>; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(width, height);
    for (let i = 0; i < width * height; i++) {
      const g = Math.round(255 * (1 - Math.min(1, Math.max(0, pixels[i] ?? 0))));
      img.data[i * 4] = img.data[i * 4 + 1] = img.data[i * 4 + 2] = g;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [width, height, pixels]);
  return <canvas ref={ref} className="preview__image" width={width} height={height} style={{ width: width * SCALE, height: height * SCALE }} aria-label={label} data-testid="preview-image" />;
}

/** An image set: its first training images with their classes, and how it splits. */
export function ImagesSection({ port, images }: { port: string; images: Extract<PreviewValue, { kind: 'images' }> }) {
  const per = images.width * images.height;
  return (
    <div className="preview__section">
      <div className="preview__label">
        <code>{port}</code> {(images.train + images.val).toLocaleString('en-US')} images of {images.width}×{images.height}: {images.train.toLocaleString('en-US')} for training,{' '}
        {images.val.toLocaleString('en-US')} held out
      </div>
      <div className="preview__images">
        {Array.from({ length: images.count }, (_, n) => (
          <figure key={n} className="preview__figure">
            <PixelImage width={images.width} height={images.height} pixels={images.pixels.subarray(n * per, (n + 1) * per)} label={images.labels[n] ?? ''} />
            <figcaption>{images.labels[n]}</figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}

const VALUE_NAMES: Record<string, string> = { label: 'label', timestep: 't' };

/** A batch of images example by example: its images, decoded captions and per-example numbers. */
export function ExamplesSection({ view }: { view: ExamplesView }) {
  return (
    <div className="preview__section">
      <div className="preview__label">
        the first {view.cards.length} of {view.total} examples in the batch
      </div>
      <div className="preview__examples">
        {view.cards.map((c) => (
          <figure key={c.index} className="preview__example" data-testid="preview-example">
            <div className="preview__example-images">
              {c.images.map((im) => (
                <span key={im.port} className="preview__example-image" title={`${im.port} (${im.role})`}>
                  <PixelImage width={im.width} height={im.height} pixels={im.pixels} label={`${im.port} of example ${c.index + 1}`} />
                  {c.images.length > 1 && <small>{im.port}</small>}
                </span>
              ))}
            </div>
            <figcaption>
              {c.texts.map((t) => (
                <div key={t.port} className="preview__caption" data-testid="preview-caption" title={t.port}>
                  “{t.text}”
                </div>
              ))}
              {c.values.map((v) => (
                <div key={v.port} className="preview__example-value">
                  {VALUE_NAMES[v.role] ?? v.port} {formatNumber(v.value)}
                </div>
              ))}
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
