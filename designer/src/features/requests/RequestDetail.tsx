import { useState } from 'react';
import { api } from '../../api/admin';
import type { JournalEntry, RequestSummary } from '../../api/types';
import { Link } from '../../app/router';
import { ErrorBanner, Outputs, PageHeader, StatusPill, formatDate, formatDuration, formatValue, useAsync } from '../common/ui';

const CANCELLABLE = new Set(['pending', 'running', 'awaiting_input']);
const SHOWN = ['id', 'workflow', 'version', 'userId', 'status', 'outcome', 'applicationId', 'createdAt', 'updatedAt', 'completedAt'];

function RuleCell({ e }: { e: JournalEntry }) {
  if (!e.rule) return <span className="muted">—</span>;
  return (
    <div className="rule-cell">
      <code>{e.rule}</code>
      {e.ruleValue === null || e.ruleValue === undefined ? (
        <span className="muted small">not evaluated</span>
      ) : (
        <span className={`rule-value ${e.ruleValue === true ? 'true' : e.ruleValue === false ? 'false' : ''}`}>→ {formatValue(e.ruleValue)}</span>
      )}
    </div>
  );
}

function extraFields(r: RequestSummary): [string, unknown][] {
  return Object.entries(r).filter(([k, v]) => !SHOWN.includes(k) && v !== null && v !== undefined);
}

export function RequestDetail({ ws, id }: { ws: string; id: string }) {
  const req = useAsync(() => api.getRequest(ws, id), [ws, id]);
  const journal = useAsync(() => api.journal(ws, id), [ws, id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function cancel() {
    if (!window.confirm('Cancel this request? The person will no longer be able to finish it.')) return;
    setBusy(true);
    setError(null);
    try {
      await api.cancelRequest(ws, id);
      req.reload();
      journal.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const r = req.data;
  const totalMs = journal.data?.reduce((a, e) => a + (e.durationMs ?? 0), 0) ?? 0;

  return (
    <>
      <PageHeader
        title={
          <>
            <Link to="/requests" className="crumb">
              Requests
            </Link>{' '}
            / <span className="mono">{id}</span>
          </>
        }
        actions={
          r &&
          CANCELLABLE.has(r.status) && (
            <button className="btn btn-danger" onClick={cancel} disabled={busy}>
              Cancel request
            </button>
          )
        }
      />
      <ErrorBanner error={req.error ?? error} />
      {r && (
        <section className="card detail-grid">
          <div>
            <div className="label">Status</div>
            <StatusPill status={r.status} />
          </div>
          <div>
            <div className="label">Outcome</div>
            {r.outcome ? <StatusPill status={r.outcome} /> : <span className="muted">—</span>}
          </div>
          <div>
            <div className="label">User</div>
            <span className="mono">{r.userId}</span>
          </div>
          <div>
            <div className="label">Workflow</div>
            <Link to={`/workflows/${encodeURIComponent(r.workflow)}`}>{r.workflow}</Link>
            {r.version != null && <span className="muted"> v{r.version}</span>}
          </div>
          <div>
            <div className="label">Created</div>
            {formatDate(r.createdAt)}
          </div>
          <div>
            <div className="label">Updated</div>
            {formatDate(r.completedAt ?? r.updatedAt ?? null)}
          </div>
          {extraFields(r).map(([k, v]) => (
            <div key={k} className="wide">
              <div className="label">{k}</div>
              <pre className="json-inline">{typeof v === 'object' ? JSON.stringify(v, null, 2) : String(v)}</pre>
            </div>
          ))}
        </section>
      )}
      <section className="card">
        <div className="card-head">
          <h2>Journal</h2>
          {journal.data && (
            <span className="muted">
              {journal.data.length} steps · {formatDuration(totalMs)}
            </span>
          )}
        </div>
        <ErrorBanner error={journal.error} />
        {journal.data && (
          <table className="table journal">
            <thead>
              <tr>
                <th>#</th>
                <th>Node</th>
                <th>Status</th>
                <th>Started</th>
                <th className="num">Duration</th>
                <th>Rule</th>
                <th>Port</th>
                <th>Outputs</th>
              </tr>
            </thead>
            <tbody>
              {journal.data.map((e) => (
                <tr key={e.sequence} className={e.error ? 'row-error' : e.status === 'skipped' ? 'row-skipped' : ''}>
                  <td className="muted">{e.sequence}</td>
                  <td>
                    <div className="strong">{e.nodeId}</div>
                    <div className="muted small mono">{e.moduleType}</div>
                  </td>
                  <td>
                    <StatusPill status={e.status} />
                    {e.reason && <div className="muted small">{e.reason}</div>}
                    {e.error && <div className="error-text small">{e.error}</div>}
                  </td>
                  <td className="small">{formatDate(e.startedAt)}</td>
                  <td className="num nowrap">{formatDuration(e.durationMs)}</td>
                  <td>
                    <RuleCell e={e} />
                  </td>
                  <td>{e.port ? <code>{e.port}</code> : <span className="muted">—</span>}</td>
                  <td>
                    <Outputs outputs={e.outputs} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
