import { useState, type FormEvent } from 'react';
import { api } from '../../api/admin';
import type { CreatedApiKey } from '../../api/types';
import { Empty, ErrorBanner, formatDate, useAsync } from '../common/ui';

export function ApiKeys({ ws, appId }: { ws: string; appId: string }) {
  const keys = useAsync(() => api.listKeys(ws, appId), [ws, appId]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await api.createKey(ws, appId, name.trim() || 'default'));
      setCopied(false);
      setName('');
      keys.reload();
    } catch (err) {
      setError(err);
    }
  }

  async function revoke(id: string, prefix: string) {
    if (!window.confirm(`Revoke key ${prefix}…? Clients using it get 401 at once.`)) return;
    try {
      await api.revokeKey(ws, appId, id);
      keys.reload();
    } catch (err) {
      setError(err);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      // Clipboard API needs a secure context; fall back to selecting the text for Ctrl+C.
      const el = document.getElementById('new-key') as HTMLInputElement | null;
      el?.select();
    }
  }

  return (
    <section className="card">
      <h2>API keys</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {created && (
        <div className="banner banner-key" role="status">
          <div className="strong">Copy this key now — it is shown only once.</div>
          <div className="key-row">
            <input id="new-key" aria-label="New API key" className="mono" readOnly value={created.key} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="btn btn-primary" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <button type="button" className="btn btn-ghost small" onClick={() => setCreated(null)}>
            I stored it safely
          </button>
        </div>
      )}
      <form className="inline-form" onSubmit={create}>
        <input aria-label="Key name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Key name, e.g. production backend" maxLength={100} />
        <button className="btn btn-primary">Create key</button>
      </form>
      <ErrorBanner error={keys.error} />
      {keys.data && keys.data.length === 0 && <Empty>No keys yet.</Empty>}
      {keys.data && keys.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Key</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id} className={k.revokedAt ? 'row-skipped' : ''}>
                <td>
                  <div className="mono">{k.prefix}…</div>
                  <div className="muted small">
                    {k.name}
                    {k.mode && k.mode !== 'live' && <span className="pill"> {k.mode}</span>}
                  </div>
                </td>
                <td className="small">{formatDate(k.createdAt)}</td>
                <td className="small">{k.lastUsedAt ? formatDate(k.lastUsedAt) : <span className="muted">never</span>}</td>
                <td className="num">
                  {k.revokedAt ? (
                    <span className="muted small">revoked {formatDate(k.revokedAt)}</span>
                  ) : (
                    <button type="button" className="btn btn-danger-ghost small" onClick={() => revoke(k.id, k.prefix)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
