import { useState } from 'react';
import { api } from '../../api/admin';
import type { DiffResult } from '../../api/types';
import { ErrorBanner, Modal, StatusPill, formatDate, formatValue, useAsync } from '../common/ui';

export function VersionsDialog({ ws, workflowKey, onClose, onOpen }: { ws: string; workflowKey: string; onClose: () => void; onOpen: (version: number) => void }) {
  const versions = useAsync(() => api.versions(ws, workflowKey), [ws, workflowKey]);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [diff, setDiff] = useState<DiffResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  const f = from ?? list[1]?.version ?? null;
  const t = to ?? list[0]?.version ?? null;

  async function compare() {
    if (f == null || t == null) return;
    setError(null);
    try {
      setDiff(await api.diff(ws, workflowKey, f, t));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Modal title="Versions" onClose={onClose} wide>
      <ErrorBanner error={versions.error ?? error} />
      <table className="table">
        <thead>
          <tr>
            <th>From</th>
            <th>To</th>
            <th>Version</th>
            <th>Status</th>
            <th>Saved</th>
            <th>Published</th>
            <th>Hash</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((v) => (
            <tr key={v.version}>
              <td>
                <input type="radio" name="from" aria-label={`Diff from v${v.version}`} checked={f === v.version} onChange={() => setFrom(v.version)} />
              </td>
              <td>
                <input type="radio" name="to" aria-label={`Diff to v${v.version}`} checked={t === v.version} onChange={() => setTo(v.version)} />
              </td>
              <td className="strong">v{v.version}</td>
              <td>
                <StatusPill status={v.status} />
              </td>
              <td className="small">
                {formatDate(v.updatedAt ?? v.createdAt)}
                {v.createdBy && <div className="muted">{v.createdBy}</div>}
              </td>
              <td className="small">
                {formatDate(v.publishedAt)}
                {v.publishedBy && <div className="muted">{v.publishedBy}</div>}
              </td>
              <td className="mono small" title={v.hash}>
                {v.hash?.slice(0, 12)}
              </td>
              <td className="num">
                <button className="btn btn-ghost small" onClick={() => onOpen(v.version)}>
                  Open in editor
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button className="btn btn-primary" disabled={f == null || t == null || f === t} onClick={compare}>
          Compare v{f ?? '?'} → v{t ?? '?'}
        </button>
      </div>
      {diff && (
        <div className="diff">
          {diff.changes.length === 0 ? (
            <p className="muted">The two versions are identical.</p>
          ) : (
            <table className="table diff-table">
              <thead>
                <tr>
                  <th>Path</th>
                  <th>Change</th>
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {diff.changes.map((c, i) => (
                  <tr key={i} className={`diff-${c.kind}`}>
                    <td className="mono">{c.path}</td>
                    <td>{c.kind}</td>
                    <td className="mono small diff-before">{c.kind === 'added' ? '' : formatValue(c.before)}</td>
                    <td className="mono small diff-after">{c.kind === 'removed' ? '' : formatValue(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Modal>
  );
}
