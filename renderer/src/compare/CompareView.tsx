import { useEffect, useMemo, useRef, useState } from 'react';
import { parseGraph } from '../../../engine/core/serialize.js';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { SAMPLES } from '../gallery/samples.js';
import { getPlatform } from '../platform/index.js';
import { isCancel } from '../platform/platform.js';
import { registry } from '../document/graph-store.js';
import { viewStore } from '../view/view-store.js';
import { BACKENDS, loadBackend } from '../run/run-options.js';
import { isProcessBackend } from '../run/training-client.js';
import type { CompareRequest } from './compare-events.js';
import { canContinue, isComparing, measuredRuns } from './compare-state.js';
import { compareController, useCompare } from './compare-store.js';
import { chosenGraphs, graphProblems, openGraphSource, restoredOrigin, uniqueSource, type GraphPick } from './compare-picks.js';
import { DEFAULT_BUDGET_TOKENS, DEFAULT_SAMPLES, DEFAULT_SEEDS, formatTokens, parseBudget, parseSeeds } from './compare-settings.js';
import { GraphPicker } from './GraphPicker.js';
import { CompareProgress } from './CompareProgress.js';
import { CompareFailureNote } from './CompareFailureNote.js';
import { CompareResults } from './CompareResults.js';
import './compare.css';

type Backend = CompareRequest['backend'];
const COMPARE_BACKENDS = BACKENDS.filter((b): b is Backend => !isProcessBackend(b));

export interface CompareViewProps {
  /** the graph open in the editor, for "Add the open graph" */
  openGraph(): { doc: GraphDocument; fileName: string | null };
  /** the page is showing (it stays mounted while hidden, so a compare and its charts go on) */
  visible: boolean;
}

/**
 * Compare objectives: pick graphs, a budget of training tokens and seeds; the training worker
 * trains every graph with every seed on that budget, one run after another, and measures each
 * run with every yardstick (as `pretrain-lab compare` does); then the table, a bar chart per
 * yardstick and the loss curves. The last comparison is kept and shown when the app reopens.
 */
export function CompareView({ openGraph, visible }: CompareViewProps) {
  const state = useCompare();
  const active = isComparing(state);
  const [picked, setPicked] = useState<Set<string>>(() => new Set(DEFAULT_SAMPLES.map((s) => `${s}.graph.json`)));
  const [extra, setExtra] = useState<GraphPick[]>([]);
  const [budgetText, setBudgetText] = useState('');
  const [seedsText, setSeedsText] = useState('');
  const [backend, setBackend] = useState<Backend>(() => {
    const b = loadBackend();
    return isProcessBackend(b) ? 'auto' : b;
  });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const pageRef = useRef<HTMLDivElement>(null);

  // the last comparison's settings become the picks, once, unless the person changed them first
  const touched = useRef(false);
  useEffect(() => {
    void compareController.load().then(() => {
      const s = compareController.getState().settings;
      if (!s || touched.current) return;
      const samples = new Set(SAMPLES.map((x) => x.file));
      setPicked(new Set(s.graphs.flatMap((g) => (g.source.startsWith('samples/') && samples.has(g.source.slice(8)) ? [g.source.slice(8)] : []))));
      setExtra(s.graphs.filter((g) => !(g.source.startsWith('samples/') && samples.has(g.source.slice(8)))).map((g) => ({ ...g, origin: restoredOrigin(g.source) })));
      setBudgetText(String(s.budgetTokens));
      setSeedsText(String(s.seeds));
      setBackend(s.backend);
    });
  }, []);
  const touch = () => void (touched.current = true);

  useEffect(() => {
    if (visible) headingRef.current?.focus();
  }, [visible]);

  const graphs = chosenGraphs(SAMPLES, picked, extra);
  const problems = useMemo(() => new Map(graphs.map((g) => [g.source, graphProblems(g.doc, registry)])), [graphs.map((g) => g.source).join('\n'), extra]);
  const budget = parseBudget(budgetText);
  const seeds = parseSeeds(seedsText);
  const broken = graphs.filter((g) => problems.get(g.source)?.length);
  const blocked =
    graphs.length === 0
      ? 'Pick at least one graph.'
      : broken.length
        ? `Fix or remove ${broken.map((g) => g.source).join(', ')} first: ${broken.length === 1 ? 'it has' : 'they have'} problems (listed under ${broken.length === 1 ? 'it' : 'each'}).`
        : (budget.error ?? seeds.error ?? null);

  const start = () => {
    if (active || blocked || budget.tokens === undefined || seeds.seeds === undefined) return;
    compareController.start({ graphs: graphs.map(({ source, doc }) => ({ source, doc })), budgetTokens: budget.tokens, seeds: seeds.seeds, backend });
  };

  // Ctrl/Cmd+Enter starts, Escape stops, while the page shows; taken before the run panel sees them
  const keys = useRef({ start, visible, active });
  keys.current = { start, visible, active };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!keys.current.visible) return;
      // keys in a dialog over the page (the gallery, the recent files) are that dialog's
      const focus = document.activeElement;
      if (focus && focus !== document.body && !pageRef.current?.contains(focus)) return;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        keys.current.start();
      } else if (e.key === 'Escape') {
        // the run panel is hidden behind this page: Esc is the compare's, never a run's
        e.preventDefault();
        if (keys.current.active) compareController.stop();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const addFile = async () => {
    touch();
    try {
      const opened = await getPlatform().openGraph();
      if (!opened) return;
      let doc: GraphDocument;
      try {
        doc = parseGraph(opened.text);
      } catch (e) {
        viewStore.toast(`${opened.handle.name} cannot be compared: ${e instanceof Error ? e.message : String(e)}`, 'error');
        return;
      }
      setExtra((x) => [...x, { source: uniqueSource(opened.handle.name, [...graphs.map((g) => g.source)]), doc, origin: 'file' }]);
    } catch (e) {
      if (!isCancel(e)) viewStore.toast(`Open failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
    }
  };

  const addOpenGraph = () => {
    touch();
    const { doc, fileName } = openGraph();
    setExtra((x) => [...x, { source: uniqueSource(fileName ?? openGraphSource(doc.name), graphs.map((g) => g.source)), doc: structuredClone(doc), origin: 'open graph' }]);
  };


  const runs = useMemo(() => measuredRuns(state), [state.runs, state.results]);
  const runCount = graphs.length * (seeds.seeds ?? 0);

  return (
    <div className="compare-page" data-testid="compare-view" hidden={!visible} ref={pageRef}>
      <header className="compare-header">
        <h2 tabIndex={-1} ref={headingRef}>
          Compare objectives
        </h2>
        <p className="compare-muted">
          Every graph trains on the same number of training tokens (the token ids its batches read, before masking), with each seed; then every yardstick measures
          every run, in the training worker, one run after another — as <code>pretrain-lab compare</code> does. Ctrl+Enter starts, Esc stops.
        </p>
      </header>

      <section className="compare-setup" aria-label="What to compare">
        <GraphPicker
          samples={SAMPLES}
          picked={picked}
          extra={extra}
          problems={problems}
          disabled={active}
          onToggleSample={(file) => {
            touch();
            setPicked((p) => {
              const next = new Set(p);
              if (!next.delete(file)) next.add(file);
              return next;
            });
          }}
          onAddFile={() => void addFile()}
          onAddOpenGraph={addOpenGraph}
          onRemove={(source) => {
            touch();
            setExtra((x) => x.filter((g) => g.source !== source));
          }}
        />
        <fieldset className="compare-options">
          <legend>Budget</legend>
          <label>
            Training tokens a run
            <input
              data-testid="compare-budget"
              inputMode="numeric"
              value={budgetText}
              placeholder={String(DEFAULT_BUDGET_TOKENS)}
              aria-invalid={budget.error ? true : undefined}
              disabled={active}
              onChange={(e) => {
                touch();
                setBudgetText(e.target.value);
              }}
            />
          </label>
          <label>
            Seeds
            <input
              data-testid="compare-seeds"
              inputMode="numeric"
              value={seedsText}
              placeholder={String(DEFAULT_SEEDS)}
              aria-invalid={seeds.error ? true : undefined}
              disabled={active}
              onChange={(e) => {
                touch();
                setSeedsText(e.target.value);
              }}
            />
          </label>
          <label>
            Backend
            <select data-testid="compare-backend" value={backend} disabled={active} onChange={(e) => setBackend(e.target.value as Backend)}>
              {COMPARE_BACKENDS.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
          <p className="compare-muted" data-testid="compare-plan">
            {blocked ??
              `${runCount} run${runCount === 1 ? '' : 's'}: ${graphs.length} graph${graphs.length === 1 ? '' : 's'} × ${seeds.seeds} seed${seeds.seeds === 1 ? '' : 's'}, ${formatTokens(budget.tokens!)} training tokens each.`}
          </p>
          <div className="compare-actions">
            <button type="button" className="primary" data-testid="compare-start" onClick={start} disabled={active || blocked !== null} title={blocked ?? 'Start the compare (Ctrl+Enter)'}>
              ▶ Compare
            </button>
            <button type="button" data-testid="compare-stop" onClick={() => compareController.stop()} disabled={!active || state.status === 'stopping'} title="Stop at the next step; the runs measured are kept (Esc)">
            ■ Stop
          </button>
          <button
            type="button"
            data-testid="compare-continue"
            onClick={() => compareController.continue()}
            disabled={!canContinue(state)}
            title="Go on with the last compare: its measured runs are kept, a run cut short goes on from its checkpoint"
          >
            Continue
            </button>
          </div>
        </fieldset>
      </section>

      {compareController.storageProblem && (
        <p className="compare-failure" role="alert">
          {compareController.storageProblem}
        </p>
      )}

      {state.status !== 'idle' && <CompareProgress state={state} />}

      {state.failure && <CompareFailureNote failure={state.failure} measured={runs.length} />}
      {state.runFailures.map((f, i) => (
        <CompareFailureNote key={i} failure={f} measured={runs.length} wentOn={{ leftOut: state.runs.filter((r) => r.phase === 'skipped' && r.graph === f.graph).length }} />
      ))}

      {runs.length > 0 && <CompareResults state={state} runs={runs} />}
    </div>
  );
}
