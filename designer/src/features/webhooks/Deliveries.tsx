import { Fragment, useState } from 'react';
import type { Delivery } from '../../api/types';
import { Link } from '../../app/router';
import { deliveryFigures } from '../../model/webhooks';
import { StatusPill, formatDate, formatDuration } from '../common/ui';

/**
 * The delivery log: one row per delivery (status, HTTP status, latency, excerpt or error of its last attempt), a
 * row's attempts on demand, and a replay button per row.
 */
export function DeliveriesTable({ deliveries, showEvent, showEndpoint, endpointLabel, onReplay, busy }: {
  deliveries: Delivery[];
  /** How to name an endpoint by id (its URL or recipients). */
  endpointLabel?: (id: string) => string | undefined;
  showEvent?: boolean;
  showEndpoint?: boolean;
  onReplay?: (d: Delivery) => void;
  busy?: boolean;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const cols = 7 + (showEvent ? 1 : 0) + (showEndpoint ? 1 : 0);
  return (
    <table className="table compact deliveries">
      <thead>
        <tr>
          <th>Created</th>
          {showEvent && <th>Event</th>}
          {showEndpoint && <th>To</th>}
          <th>Status</th>
          <th className="num">HTTP</th>
          <th className="num">Latency</th>
          <th className="num">Attempts</th>
          <th>Response</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => {
          const f = deliveryFigures(d);
          return (
            <Fragment key={d.id}>
              <tr className={d.status === 'failed' ? 'row-error' : ''}>
                <td className="small">{formatDate(d.createdAt)}</td>
                {showEvent && (
                  <td>
                    <Link to={`/webhooks/events/${encodeURIComponent(d.eventId)}`}>
                      <code>{d.eventType}</code>
                    </Link>
                  </td>
                )}
                {showEndpoint && (
                  <td className="small">
                    {d.endpointId ? (
                      <Link to={`/webhooks/${encodeURIComponent(d.endpointId)}`}>{d.url ?? endpointLabel?.(d.endpointId) ?? d.channel}</Link>
                    ) : (
                      (d.url ?? d.channel)
                    )}
                    <div className="muted">{d.channel}</div>
                  </td>
                )}
                <td>
                  <StatusPill status={d.status} />
                  {d.status === 'pending' && d.nextAttemptAt && <div className="muted small">next {formatDate(d.nextAttemptAt)}</div>}
                </td>
                <td className="num mono">{f.statusCode ?? '—'}</td>
                <td className="num nowrap">{f.latencyMs === null ? '—' : formatDuration(f.latencyMs)}</td>
                <td className="num">
                  {d.attemptLog.length > 0 ? (
                    <button type="button" className="linklike" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                      {d.attempts}
                    </button>
                  ) : (
                    d.attempts
                  )}
                </td>
                <td className="small excerpt">
                  {f.error && <div className="error-text">{f.error}</div>}
                  {f.excerpt && <code title={f.excerpt}>{f.excerpt.length > 120 ? f.excerpt.slice(0, 119) + '…' : f.excerpt}</code>}
                  {!f.error && !f.excerpt && <span className="muted">—</span>}
                </td>
                <td className="num">
                  {onReplay && (
                    <button type="button" className="btn btn-ghost small" disabled={busy} onClick={() => onReplay(d)}>
                      Replay
                    </button>
                  )}
                </td>
              </tr>
              {open === d.id && (
                <tr className="attempts-row">
                  <td colSpan={cols}>
                    <table className="table compact">
                      <thead>
                        <tr>
                          <th>#</th>
                          <th>Started</th>
                          <th>Outcome</th>
                          <th className="num">HTTP</th>
                          <th className="num">Latency</th>
                          <th>Response / error</th>
                          <th>Node</th>
                        </tr>
                      </thead>
                      <tbody>
                        {d.attemptLog.map((a) => (
                          <tr key={a.number}>
                            <td>{a.number}</td>
                            <td className="small">{formatDate(a.startedAt)}</td>
                            <td>
                              <StatusPill status={a.outcome} />
                            </td>
                            <td className="num mono">{a.statusCode ?? '—'}</td>
                            <td className="num">{formatDuration(a.latencyMs)}</td>
                            <td className="small excerpt">
                              {a.error && <div className="error-text">{a.error}</div>}
                              {a.responseExcerpt && <code>{a.responseExcerpt}</code>}
                            </td>
                            <td className="muted small mono">{a.node ?? ''}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
