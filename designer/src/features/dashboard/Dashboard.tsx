import { api } from '../../api/admin';
import { REQUEST_STATUSES, type RequestPage, type RequestStatus } from '../../api/types';
import { Link } from '../../app/router';
import { RequestsTable } from '../requests/RequestsTable';
import { ErrorBanner, PageHeader, useAsync } from '../common/ui';

const SAMPLE = 1000;

interface Counts {
  counts: Record<RequestStatus, number>;
  /** True when counts come from a capped sample rather than server totals. */
  atLeast: boolean;
}

/** Counts per status from the list endpoint: its `total` when reported, else a capped sample. */
async function loadCounts(ws: string): Promise<Counts> {
  const pages = await Promise.all(REQUEST_STATUSES.map((status) => api.listRequests(ws, { status, take: 1 })));
  if (pages.every((p) => p.total !== null)) {
    return { counts: Object.fromEntries(REQUEST_STATUSES.map((s, i) => [s, pages[i].total!])) as Record<RequestStatus, number>, atLeast: false };
  }
  const sample: RequestPage = await api.listRequests(ws, { take: SAMPLE });
  const counts = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<RequestStatus, number>;
  for (const r of sample.items) if (r.status in counts) counts[r.status]++;
  return { counts, atLeast: sample.items.length >= SAMPLE };
}

export function Dashboard({ ws }: { ws: string }) {
  const counts = useAsync(() => loadCounts(ws), [ws]);
  const recent = useAsync(() => api.listRequests(ws, { take: 10 }), [ws]);
  const total = counts.data ? Object.values(counts.data.counts).reduce((a, b) => a + b, 0) : 0;

  return (
    <>
      <PageHeader title="Dashboard" subtitle="Verification requests in this workspace" />
      <ErrorBanner error={counts.error} />
      <section className="stat-grid" aria-label="Requests by status">
        <div className="stat stat-total">
          <div className="stat-value">{counts.data ? total : '…'}</div>
          <div className="stat-label">All requests</div>
        </div>
        {REQUEST_STATUSES.map((s) => (
          <Link key={s} to={`/requests?status=${s}`} className={`stat stat-${s}`}>
            <div className="stat-value">
              {counts.data ? counts.data.counts[s] : '…'}
              {counts.data?.atLeast && '+'}
            </div>
            <div className="stat-label">{s.replace('_', ' ')}</div>
          </Link>
        ))}
      </section>
      <section className="card">
        <div className="card-head">
          <h2>Recent requests</h2>
          <Link to="/requests" className="btn btn-ghost">
            All requests →
          </Link>
        </div>
        <ErrorBanner error={recent.error} />
        {recent.data && <RequestsTable items={recent.data.items} />}
        {recent.loading && !recent.data && <p className="muted pad">Loading…</p>}
      </section>
    </>
  );
}
