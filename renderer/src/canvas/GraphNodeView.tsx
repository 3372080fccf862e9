import { memo } from 'react';
import { Handle, Position, useConnection, type NodeProps, type Node } from '@xyflow/react';
import type { NodeDefinition, PortSpec } from '../../../engine/registry/define-node.js';
import { formatShape, type TensorType } from '../../../engine/core/tensor-type.js';
import type { Diagnostic } from '../../../engine/core/diagnostics.js';
import { canConnect } from '../../../engine/analysis/can-connect.js';

export interface GraphNodeData extends Record<string, unknown> {
  def: NodeDefinition;
  inputs: Record<string, TensorType | undefined>;
  outputs: Record<string, TensorType> | undefined;
  diagnostics: Diagnostic[];
  /** the type the connection being dragged carries, when it starts at an output */
  summary: string;
  /** "397k weights" for a model node, else '' */
  weights: string;
}

export type GraphFlowNode = Node<GraphNodeData, 'graph'>;

export const inHandle = (port: string) => `in:${port}`;
export const outHandle = (port: string) => `out:${port}`;
export const portOf = (handle: string | null | undefined) => (handle ?? '').replace(/^(in|out):/, '');

function shapeLabel(t: TensorType | undefined, declared: TensorType): string {
  const type = t ?? declared;
  if (type.role === 'text' || type.role === 'token-stream' || type.role === 'loss') return type.role === 'loss' ? 'scalar' : type.role.replace('-', ' ');
  return formatShape(type.shape);
}

/** While a connection is dragged from an output, say for each input whether it would fit. */
function useDropHint(port: PortSpec, nodeId: string): 'compatible' | 'incompatible' | '' {
  const connection = useConnection<GraphFlowNode>();
  if (!connection.inProgress || connection.fromHandle?.type !== 'source' || connection.fromNode.id === nodeId) return '';
  const from = connection.fromNode.data;
  const fromPort = portOf(connection.fromHandle.id);
  const type = from.outputs?.[fromPort] ?? from.def.outputs.find((p) => p.name === fromPort)?.type;
  if (!type) return '';
  return canConnect(type, port).ok ? 'compatible' : 'incompatible';
}

function InputRow({ port, nodeId, type, error }: { port: PortSpec; nodeId: string; type: TensorType | undefined; error: boolean }) {
  const hint = useDropHint(port, nodeId);
  return (
    <div className={`port port-in ${hint} ${error ? 'port-error' : ''}`} title={port.doc} data-testid={`port-in-${nodeId}-${port.name}`}>
      <Handle type="target" position={Position.Left} id={inHandle(port.name)} className={`handle ${hint}`} />
      <span className="port-name">
        {port.name}
        {port.optional ? '?' : ''}
      </span>
      <span className="port-shape">{shapeLabel(type, port.type)}</span>
    </div>
  );
}

function GraphNodeViewImpl({ id, data, selected }: NodeProps<GraphFlowNode>) {
  const { def, diagnostics } = data;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const badPorts = new Set(errors.map((d) => d.port).filter(Boolean));
  return (
    <div
      className={`graph-node family-${def.family} ${errors.length ? 'has-error' : warnings.length ? 'has-warning' : ''} ${selected ? 'selected' : ''}`}
      data-testid={`node-${id}`}
      data-node-type={def.type}
    >
      <div className="graph-node-header">
        <span className="graph-node-title">{def.title}</span>
        <span className="graph-node-id">{id}</span>
      </div>
      {(data.summary || data.weights) && (
        <div className="graph-node-summary">
          <span className="graph-node-settings">{data.summary}</span>
          {data.weights && (
            <span className="graph-node-weights" data-testid={`weights-${id}`} title="weights this node makes: the inspector's Size has the exact count and a training step's memory">
              {data.weights}
            </span>
          )}
        </div>
      )}
      <div className="graph-node-ports">
        <div className="ports-in">
          {def.inputs.map((p) => (
            <InputRow key={p.name} port={p} nodeId={id} type={data.inputs[p.name]} error={badPorts.has(p.name)} />
          ))}
        </div>
        <div className="ports-out">
          {def.outputs.map((p) => (
            <div key={p.name} className="port port-out" title={p.doc} data-testid={`port-out-${id}-${p.name}`}>
              <span className="port-shape">{shapeLabel(data.outputs?.[p.name], p.type)}</span>
              <span className="port-name">{p.name}</span>
              <Handle type="source" position={Position.Right} id={outHandle(p.name)} className="handle" />
            </div>
          ))}
        </div>
      </div>
      {(errors[0] ?? warnings[0]) && (
        <div className={`graph-node-message ${errors.length ? 'error' : 'warning'}`} data-testid={`node-message-${id}`}>
          {(errors[0] ?? warnings[0])!.port ? <b>{(errors[0] ?? warnings[0])!.port}: </b> : null}
          {(errors[0] ?? warnings[0])!.param ? <b>{(errors[0] ?? warnings[0])!.param}: </b> : null}
          {(errors[0] ?? warnings[0])!.message}
          {errors.length + warnings.length > 1 ? ` (+${errors.length + warnings.length - 1} more)` : ''}
        </div>
      )}
    </div>
  );
}

export const GraphNodeView = memo(GraphNodeViewImpl);
