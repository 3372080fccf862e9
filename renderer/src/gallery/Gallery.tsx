import { useEffect, useMemo } from 'react';
import { formatCount } from '../../../engine/analysis/size-estimate.js';
import { registry } from '../document/graph-store.js';
import { SAMPLES, sampleScale, type Sample, type SampleScale } from './samples.js';
import './gallery.css';

/** First start, and File > Samples: every sample graph, what it is good at, one click to open. */
export function Gallery({ onOpen, onClose }: { onOpen(sample: Sample, train: boolean): void; onClose(): void }) {
  // Esc closes it, and only it: caught before the run panel, where Esc stops a run
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      onClose();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  const scales = useMemo(() => new Map(SAMPLES.map((s) => [s.file, sampleScale(s.doc, registry)])), []);
  return (
    <div className="modal-backdrop" onMouseDown={onClose}>
      <div className="gallery" data-testid="gallery" onMouseDown={(e) => e.stopPropagation()} role="dialog" aria-label="Sample graphs">
        <header>
          <h2>Sample graphs</h2>
          <button onClick={onClose} aria-label="close" title="Close (Esc)" data-testid="gallery-close">
            ✕
          </button>
        </header>
        <p className="gallery-intro">Each sample is a whole pretraining objective. Open one to see how it is wired, then train it.</p>
        <div className="gallery-grid">
          {SAMPLES.map((s) => (
            <article key={s.file} className="gallery-card" data-testid={`gallery-item-${s.file.replace('.graph.json', '')}`}>
              <h3>{s.doc.name}</h3>
              <p>{s.about}</p>
              <small data-testid="gallery-scale">
                {scaleLine(scales.get(s.file)!)} · {s.doc.nodes.length} nodes · {s.file}
              </small>
              <div className="gallery-actions">
                <button onClick={() => onOpen(s, false)} data-testid="gallery-open">
                  Open
                </button>
                <button className="primary" onClick={() => onOpen(s, true)} data-testid="gallery-train">
                  Open and train
                </button>
              </div>
            </article>
          ))}
        </div>
      </div>
    </div>
  );
}

function scaleLine({ steps, parameters, approximate }: SampleScale): string {
  return `${steps === null ? 'no optimizer' : `${steps.toLocaleString('en-US')} steps`} · ${approximate ? 'about ' : ''}${formatCount(parameters, true)} weights`;
}
