import { useState } from 'react';
import { api } from '../../api/admin';
import type { Delivery } from '../../api/types';
import { Link } from '../../app/router';
import { ErrorBanner, PageHeader, formatDate, useAsync } from '../common/ui';
import { DeliveriesTable } from './Deliveries';

/** One event: its payload (what receivers get) and every delivery of it, with replay to one or every endpoint. */
export function EventPage({ ws, eventId }: { ws: string; eventId: string }) {
  const event = useAsync(() => api.getEvent(ws, eventId), [ws, eventId]);
  const endpoints = useAsync(() => api.listEndpoints(ws), [ws]);
  const endpointLabel = (id: string) => {
    const e = endpoints.data?.find((x) => x.id === id);
    return e ? (e.kind === 'email' ? e.emailTo.join(', ') : (e.url ?? undefined)) : undefined;
  };
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function replay(endpointId?: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await api.replayEvent(ws, eventId, endpointId);
      setNotice(r.deliveries === 0 ? 'No enabled endpoint wants this event.' : `Queued again: ${r.deliveries} deliver${r.deliveries === 1 ? 'y' : 'ies'} (same webhook-id).`);
      event.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const e = event.data;
  return (
    <>
      <PageHeader
        title={
          <>
            <Link to="/webhooks/events" className="crumb">
              Webhook events
            </Link>{' '}
            / <span className="mono">{eventId}</span>
          </>
        }
        actions={
          <button className="btn btn-ghost" disabled={busy || !e} onClick={() => void replay()}>
            Replay to every endpoint
          </button>
        }
      />
      <ErrorBanner error={event.error ?? error} onDismiss={error ? () => setError(null) : undefined} />
      {notice && (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      )}
      {e && (
        <>
          <section className="card detail-grid">
            <div>
              <div className="label">Type</div>
              <code>{e.type}</code>
            </div>
            <div>
              <div className="label">Request</div>
              {e.requestId ? <Link to={`/requests/${encodeURIComponent(e.requestId)}`} className="mono small">{e.requestId}</Link> : <span className="muted">—</span>}
            </div>
            <div>
              <div className="label">Sequence</div>
              {e.sequence}
            </div>
            <div>
              <div className="label">Created</div>
              {formatDate(e.createdAt)}
            </div>
            <div className="wide">
              <div className="label">Payload</div>
              <pre className="json-inline">{JSON.stringify(e.payload, null, 2)}</pre>
            </div>
          </section>
          <section className="card">
            <div className="card-head">
              <h2>Deliveries</h2>
            </div>
            {e.deliveries && e.deliveries.length > 0 ? (
              <DeliveriesTable deliveries={e.deliveries} showEndpoint endpointLabel={endpointLabel} busy={busy} onReplay={(d: Delivery) => void replay(d.endpointId ?? undefined)} />
            ) : (
              <p className="muted">Not delivered anywhere yet.</p>
            )}
          </section>
        </>
      )}
    </>
  );
}
