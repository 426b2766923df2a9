import { useState, type FormEvent } from 'react';
import { api } from '../../api/admin';
import { NOTIFICATION_EVENTS } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { eventsLabel } from '../../model/webhooks';
import { Empty, ErrorBanner, PageHeader, StatusPill, formatDate, useAsync } from '../common/ui';

/** Notification ways of the workspace (webhook endpoints and e-mail) and the events sent to them. */
export function WebhooksPage({ ws, tab, query }: { ws: string; tab: 'endpoints' | 'events'; query: URLSearchParams }) {
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Signed notifications (Standard Webhooks) of request events, their delivery log and replay"
        actions={
          <button className="btn btn-primary" onClick={() => navigate('/webhooks/new')}>
            New endpoint
          </button>
        }
      />
      <nav className="tabs" aria-label="Webhooks">
        <Link to="/webhooks" className={tab === 'endpoints' ? 'tab active' : 'tab'}>
          Endpoints
        </Link>
        <Link to="/webhooks/events" className={tab === 'events' ? 'tab active' : 'tab'}>
          Events
        </Link>
      </nav>
      {tab === 'endpoints' ? <EndpointList ws={ws} /> : <EventList ws={ws} query={query} />}
    </>
  );
}

function EndpointList({ ws }: { ws: string }) {
  const endpoints = useAsync(() => api.listEndpoints(ws), [ws]);
  const apps = useAsync(() => api.listApplications(ws), [ws]);
  const appName = (id: string) => apps.data?.find((a) => a.id === id)?.name ?? id;
  return (
    <section className="card">
      <ErrorBanner error={endpoints.error} />
      {endpoints.data && endpoints.data.length === 0 && (
        <Empty>
          No endpoints yet. <Link to="/webhooks/new">Add one</Link> to receive request events.
        </Empty>
      )}
      {endpoints.data && endpoints.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Endpoint</th>
              <th>Application</th>
              <th>Events</th>
              <th>State</th>
              <th>Secret</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.data.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/webhooks/${encodeURIComponent(e.id)}`} className="strong">
                    {e.kind === 'email' ? e.emailTo.join(', ') : e.url}
                  </Link>
                  <div className="muted small">
                    {e.kind}
                    {e.description ? ` · ${e.description}` : ''}
                  </div>
                </td>
                <td>{appName(e.applicationId)}</td>
                <td className="small">{eventsLabel(e.events)}</td>
                <td>
                  <StatusPill status={e.enabled ? 'enabled' : 'disabled'} />
                  {e.disabledReason && <div className="muted small">{e.disabledReason}</div>}
                </td>
                <td className="mono small">{e.secretPrefix ?? '—'}</td>
                <td className="small">{formatDate(e.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function EventList({ ws, query }: { ws: string; query: URLSearchParams }) {
  const type = query.get('type') ?? '';
  const requestId = query.get('requestId') ?? '';
  const [t, setT] = useState(type);
  const [r, setR] = useState(requestId);
  const events = useAsync(() => api.listEvents(ws, { type: type || undefined, requestId: requestId || undefined, take: 100 }), [ws, type, requestId]);

  function apply(e: FormEvent) {
    e.preventDefault();
    const q = new URLSearchParams();
    if (t) q.set('type', t);
    if (r.trim()) q.set('requestId', r.trim());
    navigate(`/webhooks/events${q.toString() ? `?${q}` : ''}`);
  }

  return (
    <>
      <form className="card filters" onSubmit={apply}>
        <label className="field">
          <span>Event type</span>
          <select value={t} onChange={(e) => setT(e.target.value)}>
            <option value="">Any</option>
            {[...NOTIFICATION_EVENTS, 'webhook.test'].map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Request id</span>
          <input className="mono" value={r} onChange={(e) => setR(e.target.value)} placeholder="request id" />
        </label>
        <div className="filter-actions">
          <button className="btn btn-primary">Apply</button>
        </div>
      </form>
      <section className="card">
        <ErrorBanner error={events.error} />
        {events.data && events.data.length === 0 && <Empty>No events match.</Empty>}
        {events.data && events.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Event</th>
                <th>Type</th>
                <th>Request</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Link to={`/webhooks/events/${encodeURIComponent(e.id)}`} className="mono small">
                      {e.id}
                    </Link>
                  </td>
                  <td>
                    <code>{e.type}</code>
                  </td>
                  <td>{e.requestId ? <Link to={`/requests/${encodeURIComponent(e.requestId)}`} className="mono small">{e.requestId}</Link> : <span className="muted">—</span>}</td>
                  <td className="small">{formatDate(e.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
