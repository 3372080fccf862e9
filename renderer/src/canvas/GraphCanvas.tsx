import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { graphStore, registry, useGraph } from '../document/graph-store.js';
import { connect, moveItems } from '../document/edits.js';
import { addNodeAt } from '../app/selection-commands.js';
import { useView, viewStore } from '../view/view-store.js';
import { GraphNodeView, portOf } from './GraphNodeView.js';
import { NoteView } from './NoteView.js';
import { buildFlowEdges, buildFlowNodes, edgeId } from './flow-model.js';
import { checkConnection } from './connection-check.js';
import { QuickAdd } from './QuickAdd.js';
import { ShapeEdge } from './ShapeEdge.js';
import { useEdgeLabelLayout } from './use-edge-label-layout.js';
import { EdgeLabelContext } from './ShapeEdge.js';
import { READABLE_ZOOM, useReadableFit } from './readable-fit.js';
import { useNavigating } from './use-navigating.js';
import './canvas.css';

export const NODE_DRAG_TYPE = 'application/x-pretrain-lab-node';
const nodeTypes = { graph: GraphNodeView, note: NoteView };
const edgeTypes = { shape: ShapeEdge };

let dragSerial = 0;

/** The graph editor: a view of the document; every change goes through the store as an edit. */
export function GraphCanvas() {
  const doc = useGraph((s) => s.history.doc);
  const analysis = useGraph((s) => s.analysis);
  const selection = useView((s) => s.selection);
  const theme = useView((s) => s.theme);
  const flow = useReactFlow();
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const [, bump] = useState(0);
  const [quickAdd, setQuickAdd] = useState<{ screen: { x: number; y: number }; flow: { x: number; y: number } } | null>(null);
  const dragKey = useRef<string | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);

  const nodes = useMemo(() => {
    return buildFlowNodes(doc, analysis, registry, selection).map((n) => {
      const m = measured.current.get(n.id);
      return m ? { ...n, measured: m } : n;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, analysis, selection, measured.current.size]);
  const edges = useMemo(() => buildFlowEdges(doc, analysis, selection).map((e) => ({ ...e, type: 'shape' })), [doc, analysis, selection]);
  const labels = useEdgeLabelLayout(doc.edges.map(edgeId), nodes);
  const fitReadable = useReadableFit();
  const pinned = useView((s) => s.minimap === 'pinned');
  const navigating = useNavigating();
  // unpinned under the pointer, the minimap goes without a mouseleave: let it go as on one
  const { release } = navigating;
  useEffect(() => {
    if (!pinned) release();
  }, [pinned, release]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const moves: Record<string, { x: number; y: number }> = {};
    let dragEnded = false;
    let selectionChanged = false;
    const next = new Set(viewStore.getState().selection);
    for (const c of changes) {
      if (c.type === 'position' && c.position) {
        moves[c.id] = c.position;
        if (c.dragging === false) dragEnded = true;
      } else if (c.type === 'position' && c.dragging === false) dragEnded = true;
      else if (c.type === 'dimensions' && c.dimensions) {
        measured.current.set(c.id, c.dimensions);
        bump((x) => x + 1);
      } else if (c.type === 'select') {
        selectionChanged = true;
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
    }
    if (Object.keys(moves).length) {
      dragKey.current ??= `move:${++dragSerial}`;
      graphStore.edit((d) => moveItems(d, moves), dragKey.current);
    }
    if (dragEnded) dragKey.current = null;
    if (selectionChanged) viewStore.select(next);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const next = new Set(viewStore.getState().selection);
    let changed = false;
    for (const c of changes) {
      if (c.type === 'select') {
        changed = true;
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
    }
    if (changed) viewStore.select(next);
  }, []);

  const check = useCallback((c: Connection) => {
    const s = graphStore.getState();
    return checkConnection(s.history.doc, s.analysis, registry, { node: c.source, port: portOf(c.sourceHandle) }, { node: c.target, port: portOf(c.targetHandle) });
  }, []);

  const onConnect = useCallback(
    (c: Connection) => {
      const r = check(c);
      if (!r.ok) return viewStore.toast(r.reason, 'error');
      graphStore.edit((d) => connect(d, { from: { node: c.source, port: portOf(c.sourceHandle) }, to: { node: c.target, port: portOf(c.targetHandle) } }));
    },
    [check],
  );

  // A drop on a port that does not fit is refused; say why, in the engine's words.
  const onConnectEnd: OnConnectEnd = useCallback(
    (_event, state) => {
      if (state.isValid !== false || !state.toHandle || !state.fromHandle) return;
      const fromIsSource = state.fromHandle.type === 'source';
      const src = fromIsSource ? state.fromHandle : state.toHandle;
      const dst = fromIsSource ? state.toHandle : state.fromHandle;
      if (src.type !== 'source' || dst.type !== 'target') return viewStore.toast('connect an output (right side) to an input (left side)', 'error');
      const r = check({ source: src.nodeId, sourceHandle: src.id ?? null, target: dst.nodeId, targetHandle: dst.id ?? null });
      if (!r.ok) viewStore.toast(r.reason, 'error');
    },
    [check],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!type) return;
      e.preventDefault();
      addNodeAt(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [flow],
  );

  const onPaneDoubleClick = useCallback(
    (e: React.MouseEvent) => {
      const box = wrapper.current!.getBoundingClientRect();
      setQuickAdd({ screen: { x: e.clientX - box.left, y: e.clientY - box.top }, flow: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
    },
    [flow],
  );

  return (
    <div className="canvas" ref={wrapper} data-testid="canvas" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <EdgeLabelContext.Provider value={labels}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={(c) => check(c as Connection).ok}
        onDoubleClick={(e) => {
          if ((e.target as HTMLElement).classList.contains('react-flow__pane')) onPaneDoubleClick(e);
        }}
        zoomOnDoubleClick={false}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        colorMode={theme}
        defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        onMoveStart={navigating.onMoveStart}
        onMoveEnd={navigating.onMoveEnd}
      >
        <Background gap={20} size={1} />
        {(pinned || navigating.active) && (
          <MiniMap pannable zoomable className="minimap" style={{ width: 150, height: 100 }} onMouseEnter={navigating.hold} onMouseLeave={navigating.release} />
        )}
        <Controls showFitView={false}>
          <ControlButton onClick={fitReadable} title={`Fit the graph in view, never below a readable ${Math.round(READABLE_ZOOM * 100)}% (Shift+1)`} aria-label="fit view" data-testid="fit-view">
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
            </svg>
          </ControlButton>
          <ControlButton
            onClick={() => viewStore.toggleMinimap()}
            title={pinned ? 'Show the minimap only while moving the view (Shift+M)' : 'Keep the minimap shown (Shift+M)'}
            aria-label="keep the minimap shown"
            aria-pressed={pinned}
            data-testid="toggle-minimap"
          >
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <rect x="1.5" y="3" width="13" height="10" rx="1" fill="none" stroke="currentColor" strokeWidth="1.4" />
              <rect x="8" y="8" width="5" height="3.5" fill="currentColor" opacity={pinned ? 1 : 0.35} />
            </svg>
          </ControlButton>
        </Controls>
      </ReactFlow>
      </EdgeLabelContext.Provider>
      {doc.nodes.length === 0 && doc.notes.length === 0 && (
        <div className="canvas-empty">Drag nodes from the palette, or double-click the canvas to add one.</div>
      )}
      {quickAdd && (
        <QuickAdd
          at={quickAdd.screen}
          defs={registry.all()}
          onClose={() => setQuickAdd(null)}
          onPick={(type) => {
            addNodeAt(type, quickAdd.flow);
            setQuickAdd(null);
          }}
        />
      )}
    </div>
  );
}
