import { useEffect, useRef, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { graphStore, useGraph } from './document/graph-store.js';
import { trainerSettings } from '../../engine/analysis/training-plan.js';
import { exportPytorch, exportTypeScript, newGraph, openGraph, openRecent, openUnsaved, pickDataFile, recentFiles, saveGraph } from './app/file-actions.js';
import { getPlatform, documentTitle, type RecentFile } from './platform/index.js';
import { useView, viewStore } from './view/view-store.js';
import { GraphCanvas } from './canvas/GraphCanvas.js';
import { Palette } from './palette/Palette.js';
import { ProblemsList } from './diagnostics/ProblemsList.js';
import { CodeTab } from './code/CodeTab.js';
import { TypeScriptTabLoader } from './typescript/TypeScriptTabLoader.js';
import { Gallery } from './gallery/Gallery.js';
import type { Sample } from './gallery/samples.js';
import { clearSnapshot, hasUnsavedWork, readSnapshot, startAutosave, type Snapshot } from './files/autosave.js';
import { commandFor, isTextTarget, type Command } from './app/shortcuts.js';
import { addNodeAt, addNoteAt, copySelection, deleteSelection, duplicateSelection, paste, selectAll } from './app/selection-commands.js';
import { Inspector } from './inspector/Inspector.js';
import { NodePreview } from './preview/NodePreview.js';
import { detectNodeTraining, trainingClient } from './run/client.js';
import { RunPanel } from './run/RunPanel.js';
import { useReadableFit } from './canvas/readable-fit.js';
import { CompareView } from './compare/CompareView.js';

const FIRST_START_KEY = 'pretrain-lab/seen-gallery';

function Shell() {
  const fileName = useGraph((s) => s.fileName);
  const docName = useGraph((s) => s.history.doc.name);
  const dirty = useGraph(() => graphStore.dirty);
  const canUndo = useGraph(() => graphStore.canUndo);
  const canRedo = useGraph(() => graphStore.canRedo);
  const errors = useGraph((s) => s.analysis.diagnostics.filter((d) => d.severity === 'error').length);
  const defaultSteps = useGraph((s) => trainerSettings(s.analysis)?.steps ?? null);
  const doc = useGraph((s) => s.history.doc);
  const documentId = useGraph((s) => s.documentId);
  const tab = useView((s) => s.tab);
  const theme = useView((s) => s.theme);
  const toast = useView((s) => s.toast);
  const selected = useView((s) => (s.selection.size === 1 ? [...s.selection][0]! : null));
  const selectedItem = useGraph((s) => (selected && (s.history.doc.nodes.some((n) => n.id === selected) || s.history.doc.notes.some((n) => n.id === selected)) ? selected : null));
  const flow = useReactFlow();
  const fitReadable = useReadableFit();
  const [gallery, setGallery] = useState(false);
  const [recovery, setRecovery] = useState<Snapshot | null>(null);
  const [bottom, setBottom] = useState<'problems' | 'run'>('problems');
  // the Compare view replaces the editor while it shows; both stay mounted (runs and compares go on)
  const [page, setPage] = useState<'editor' | 'compare'>('editor');
  const [compareMounted, setCompareMounted] = useState(false);
  const pageRef = useRef(page);
  pageRef.current = page;
  const showPage = (p: 'editor' | 'compare') => {
    if (p === 'compare') setCompareMounted(true);
    setPage(p);
  };
  // bumped by "Open and train": the run panel starts a run of the graph just opened
  const [startRequest, setStartRequest] = useState(0);
  const [client, setClient] = useState(trainingClient);
  useEffect(() => {
    void detectNodeTraining().then((offered) => offered.length > 0 && setClient(trainingClient()));
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // Start: offer back unsaved work from a crash, else show the gallery the first time.
  useEffect(() => {
    const snapshot = readSnapshot();
    if (hasUnsavedWork(snapshot)) setRecovery(snapshot);
    else if (!localStorage.getItem(FIRST_START_KEY)) setGallery(true);
    return startAutosave(graphStore);
  }, []);

  const fit = () => setTimeout(fitReadable, 50);
  const [recent, setRecent] = useState<RecentFile[] | null>(null);

  useEffect(() => {
    const title = fileName ?? docName;
    document.title = documentTitle(title, dirty);
    getPlatform().setDirty(dirty, title);
  }, [dirty, fileName, docName]);

  // Electron's menu and its close button; a browser has neither (it prompts on unload itself).
  // Subscribed once; the handlers reach the latest render's commands through a ref.
  const commands = useRef<(c: Command) => void>(() => {});
  useEffect(() => {
    const platform = getPlatform();
    const run = (c: Command) => commands.current(c);
    const offMenu = platform.onMenuCommand((m) => {
      const c = m.command;
      if (c === 'new') run('new');
      else if (c === 'open') run('open');
      else if (c === 'save') run('save');
      else if (c === 'save-as') run('saveAs');
      else if (c === 'undo') run('undo');
      else if (c === 'redo') run('redo');
      else if (c === 'export-typescript') run('exportTypeScript');
      else if (c === 'export-pytorch') run('exportPytorch');
      else if (m.command === 'open-recent') {
        const path = m.path;
        void recentFiles().then((files) => {
          const file = files.find((f) => f.path === path);
          if (file) void openRecent(file).then(fit);
        });
      } else if (c === 'start-training' || c === 'stop-training') setBottom('run');
    });
    const offClose = platform.onBeforeClose(async () => {
      if (!graphStore.dirty) return true;
      if (confirm('Save the changes to this graph before closing?')) return saveGraph();
      return confirm('Close without saving? The changes will be lost.');
    });
    return () => {
      offMenu();
      offClose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run = (c: Command) => {
    switch (c) {
      case 'undo':
        return graphStore.undo();
      case 'redo':
        return graphStore.redo();
      case 'copy':
        return void copySelection();
      case 'paste':
        return void paste();
      case 'duplicate':
        return duplicateSelection();
      case 'delete':
        return deleteSelection();
      case 'selectAll':
        return selectAll();
      case 'fitView':
        return fitReadable();
      case 'toggleMinimap':
        return viewStore.toggleMinimap();
      case 'toggleCode':
        return viewStore.setTab(viewStore.getState().tab === 'graph' ? 'code' : 'graph');
      case 'new':
        return newGraph();
      case 'open':
        return void openGraph().then(fit);
      case 'save':
        return void saveGraph();
      case 'saveAs':
        return void saveGraph(true);
      case 'exportTypeScript':
        return void exportTypeScript();
      case 'exportPytorch':
        return void exportPytorch();
    }
  };

  commands.current = run;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const c = commandFor(e);
      if (!c) return;
      const inText = isTextTarget(e.target);
      // the editor is hidden behind the Compare view: only the file commands reach it
      if (pageRef.current === 'compare' && !['new', 'open', 'save', 'saveAs'].includes(c)) return;
      // in a text field only the file commands apply; the field keeps undo, copy, delete for itself
      if (inText && !['new', 'open', 'save', 'saveAs', 'toggleCode'].includes(c)) return;
      e.preventDefault();
      commands.current(c);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);


  const openSample = (s: Sample, train: boolean) => {
    if (!openUnsaved(structuredClone(s.doc))) return;
    localStorage.setItem(FIRST_START_KEY, '1');
    setGallery(false);
    setPage('editor');
    fit();
    if (train) {
      setBottom('run');
      setStartRequest((n) => n + 1);
    }
  };

  const addAtCenter = (type: string) => {
    const box = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const at = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
    addNodeAt(type, at);
  };

  return (
    <div className="app">
      <header className="toolbar" data-testid="toolbar">
        <strong className="app-name">Pretrain Lab</strong>
        <span className="file-name" data-testid="file-name" title={fileName ?? docName}>
          <span className="file-name__text">{fileName ?? docName}</span>
          {dirty && <span className="dirty" data-testid="dirty-marker" title="unsaved changes"> •</span>}
        </span>
        <span className="spacer" />
        <button onClick={() => { setPage('editor'); newGraph(); }} title="New graph (Ctrl+N)" data-testid="new-button">New</button>
        <button onClick={() => { setPage('editor'); void openGraph().then(fit); }} title="Open a graph file (Ctrl+O)" data-testid="open-button">Open</button>
        <button onClick={() => void recentFiles().then(setRecent)} title="Recently opened graphs" data-testid="recent-button">Recent</button>
        <button onClick={() => void saveGraph()} title="Save (Ctrl+S)" data-testid="save-button">Save</button>
        <button onClick={() => void saveGraph(true)} title="Save as… (Ctrl+Shift+S)" data-testid="save-as-button">Save as</button>
        <button onClick={() => setGallery(true)} data-testid="samples-button">Samples</button>
        <span className="sep" />
        <button onClick={() => graphStore.undo()} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="undo-button">Undo</button>
        <button onClick={() => graphStore.redo()} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo-button">Redo</button>
        <button
          onClick={() => {
            const box = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
            addNoteAt('A note: *markdown* works here.', box ? flow.screenToFlowPosition({ x: box.left + 60, y: box.top + 60 }) : { x: 0, y: 0 });
          }}
          title="Add a note to the canvas"
        >
          Note
        </button>
        <span className="sep" />
        <div className="tabs" role="tablist">
          <button role="tab" aria-selected={page === 'editor' && tab === 'graph'} className={page === 'editor' && tab === 'graph' ? 'active' : ''} onClick={() => { setPage('editor'); viewStore.setTab('graph'); }} data-testid="tab-graph">Graph</button>
          <button role="tab" aria-selected={page === 'editor' && tab === 'code'} className={page === 'editor' && tab === 'code' ? 'active' : ''} onClick={() => { setPage('editor'); viewStore.setTab('code'); }} data-testid="tab-code">JSON</button>
          <button role="tab" aria-selected={page === 'editor' && tab === 'typescript'} className={page === 'editor' && tab === 'typescript' ? 'active' : ''} onClick={() => { setPage('editor'); viewStore.setTab('typescript'); }} title="The graph as a standalone TypeScript training program" data-testid="tab-typescript">TypeScript</button>
          <button role="tab" aria-selected={page === 'compare'} className={page === 'compare' ? 'active' : ''} onClick={() => showPage('compare')} title="Train graphs on a matched budget and measure them with the same yardsticks" data-testid="tab-compare">Compare</button>
        </div>
        <button onClick={() => viewStore.setTheme(theme === 'dark' ? 'light' : 'dark')} title="Light / dark theme" data-testid="theme-toggle">
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </header>
      {recovery && (
        <div className="recovery" data-testid="recovery">
          Unsaved changes to “{recovery.fileName ?? recovery.doc.name}” from {new Date(recovery.time).toLocaleString()} were not saved when the app last closed.
          <button
            className="primary"
            data-testid="recover-button"
            onClick={() => {
              graphStore.open(recovery.doc, recovery.fileName, recovery.saved);
              setRecovery(null);
              fit();
            }}
          >
            Recover
          </button>
          <button
            data-testid="discard-recovery"
            onClick={() => {
              clearSnapshot();
              setRecovery(null);
            }}
          >
            Discard
          </button>
        </div>
      )}
      {compareMounted && <CompareView visible={page === 'compare'} openGraph={() => ({ doc: graphStore.getState().history.doc, fileName: graphStore.getState().fileName })} />}
      <div className="workspace" hidden={page === 'compare'}>
        <Palette onAdd={addAtCenter} />
        <main className="center">{tab === 'graph' ? <GraphCanvas /> : tab === 'code' ? <CodeTab /> : <TypeScriptTabLoader />}</main>
        <aside className="sidebar" data-testid="sidebar">
          {selectedItem ? (
            <>
              <Inspector nodeId={selectedItem} onPickFile={pickDataFile} />
              <NodePreview client={client} nodeId={selectedItem} />
            </>
          ) : (
            <div className="sidebar-empty">Select a node to see its settings, what it does, and a preview of what it produces.</div>
          )}
        </aside>
      </div>
      <section className={`bottom-panel ${bottom}`} hidden={page === 'compare'}>
        <div className="bottom-tabs">
          <button className={bottom === 'problems' ? 'active' : ''} onClick={() => setBottom('problems')} data-testid="problems-tab">
            Problems {errors > 0 && <span className="badge">{errors}</span>}
          </button>
          <button className={bottom === 'run' ? 'active' : ''} onClick={() => setBottom('run')} data-testid="run-tab">Run</button>
        </div>
        <div className="bottom-body">
          {/* the run panel stays mounted while its tab is hidden: a run goes on, and so does its chart */}
          <div hidden={bottom !== 'problems'} className="bottom-page">
            <ProblemsList />
          </div>
          <div hidden={bottom !== 'run'} className="bottom-page">
            <RunPanel
              client={client}
              doc={doc}
              defaultSteps={defaultSteps}
              diagnosticsBlockRun={errors > 0 ? `Fix the ${errors} problem${errors === 1 ? '' : 's'} in the graph first (see Problems).` : null}
              onSelectNode={(id) => viewStore.select([id])}
              documentId={documentId}
              startRequest={startRequest || undefined}
            />
          </div>
        </div>
      </section>
      {toast && (
        <div className={`toast ${toast.kind}`} data-testid="toast" role="status">
          {toast.text}
        </div>
      )}
      {recent && (
        <div className="modal-backdrop" onMouseDown={() => setRecent(null)}>
          <div className="recent-list" data-testid="recent-list" onMouseDown={(e) => e.stopPropagation()}>
            <h3>Recent graphs</h3>
            {recent.length === 0 && <p className="muted">No graphs opened or saved yet.</p>}
            <ul>
              {recent.map((f) => (
                <li key={f.path ?? f.name}>
                  <button
                    onClick={() => {
                      setRecent(null);
                      void openRecent(f).then(fit);
                    }}
                  >
                    {f.name}
                  </button>
                  {f.path && <small>{f.path}</small>}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {gallery && <Gallery onOpen={openSample} onClose={() => { localStorage.setItem(FIRST_START_KEY, '1'); setGallery(false); }} />}
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Shell />
    </ReactFlowProvider>
  );
}
