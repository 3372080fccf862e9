import { useMemo } from 'react';
import type { RunResult } from '../../../yardsticks/compare-summary.js';
import { LossChart } from '../run/LossChart.js';
import { compareCurves } from './compare-curves.js';

/** The measured runs' training loss, a curve per graph (mean over seeds) against training tokens. */
export function CompareCurves({ results }: { results: readonly RunResult[] }) {
  const overlays = useMemo(() => compareCurves(results), [results]);
  if (!overlays.length) return null;
  return (
    <figure className="compare-curves" data-testid="compare-curves">
      <figcaption>
        <strong>Training loss</strong>{' '}
        <span className="compare-muted">
          mean over seeds, against the training tokens read (solid); the final held-out loss as a point at the end. Losses of different objectives measure different
          tasks: compare each curve’s shape, and the yardsticks above for what the models can do.
        </span>
      </figcaption>
      <LossChart overlays={overlays} overlayOnly overlayX="training tokens" height={260} />
    </figure>
  );
}
