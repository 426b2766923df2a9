import { useState } from 'react';
import type { SettingDescriptor } from '../../model/modules';
import { coerceSetting, formatSetting, optionLabel, validateSetting } from '../../model/settings';

interface Props {
  descriptor: SettingDescriptor;
  value: unknown;
  serverError?: string;
  onChange: (value: unknown) => void;
}

/** One settings input generated from the module descriptor; keeps what was typed until it is valid. */
export function SettingField({ descriptor: d, value, serverError, onChange }: Props) {
  const [raw, setRaw] = useState(() => formatSetting(d, value));
  const [localError, setLocalError] = useState<string | null>(null);
  const storedError = localError ? null : validateSetting(d, value);
  const error = localError ?? storedError ?? serverError;
  const inputId = `setting-${d.name}`;

  function commit(next: string | boolean) {
    setRaw(next);
    const c = coerceSetting(d, next);
    if (c.ok) {
      setLocalError(null);
      onChange(c.value);
    } else setLocalError(c.error);
  }

  const placeholder = d.default !== undefined && d.default !== null ? `default: ${Array.isArray(d.default) ? d.default.join(', ') : String(d.default)}` : undefined;
  const range = d.min != null || d.max != null ? `${d.min ?? '…'}–${d.max ?? '…'}` : null;

  let input;
  switch (d.type) {
    case 'bool': {
      const checked = typeof raw === 'boolean' ? raw : d.default === true;
      input = (
        <label className="check">
          <input id={inputId} type="checkbox" checked={checked} onChange={(e) => commit(e.target.checked)} />
          {value === undefined ? <span className="muted small">default ({String(d.default ?? false)})</span> : <span className="small">{checked ? 'on' : 'off'}</span>}
        </label>
      );
      break;
    }
    case 'enum':
      input = (
        <select id={inputId} value={String(raw)} onChange={(e) => commit(e.target.value)}>
          <option value="">{placeholder ?? (d.required ? 'Choose…' : '(none)')}</option>
          {(d.options ?? []).map((o) => {
            const v = typeof o === 'string' ? o : o.value;
            return (
              <option key={v} value={v}>
                {optionLabel(o)}
              </option>
            );
          })}
        </select>
      );
      break;
    case 'string_list':
    case 'rule':
      input = (
        <textarea
          id={inputId}
          className={d.type === 'rule' ? 'mono' : ''}
          rows={d.type === 'rule' ? 2 : 3}
          value={String(raw)}
          placeholder={d.type === 'string_list' ? 'One per line' : placeholder}
          spellCheck={false}
          onChange={(e) => commit(e.target.value)}
        />
      );
      break;
    default:
      input = (
        <input
          id={inputId}
          type={d.type === 'secret' ? 'password' : d.type === 'url' ? 'url' : 'text'}
          inputMode={d.type === 'int' ? 'numeric' : d.type === 'number' ? 'decimal' : undefined}
          autoComplete={d.type === 'secret' ? 'new-password' : 'off'}
          value={String(raw)}
          placeholder={placeholder}
          spellCheck={false}
          onChange={(e) => commit(e.target.value)}
        />
      );
  }

  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={inputId}>
        {d.label || d.name}
        {d.required && <span className="req"> *</span>}
        {range && <span className="muted small"> ({range})</span>}
      </label>
      {input}
      {d.description && <small className="muted">{d.description}</small>}
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
