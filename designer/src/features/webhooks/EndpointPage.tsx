import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/admin';
import { NOTIFICATION_EVENTS, type Delivery, type WebhookEndpoint } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { emptyEndpointForm, endpointToForm, formToInput, isoToLocal, replayRange, validateEndpointForm, type EndpointForm } from '../../model/webhooks';
import { Empty, ErrorBanner, PageHeader, StatusPill, formatDate, useAsync } from '../common/ui';
import { DeliveriesTable } from './Deliveries';

/** The signing secret, shown once after create or rotate, with a copy button. */
function SecretBanner({ secret, note, onDone }: { secret: string; note: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="banner banner-key" role="status">
      <div className="strong">Copy this signing secret now — it is shown only once.</div>
      <div className="muted small">{note}</div>
      <div className="key-row">
        <input aria-label="Signing secret" className="mono" readOnly value={secret} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="btn btn-primary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <button type="button" className="btn btn-ghost small" onClick={onDone}>
        I stored it safely
      </button>
    </div>
  );
}

export function EndpointPage({ ws, id }: { ws: string; id: string | null }) {
  const creating = id === null;
  const apps = useAsync(() => api.listApplications(ws), [ws]);
  const existing = useAsync(() => (id ? api.getEndpoint(ws, id) : Promise.resolve(null)), [ws, id]);
  const [form, setForm] = useState<EndpointForm>(() => emptyEndpointForm());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<{ value: string; note: string } | null>(() => {
    // A secret handed over from the create step (kept in memory only, never in the URL).
    const s = pendingSecret;
    return s && s.id === id ? { value: s.secret, note: 'Sign-check every delivery with it (Standard Webhooks, whsec_ secret).' } : null;
  });
  const [endpoint, setEndpoint] = useState<WebhookEndpoint | null>(null);
  useEffect(() => {
    if (pendingSecret?.id === id) pendingSecret = null;
  }, [id]);

  useEffect(() => {
    if (existing.data) {
      setEndpoint(existing.data);
      setForm(endpointToForm(existing.data));
    }
  }, [existing.data]);
  useEffect(() => {
    if (creating && !form.applicationId && apps.data?.length) setForm((f) => ({ ...f, applicationId: apps.data![0].id }));
  }, [creating, apps.data, form.applicationId]);

  const set = (patch: Partial<EndpointForm>) => setForm((f) => ({ ...f, ...patch }));

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const v = validateEndpointForm(form, creating);
    setErrors(v);
    if (Object.keys(v).length) return;
    void run(async () => {
      if (creating) {
        const created = await api.createEndpoint(ws, formToInput(form, true));
        if (created.secret) pendingSecret = { id: created.endpoint.id, secret: created.secret };
        navigate(`/webhooks/${encodeURIComponent(created.endpoint.id)}`, true);
      } else {
        const saved = await api.updateEndpoint(ws, id!, formToInput(form, false));
        setEndpoint(saved);
        setForm(endpointToForm(saved));
        setNotice('Saved.');
      }
    });
  }

  const rotate = () =>
    run(async () => {
      const raw = window.prompt('Rotate the signing secret. For how many seconds should the old secret keep signing beside the new one? (0 = stop now)', '86400');
      if (raw === null) return;
      const overlap = Number(raw);
      if (!Number.isInteger(overlap) || overlap < 0) throw new Error('The overlap must be a whole number of seconds.');
      const r = await api.rotateSecret(ws, id!, overlap);
      setSecret({
        value: r.secret,
        note: r.previousSecretExpiresAt ? `The old secret also signs until ${formatDate(r.previousSecretExpiresAt)}.` : 'The old secret no longer signs.',
      });
      existing.reload();
    });

  const test = () =>
    run(async () => {
      const r = await api.sendTestEvent(ws, id!);
      setNotice(`Test event ${r.eventId} queued; it appears in the log below once sent.`);
      setTimeout(() => deliveriesReload.current?.(), 1500);
    });

  const remove = () =>
    run(async () => {
      if (!window.confirm('Delete this endpoint? Its pending deliveries stop.')) return;
      await api.deleteEndpoint(ws, id!);
      navigate('/webhooks', true);
    });

  const title = creating ? 'New endpoint' : endpoint ? (endpoint.kind === 'email' ? endpoint.emailTo.join(', ') : (endpoint.url ?? '…')) : '…';
  const fieldError = (k: string) => errors[k] && <span className="field-error">{errors[k]}</span>;

  return (
    <>
      <PageHeader
        title={
          <>
            <Link to="/webhooks" className="crumb">
              Webhooks
            </Link>{' '}
            / <span className={creating ? '' : 'mono'}>{title}</span>
          </>
        }
        actions={
          !creating && (
            <>
              {endpoint?.kind === 'webhook' && (
                <button type="button" className="btn btn-ghost" onClick={test} disabled={busy || !endpoint.enabled} title={endpoint.enabled ? undefined : 'Enable the endpoint first'}>
                  Send test event
                </button>
              )}
              {endpoint?.kind === 'webhook' && (
                <button type="button" className="btn btn-ghost" onClick={rotate} disabled={busy}>
                  Rotate secret
                </button>
              )}
              <button type="button" className="btn btn-danger-ghost" onClick={remove} disabled={busy}>
                Delete
              </button>
            </>
          )
        }
      />
      <ErrorBanner error={existing.error ?? apps.error ?? error} onDismiss={error ? () => setError(null) : undefined} />
      {notice && (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      )}
      {secret && <SecretBanner secret={secret.value} note={secret.note} onDone={() => setSecret(null)} />}
      <div className={creating ? 'two-col' : 'endpoint-layout'}>
        <form className="card form" onSubmit={submit} noValidate>
          <h2>Endpoint</h2>
          {creating ? (
            <>
              <label className="field">
                <span>Application</span>
                <select value={form.applicationId} onChange={(e) => set({ applicationId: e.target.value })}>
                  <option value="">Choose…</option>
                  {(apps.data ?? []).map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
                <small className="muted">Events of this application's requests are sent here.</small>
                {fieldError('applicationId')}
              </label>
              <fieldset className="field">
                <legend>Kind</legend>
                <div className="checks">
                  <label className="check">
                    <input type="radio" name="kind" checked={form.kind === 'webhook'} onChange={() => set({ kind: 'webhook' })} /> Webhook (signed HTTP POST)
                  </label>
                  <label className="check">
                    <input type="radio" name="kind" checked={form.kind === 'email'} onChange={() => set({ kind: 'email' })} /> E-mail
                  </label>
                </div>
              </fieldset>
            </>
          ) : (
            endpoint && (
              <div className="field">
                <span>Application</span>
                <span>{apps.data?.find((a) => a.id === endpoint.applicationId)?.name ?? endpoint.applicationId}</span>
              </div>
            )
          )}
          {form.kind === 'webhook' ? (
            <label className="field">
              <span>URL</span>
              <input type="url" className="mono" value={form.url} placeholder="https://hooks.example.com/workflowplatform" onChange={(e) => set({ url: e.target.value })} />
              {fieldError('url')}
            </label>
          ) : (
            <label className="field">
              <span>Recipients</span>
              <textarea rows={3} value={form.emailTo} placeholder="ops@example.com" onChange={(e) => set({ emailTo: e.target.value })} />
              <small className="muted">One address per line.</small>
              {fieldError('emailTo')}
            </label>
          )}
          <fieldset className="field">
            <legend>Events</legend>
            <label className="check">
              <input type="checkbox" checked={form.events.length === 0} onChange={(e) => set({ events: e.target.checked ? [] : ['request.completed'] })} /> All events
            </label>
            <div className="checks event-checks">
              {NOTIFICATION_EVENTS.map((t) => (
                <label key={t} className="check">
                  <input
                    type="checkbox"
                    disabled={form.events.length === 0}
                    checked={form.events.length === 0 || form.events.includes(t)}
                    onChange={(e) => set({ events: e.target.checked ? [...form.events, t] : form.events.filter((x) => x !== t) })}
                  />
                  <code>{t}</code>
                </label>
              ))}
            </div>
          </fieldset>
          <label className="check check-row">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
            <span>
              <b>Enabled</b> <span className="muted small">— a disabled endpoint receives nothing; the server disables one that keeps failing.</span>
            </span>
          </label>
          {endpoint?.disabledReason && (
            <div className="banner banner-warn small">
              Disabled {formatDate(endpoint.disabledAt)}: {endpoint.disabledReason}
            </div>
          )}
          <label className="field">
            <span>Description</span>
            <input value={form.description} maxLength={500} onChange={(e) => set({ description: e.target.value })} />
            {fieldError('description')}
          </label>
          {endpoint?.secretPrefix && (
            <div className="field">
              <span>Signing secret</span>
              <span className="mono small">
                {endpoint.secretPrefix}
                {endpoint.previousSecretExpiresAt && <span className="muted"> (the previous one signs too until {formatDate(endpoint.previousSecretExpiresAt)})</span>}
              </span>
            </div>
          )}
          <div className="form-actions">
            <button className="btn btn-primary" disabled={busy}>
              {creating ? 'Create endpoint' : 'Save changes'}
            </button>
          </div>
        </form>
        {creating ? (
          <section className="card">
            <p className="muted">The delivery log and replay appear once the endpoint exists. A webhook's signing secret is shown once, right after it is created.</p>
          </section>
        ) : (
          endpoint && <EndpointDeliveries ws={ws} endpoint={endpoint} />
        )}
      </div>
    </>
  );
}

/** Lets "Send test event" refresh the log a moment later. */
const deliveriesReload: { current: (() => void) | null } = { current: null };
/** The secret of an endpoint just created, handed to its page after the redirect. */
let pendingSecret: { id: string; secret: string } | null = null;

function EndpointDeliveries({ ws, endpoint }: { ws: string; endpoint: WebhookEndpoint }) {
  const [status, setStatus] = useState('');
  const log = useAsync(() => api.endpointDeliveries(ws, endpoint.id, { status: status || undefined, take: 100 }), [ws, endpoint.id, status]);
  const [from, setFrom] = useState(() => isoToLocal(new Date(Date.now() - 24 * 3600_000).toISOString()));
  const [to, setTo] = useState(() => isoToLocal(new Date(Date.now() + 60_000).toISOString()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  deliveriesReload.current = log.reload;

  async function act(fn: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await fn());
      log.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const replayOne = (d: Delivery) =>
    act(async () => {
      const r = await api.replayEvent(ws, d.eventId, endpoint.id);
      return `Event ${d.eventType} queued again (${r.deliveries} deliver${r.deliveries === 1 ? 'y' : 'ies'}).`;
    });

  function replayFailed(e: FormEvent) {
    e.preventDefault();
    const range = replayRange(from, to);
    if (!range.ok) {
      setError(new Error(range.error));
      return;
    }
    void act(async () => {
      const r = await api.replayFailed(ws, endpoint.id, range.from, range.to);
      return r.deliveries === 0 ? 'No failed deliveries in that range.' : `${r.deliveries} failed deliver${r.deliveries === 1 ? 'y' : 'ies'} queued again.`;
    });
  }

  return (
    <section className="card">
      <div className="card-head">
        <h2>Delivery log</h2>
        <div className="spacer" />
        <label className="inline-label">
          <span className="muted small">Status</span>{' '}
          <select aria-label="Delivery status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any</option>
            <option value="pending">pending</option>
            <option value="delivered">delivered</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <button type="button" className="btn btn-ghost small" onClick={log.reload}>
          Refresh
        </button>
      </div>
      <ErrorBanner error={log.error ?? error} onDismiss={error ? () => setError(null) : undefined} />
      {notice && <div className="ok-text small">{notice}</div>}
      {log.data && log.data.length === 0 && <Empty>No deliveries{status ? ` with status ${status}` : ''} yet.</Empty>}
      {log.data && log.data.length > 0 && (
        <div className="table-scroll">
          <DeliveriesTable deliveries={log.data} showEvent onReplay={endpoint.enabled ? replayOne : undefined} busy={busy} />
        </div>
      )}
      <form className="inline-form replay-form" onSubmit={replayFailed}>
        <span className="strong small">Replay failed deliveries</span>
        <label>
          <span className="muted small">From</span> <input aria-label="Replay from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          <span className="muted small">To</span> <input aria-label="Replay to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button className="btn btn-ghost" disabled={busy || !endpoint.enabled}>
          Replay failed
        </button>
      </form>
      {!endpoint.enabled && (
        <p className="muted small">
          <StatusPill status="disabled" /> Enable the endpoint to replay to it.
        </p>
      )}
    </section>
  );
}
