import { memo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { Markdown } from '../markdown/Markdown.js';

export type NoteFlowNode = Node<{ text: string }, 'note'>;

/** A markdown note on the canvas; edited in the inspector (double-click selects it there). */
function NoteViewImpl({ id, data, selected }: NodeProps<NoteFlowNode>) {
  return (
    <div className={`note-node ${selected ? 'selected' : ''}`} data-testid={`note-${id}`}>
      <Markdown source={data.text || '*empty note: edit it in the inspector*'} />
    </div>
  );
}

export const NoteView = memo(NoteViewImpl);
