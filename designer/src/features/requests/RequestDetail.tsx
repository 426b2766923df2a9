import { useState } from 'react';
import { api } from '../../api/admin';
import type { JournalEntry, RequestDetail as Detail } from '../../api/types';
import { Link } from '../../app/router';
import { ErrorBanner, Outputs, PageHeader, StatusPill, formatDate, formatDuration, formatValue, useAsync } from '../common/ui';

const CANCELLABLE = new Set(['pending', 'running', 'awaiting_input']);

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

function hasEntries(o: Record<string, unknown> | null | undefined): o is Record<string, unknown> {
  return !!o && Object.keys(o).length > 0;
}

/** What the rules saw: request, user, application and each node's outputs (sensitive ones are redacted by the server). */
function ContextCard({ r }: { r: Detail }) {
  const modules = Object.entries(r.modules ?? {}).filter(([, v]) => hasEntries(v));
  const parts: [string, Record<string, unknown> | null | undefined][] = [
    ['request', r.request],
    ['user', r.user],
    ['application', r.application],
  ];
  if (!parts.some(([, v]) => hasEntries(v)) && modules.length === 0) return null;
  return (
    <section className="card">
      <div className="card-head">
        <h2>Context</h2>
        <span className="muted small">what rules read as request.*, user.*, application.*, modules.&lt;node&gt;.*</span>
      </div>
      <div className="context-grid">
        {parts
          .filter(([, v]) => hasEntries(v))
          .map(([name, v]) => (
            <div key={name}>
              <div className="label">{name}</div>
              <Outputs outputs={v as Record<string, unknown>} />
            </div>
          ))}
        {modules.map(([node, v]) => (
          <div key={node}>
            <div className="label">
              modules.<span className="mono">{node}</span>
            </div>
            <Outputs outputs={v} />
          </div>
        ))}
      </div>
    </section>
  );
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
          <>
            <Link to={`/webhooks/events?requestId=${encodeURIComponent(id)}`} className="btn btn-ghost">
              Webhook events
            </Link>
            {r && CANCELLABLE.has(r.status) && (
              <button className="btn btn-danger" onClick={cancel} disabled={busy}>
                Cancel request
              </button>
            )}
          </>
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
            <div className="label">{r.finishedAt ? 'Finished' : 'Updated'}</div>
            {formatDate(r.finishedAt ?? r.updatedAt ?? null)}
          </div>
          {!r.finishedAt && r.expiresAt && (
            <div>
              <div className="label">Expires</div>
              {formatDate(r.expiresAt)}
            </div>
          )}
          {r.applicationId && (
            <div>
              <div className="label">Application</div>
              <Link to={`/applications/${encodeURIComponent(r.applicationId)}`}>{typeof r.application?.name === 'string' ? r.application.name : r.applicationId}</Link>
            </div>
          )}
          {r.currentNodeId && !r.finishedAt && (
            <div>
              <div className="label">Waiting at</div>
              <span className="mono">{r.currentNodeId}</span>
            </div>
          )}
          {(r.recoveryCount ?? 0) > 0 && (
            <div>
              <div className="label">Recovered</div>
              {r.recoveryCount}×
            </div>
          )}
          {(r.errorCode || r.errorMessage) && (
            <div className="wide">
              <div className="label">Error</div>
              {r.errorCode && <code className="error-code">{r.errorCode}</code>} <span className="error-text">{r.errorMessage}</span>
            </div>
          )}
          {r.definitionHash && (
            <div className="wide">
              <div className="label">Definition</div>
              <span className="mono small muted">{r.definitionHash}</span>
            </div>
          )}
        </section>
      )}
      {r && hasEntries(r.result) && (
        <section className="card">
          <div className="card-head">
            <h2>Result</h2>
            <span className="muted small">sent to notification ways</span>
          </div>
          <Outputs outputs={r.result} />
        </section>
      )}
      {r && r.bookmarks && r.bookmarks.length > 0 && (
        <section className="card">
          <div className="card-head">
            <h2>Bookmarks</h2>
          </div>
          <table className="table compact">
            <thead>
              <tr>
                <th>Name</th>
                <th>Node</th>
                <th>Created</th>
                <th>Resume at</th>
                <th>Consumed</th>
              </tr>
            </thead>
            <tbody>
              {r.bookmarks.map((b, k) => (
                <tr key={k}>
                  <td className="mono">{b.name}</td>
                  <td className="mono">{b.nodeId}</td>
                  <td>{formatDate(b.createdAt)}</td>
                  <td>{formatDate(b.resumeAt)}</td>
                  <td>
                    {b.consumedAt ? formatDate(b.consumedAt) : <span className="muted">waiting</span>}
                    {b.resumeStatus && <span className="muted small"> ({b.resumeStatus})</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {r && <ContextCard r={r} />}
      <section className="card">
        <div className="card-head">
          <h2>Journal</h2>
          {journal.data && (
            <span className="muted">
              {journal.data.length} step{journal.data.length === 1 ? '' : 's'} · {formatDuration(totalMs)}
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
                <tr key={e.sequence} className={e.error || e.errorCode ? 'row-error' : e.status === 'skipped' ? 'row-skipped' : ''}>
                  <td className="muted">{e.sequence}</td>
                  <td>
                    <div className="strong">{e.nodeId ?? '—'}</div>
                    <div className="muted small mono">{e.moduleType ?? 'event'}</div>
                  </td>
                  <td>
                    <StatusPill status={e.status} />
                    {e.reason && <div className="muted small">{e.reason}</div>}
                    {e.errorCode && <code className="error-code">{e.errorCode}</code>}
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
