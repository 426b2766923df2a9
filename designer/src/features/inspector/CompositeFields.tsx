import { useRef, useState } from 'react';
import type { ValidationIssue } from '../../api/client';
import type { SettingDescriptor } from '../../model/modules';
import { branchErrors, mapToRows, readBranches, rowsToMap, validateSetting, type Branch, type MapRow } from '../../model/settings';
import { useAppStore } from '../../store';

/** A server issue on a setting, with the index/part it points at (`settings.branches[1].rule`). */
export interface TargetedIssue {
  issue: ValidationIssue;
  index: number | null;
  part: string | null;
}

function issueText(i: ValidationIssue) {
  return `${i.line != null ? `line ${i.line}, column ${i.column ?? 1}: ` : ''}${i.message}`;
}

function FieldHead({ d, id }: { d: SettingDescriptor; id: string }) {
  const range = d.min != null || d.max != null ? `${d.min ?? '…'}–${d.max ?? '…'}` : null;
  return (
    <div className="field-head" id={id}>
      {d.label || d.name}
      {d.required && <span className="req"> *</span>}
      {range && <span className="muted small"> ({range})</span>}
    </div>
  );
}

/**
 * Decision branches: an ordered list of `{name, rule}`; the first branch whose rule is true names the port taken.
 * Renaming a branch moves the edge drawn from its port (on blur, so half-typed names never reach the canvas).
 */
export function BranchesField({ nodeId, descriptor: d, value, issues, onChange }: { nodeId: string; descriptor: SettingDescriptor; value: unknown; issues: TargetedIssue[]; onChange: (v: unknown) => void }) {
  const branches = readBranches(value);
  const rowErrors = branchErrors(branches);
  const renamePort = useAppStore((s) => s.renamePort);
  const nameAtFocus = useRef<string | null>(null);
  const headId = `setting-${d.name}-label`;
  // Row problems show on their row; the field itself reports only what no row can (count, required).
  const rowProblem = rowErrors.some((r) => r.name || r.rule);
  const whole = value === undefined ? (d.required ? 'Required.' : null) : rowProblem ? null : validateSetting(d, value);
  const wholeServer = issues.filter((t) => t.index === null);

  const commit = (next: Branch[]) => onChange(next.length === 0 ? undefined : next);
  const patch = (i: number, p: Partial<Branch>) => commit(branches.map((b, k) => (k === i ? { ...b, ...p } : b)));
  const move = (i: number, by: number) => {
    const next = [...branches];
    const [b] = next.splice(i, 1);
    next.splice(i + by, 0, b);
    commit(next);
  };
  const add = () => {
    const taken = new Set(branches.map((b) => b.name));
    let n = branches.length + 1;
    while (taken.has(`branch_${n}`)) n++;
    commit([...branches, { name: `branch_${n}`, rule: '' }]);
  };

  return (
    <div className="field" role="group" aria-labelledby={headId}>
      <FieldHead d={d} id={headId} />
      {branches.length === 0 && <p className="muted small">No branches yet: every request takes “else”.</p>}
      <ol className="branch-list">
        {branches.map((b, i) => {
          const server = issues.filter((t) => t.index === i);
          const nameErr = rowErrors[i].name ?? server.find((t) => t.part === 'name')?.issue.message;
          const ruleErr = server.filter((t) => t.part === 'rule' || t.part === null);
          return (
            <li key={i} className="branch-row">
              <div className="branch-top">
                <span className="branch-index" aria-hidden="true">
                  {i + 1}
                </span>
                <input
                  className={`mono ${nameErr ? 'input-invalid' : ''}`}
                  aria-label={`Branch ${i + 1} name`}
                  value={b.name}
                  spellCheck={false}
                  onFocus={() => (nameAtFocus.current = b.name)}
                  onBlur={() => {
                    if (nameAtFocus.current !== null) renamePort(nodeId, nameAtFocus.current, b.name);
                    nameAtFocus.current = null;
                  }}
                  onChange={(e) => patch(i, { name: e.target.value })}
                />
                <button type="button" className="btn-icon small" aria-label={`Move branch ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" className="btn-icon small" aria-label={`Move branch ${i + 1} down`} disabled={i === branches.length - 1} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button type="button" className="btn-icon small" aria-label={`Remove branch ${i + 1}`} onClick={() => commit(branches.filter((_, k) => k !== i))}>
                  ×
                </button>
              </div>
              {nameErr && <span className="field-error">{nameErr}</span>}
              <textarea
                className={`mono ${rowErrors[i].rule || ruleErr.length ? 'input-invalid' : ''}`}
                aria-label={`Branch ${i + 1} rule`}
                rows={2}
                value={b.rule}
                spellCheck={false}
                placeholder='e.g. request.metadata.country == "DE"'
                onChange={(e) => patch(i, { rule: e.target.value })}
              />
              {rowErrors[i].rule && !ruleErr.length && <span className="field-error">{rowErrors[i].rule}</span>}
              {ruleErr.map((t, k) => (
                <span key={k} className="field-error">
                  {issueText(t.issue)}
                  {t.issue.code && <code className="error-code">{t.issue.code}</code>}
                </span>
              ))}
            </li>
          );
        })}
      </ol>
      <div>
        <button type="button" className="btn btn-ghost small" onClick={add} disabled={d.max != null && branches.length >= d.max}>
          + Add branch
        </button>
        <span className="muted small"> then “else” when no rule is true</span>
      </div>
      {d.description && <small className="muted">{d.description}</small>}
      {whole && <span className="field-error">{whole}</span>}
      {wholeServer.map((t, k) => (
        <span key={k} className="field-error">
          {issueText(t.issue)}
          {t.issue.code && <code className="error-code">{t.issue.code}</code>}
        </span>
      ))}
    </div>
  );
}

/** Name → text pairs (HTTP headers). Rows are kept as typed; the stored object changes only when they are valid. */
export function StringMapField({ descriptor: d, value, issues, onChange }: { descriptor: SettingDescriptor; value: unknown; issues: TargetedIssue[]; onChange: (v: unknown) => void }) {
  const [rows, setRows] = useState<MapRow[]>(() => mapToRows(value));
  const [localError, setLocalError] = useState<string | null>(null);
  const headId = `setting-${d.name}-label`;
  const error = localError ?? (value === undefined ? null : validateSetting(d, value));
  // The row whose name is missing or repeats an earlier one.
  const badKey = (i: number) => {
    const key = rows[i].key.trim();
    if (!key) return rows[i].value !== '';
    return rows.slice(0, i).some((r) => r.key.trim() === key);
  };

  function commit(next: MapRow[]) {
    setRows(next);
    const c = rowsToMap(d, next);
    if (c.ok) {
      setLocalError(null);
      onChange(c.value);
    } else setLocalError(c.error);
  }

  return (
    <div className="field" role="group" aria-labelledby={headId}>
      <FieldHead d={d} id={headId} />
      {rows.map((r, i) => (
        <div key={i} className="map-row">
          <input
            className={`mono ${badKey(i) ? 'input-invalid' : ''}`}
            aria-label={`${d.label || d.name} ${i + 1} name`}
            placeholder="Name"
            value={r.key}
            spellCheck={false}
            onChange={(e) => commit(rows.map((x, k) => (k === i ? { ...x, key: e.target.value } : x)))}
          />
          <input
            className="mono"
            aria-label={`${d.label || d.name} ${i + 1} value`}
            placeholder="Value"
            value={r.value}
            spellCheck={false}
            onChange={(e) => commit(rows.map((x, k) => (k === i ? { ...x, value: e.target.value } : x)))}
          />
          <button type="button" className="btn-icon small" aria-label={`Remove ${d.label || d.name} ${i + 1}`} onClick={() => commit(rows.filter((_, k) => k !== i))}>
            ×
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="btn btn-ghost small" onClick={() => setRows([...rows, { key: '', value: '' }])} disabled={d.max != null && rows.length >= d.max}>
          + Add
        </button>
      </div>
      {d.description && <small className="muted">{d.description}</small>}
      {error && <span className="field-error">{error}</span>}
      {issues.map((t, k) => (
        <span key={k} className="field-error">
          {issueText(t.issue)}
          {t.issue.code && <code className="error-code">{t.issue.code}</code>}
        </span>
      ))}
    </div>
  );
}
