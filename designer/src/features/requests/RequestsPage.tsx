import { useState, type FormEvent } from 'react';
import { api } from '../../api/admin';
import { REQUEST_STATUSES, type RequestFilters } from '../../api/types';
import { navigate, useLocation } from '../../app/router';
import { ErrorBanner, PageHeader, useAsync } from '../common/ui';
import { RequestsTable } from './RequestsTable';

const PAGE = 25;

/** `<input type="date">` gives a day; the API takes instants, so "to" covers the whole day. */
function dayStart(d: string) {
  return d ? new Date(d + 'T00:00:00').toISOString() : undefined;
}
function dayEnd(d: string) {
  return d ? new Date(d + 'T23:59:59.999').toISOString() : undefined;
}

export function RequestsPage({ ws }: { ws: string }) {
  const { query } = useLocation();
  const filters = {
    status: query.get('status') ?? '',
    workflow: query.get('workflow') ?? '',
    userId: query.get('userId') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
  };
  const skip = Number(query.get('skip') ?? 0) || 0;
  const [draft, setDraft] = useState(filters);
  const workflows = useAsync(() => api.listWorkflows(ws), [ws]);
  const key = JSON.stringify({ ...filters, skip });
  const page = useAsync(() => {
    const f: RequestFilters = { status: filters.status, workflow: filters.workflow, userId: filters.userId.trim(), from: dayStart(filters.from), to: dayEnd(filters.to), skip, take: PAGE };
    return api.listRequests(ws, f);
  }, [ws, key]);

  function go(next: typeof filters, nextSkip = 0) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) qs.set(k, v);
    if (nextSkip) qs.set('skip', String(nextSkip));
    const s = qs.toString();
    navigate('/requests' + (s ? '?' + s : ''));
  }

  function apply(e: FormEvent) {
    e.preventDefault();
    go(draft);
  }

  const items = page.data?.items ?? [];
  const total = page.data?.total ?? null;
  const hasNext = total !== null ? skip + PAGE < total : items.length === PAGE;

  return (
    <>
      <PageHeader title="Requests" subtitle="Workflow runs started by API clients" />
      <form className="filters card" onSubmit={apply}>
        <label className="field">
          <span>Status</span>
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">Any</option>
            {REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Workflow</span>
          <select value={draft.workflow} onChange={(e) => setDraft({ ...draft, workflow: e.target.value })}>
            <option value="">Any</option>
            {workflows.data?.map((w) => (
              <option key={w.key} value={w.key}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>User id</span>
          <input value={draft.userId} onChange={(e) => setDraft({ ...draft, userId: e.target.value })} placeholder="customer-42" />
        </label>
        <label className="field">
          <span>From</span>
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <div className="filter-actions">
          <button className="btn btn-primary">Apply</button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              const empty = { status: '', workflow: '', userId: '', from: '', to: '' };
              setDraft(empty);
              go(empty);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <section className="card">
        <ErrorBanner error={page.error} />
        {page.loading && !page.data ? <p className="muted pad">Loading…</p> : <RequestsTable items={items} />}
        <div className="pager">
          <span className="muted">
            {items.length > 0 ? `${skip + 1}–${skip + items.length}` : '0'}
            {total !== null && ` of ${total}`}
          </span>
          <button className="btn btn-ghost" disabled={skip === 0} onClick={() => go(filters, Math.max(0, skip - PAGE))}>
            ← Previous
          </button>
          <button className="btn btn-ghost" disabled={!hasNext} onClick={() => go(filters, skip + PAGE)}>
            Next →
          </button>
        </div>
      </section>
    </>
  );
}
