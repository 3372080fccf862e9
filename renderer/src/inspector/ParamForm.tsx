import { useId, useState, type KeyboardEvent } from 'react';
import { describeRange, sameValue, stepValue, textFromValue, valueFromText, type ParamField } from './param-fields.js';
import { toggleOption, type FieldState } from './inspector-model.js';
import { SavedRunControl } from './SavedRunControl.js';

/**
 * One setting's row in the inspector: label, control, default marker, reset button, range hint
 * and the problem with its value. Typing commits every keystroke (the caller coalesces them into
 * one undo step), including values that do not validate: the error shows, nothing is lost.
 */

export interface FieldEditor {
  /** a new value for the setting; `typing` marks a run of keystrokes that undo as one step */
  set(name: string, value: unknown, typing: boolean): void;
  /** remove the saved value, back to the default */
  reset(name: string): void;
  /** open the host's file picker for a path setting */
  pickFile?(name: string): Promise<void> | void;
}

export function ParamRow({ state, editor }: { state: FieldState; editor: FieldEditor }) {
  const { field, errors } = state;
  const id = useId();
  const invalid = errors.length > 0;
  const hint = field.kind === 'number' ? describeRange(field) : null;
  return (
    <div className={`param${invalid ? ' param--invalid' : ''}${state.unknown ? ' param--unknown' : ''}`} data-param={field.name}>
      <div className="param__head">
        <label className="param__label" htmlFor={id} title={field.description}>
          {field.name}
        </label>
        {state.isDefault && <span className="param__default" title="Not set: the node uses its default">default</span>}
        {state.unknown && <span className="param__unknown">unknown setting</span>}
        <button
          type="button"
          className="param__reset"
          data-testid={`param-reset-${field.name}`}
          disabled={!state.saved}
          title={state.unknown ? 'Remove this setting' : field.hasDefault ? `Back to the default (${textFromValue(field, field.default) || '""'})` : 'Clear this setting'}
          aria-label={`Reset ${field.name}`}
          onClick={() => editor.reset(field.name)}
        >
          {state.unknown ? '✕' : '↺'}
        </button>
      </div>
      <Control id={id} state={state} editor={editor} />
      {field.description && <div className="param__hint">{field.description}</div>}
      {hint && !invalid && <div className="param__hint">{hint}</div>}
      {invalid && (
        <div className="param__error" role="alert" data-testid={`param-error-${field.name}`}>
          {errors.join('; ')}
        </div>
      )}
    </div>
  );
}

function Control({ id, state, editor }: { id: string; state: FieldState; editor: FieldEditor }) {
  const { field, value } = state;
  const testId = `param-${field.name}`;
  const invalid = state.errors.length > 0;
  switch (field.kind) {
    case 'boolean':
      return (
        <label className="param__check">
          <input id={id} type="checkbox" data-testid={testId} checked={value === true} aria-invalid={invalid} onChange={(e) => editor.set(field.name, e.target.checked, false)} />
          <span>{value === true ? 'on' : value === false ? 'off' : textFromValue(field, value)}</span>
        </label>
      );
    case 'enum': {
      const known = field.options.some((o) => sameValue(o, value));
      const index = field.options.findIndex((o) => sameValue(o, value));
      return (
        <select
          id={id}
          className="param__input"
          data-testid={testId}
          aria-invalid={invalid}
          value={known ? String(index) : 'other'}
          onChange={(e) => e.target.value !== 'other' && editor.set(field.name, field.options[Number(e.target.value)], false)}
        >
          {field.options.map((o, i) => (
            <option key={i} value={String(i)}>
              {String(o)}
            </option>
          ))}
          {!known && <option value="other">{value === undefined ? '(not set)' : `${textFromValue(field, value)} (not an option)`}</option>}
        </select>
      );
    }
    case 'enum-list': {
      const list = Array.isArray(value) ? value : [];
      return (
        <div className="param__choices" id={id} role="group" data-testid={testId} aria-invalid={invalid}>
          {field.options.map((o) => (
            <label key={String(o)} className="param__choice">
              <input
                type="checkbox"
                data-testid={`${testId}-${o}`}
                checked={list.includes(o)}
                onChange={(e) => editor.set(field.name, toggleOption(value, o, e.target.checked, field.options), false)}
              />
              <span>{String(o)}</span>
            </label>
          ))}
        </div>
      );
    }
    case 'path':
      return (
        <div className="param__path">
          <TextControl id={id} testId={testId} field={field} value={value} invalid={invalid} editor={editor} placeholder="a .txt file or a folder" />
          {editor.pickFile && (
            <button type="button" className="param__pick" data-testid={`param-pick-${field.name}`} onClick={() => editor.pickFile!(field.name)}>
              Choose…
            </button>
          )}
        </div>
      );
    case 'saved-run':
      return (
        <SavedRunControl
          value={value}
          onPick={(v) => editor.set(field.name, v, false)}
          text={<TextControl id={id} testId={testId} field={field} value={value} invalid={invalid} editor={editor} placeholder="a run folder, or app-run:<id>" />}
        />
      );
    case 'string':
      return <TextControl id={id} testId={testId} field={field} value={value} invalid={invalid} editor={editor} multiline={field.multiline} />;
    case 'json':
      return <TextControl id={id} testId={testId} field={field} value={value} invalid={invalid} editor={editor} multiline mono />;
    case 'number':
      return <TextControl id={id} testId={testId} field={field} value={value} invalid={invalid} editor={editor} numeric />;
  }
}

interface TextControlProps {
  id: string;
  testId: string;
  field: ParamField;
  value: unknown;
  invalid: boolean;
  editor: FieldEditor;
  multiline?: boolean;
  mono?: boolean;
  numeric?: boolean;
  placeholder?: string;
}

/**
 * A text box that keeps what is being typed ("1." on the way to "1.5", "1e" on the way to "1e-4")
 * while the document holds the parsed value; when the document changes under it (undo), the
 * document wins.
 */
function TextControl({ id, testId, field, value, invalid, editor, multiline, mono, numeric, placeholder }: TextControlProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft !== null && sameValue(valueFromText(field, draft), value) ? draft : textFromValue(field, value);
  const change = (text: string) => {
    setDraft(text);
    editor.set(field.name, valueFromText(field, text), true);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (field.kind !== 'number' || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const next = stepValue(field, value, e.key === 'ArrowUp' ? 1 : -1);
    setDraft(null);
    editor.set(field.name, next, true);
  };
  const common = {
    id,
    'data-testid': testId,
    className: `param__input${mono ? ' param__input--mono' : ''}${numeric ? ' param__input--number' : ''}`,
    value: shown,
    spellCheck: false,
    'aria-invalid': invalid,
    placeholder,
    onBlur: () => setDraft(null),
  };
  if (multiline) {
    return <textarea {...common} rows={Math.min(6, Math.max(2, Math.ceil(shown.length / 36)))} onChange={(e) => change(e.target.value)} />;
  }
  return <input {...common} type="text" inputMode={numeric ? 'decimal' : undefined} onKeyDown={onKeyDown} onChange={(e) => change(e.target.value)} />;
}
