import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/admin';
import { ApiError } from '../../api/client';
import { VERIFICATION_WAYS, type ApplicationInput, type VerificationWay } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { ErrorBanner, PageHeader, useAsync } from '../common/ui';
import { ApiKeys } from './ApiKeys';

const EMPTY: ApplicationInput = {
  name: '',
  returnUrl: '',
  allowedOrigins: [],
  defaultLocale: 'en-US',
  sessionTtlSeconds: 3600,
  attempts: 3,
  onboardingWorkflow: null,
  verificationWorkflow: null,
  verificationWays: ['link'],
  notificationDomains: [],
};

const LOCALES = ['ar-SA', 'cs-CZ', 'da-DK', 'en-US', 'fi-FI', 'fr-FR', 'fr-CA', 'de-DE', 'hu-HU', 'jp-JP', 'lv-LV', 'pt-PT', 'ro-RO', 'sk-SK', 'es-ES', 'sv-SE', 'uk-UA'];

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/** Client-side checks mirror the server's so the common mistakes show before saving. */
function check(f: ApplicationInput): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.name.trim()) e.name = 'Required.';
  if (f.returnUrl) {
    try {
      const u = new URL(f.returnUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') e.returnUrl = 'Only http(s) URLs.';
    } catch {
      e.returnUrl = 'Must be an absolute URL.';
    }
  }
  for (const o of f.allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) e.allowedOrigins = `"${o}" is not an origin (scheme://host[:port], no path).`;
  }
  if (!Number.isInteger(f.attempts) || f.attempts < 1 || f.attempts > 5) e.attempts = 'Between 1 and 5.';
  if (!Number.isInteger(f.sessionTtlSeconds) || f.sessionTtlSeconds < 60) e.sessionTtlSeconds = 'At least 60 seconds.';
  if (f.verificationWays.length === 0) e.verificationWays = 'Choose at least one way.';
  return e;
}

export function ApplicationEdit({ ws, id }: { ws: string; id: string | null }) {
  const existing = useAsync(() => (id ? api.getApplication(ws, id) : Promise.resolve(null)), [ws, id]);
  const workflows = useAsync(() => api.listWorkflows(ws), [ws]);
  const [form, setForm] = useState<ApplicationInput>(EMPTY);
  const [origins, setOrigins] = useState('');
  const [domains, setDomains] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const a = existing.data;
    if (!a) return;
    const { id: _id, createdAt: _c, ...input } = a;
    setForm({ ...EMPTY, ...input, returnUrl: input.returnUrl ?? '' });
    setOrigins((a.allowedOrigins ?? []).join('\n'));
    setDomains((a.notificationDomains ?? []).join('\n'));
  }, [existing.data]);

  function set<K extends keyof ApplicationInput>(k: K, v: ApplicationInput[K]) {
    setForm((f) => ({ ...f, [k]: v }));
    setSaved(false);
  }

  function toggleWay(w: VerificationWay, on: boolean) {
    set('verificationWays', on ? [...form.verificationWays, w].filter((x, i, a) => a.indexOf(x) === i) : form.verificationWays.filter((x) => x !== w));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input: ApplicationInput = { ...form, returnUrl: form.returnUrl || null, allowedOrigins: lines(origins), notificationDomains: lines(domains) };
    const errs = check(input);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError(null);
    try {
      if (id) {
        await api.updateApplication(ws, id, input);
        setSaved(true);
      } else {
        const created = await api.createApplication(ws, input);
        navigate(`/applications/${encodeURIComponent(created.id)}`, true);
      }
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fieldErrors).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v.join(' ')])));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!id || !window.confirm(`Delete application "${form.name}"? Its API keys stop working immediately.`)) return;
    try {
      await api.deleteApplication(ws, id);
      navigate('/applications', true);
    } catch (err) {
      setError(err);
    }
  }

  const fieldError = (k: string) => errors[k] && <span className="field-error">{errors[k]}</span>;
  const wfOptions = workflows.data ?? [];

  return (
    <>
      <PageHeader
        title={
          <>
            <Link to="/applications" className="crumb">
              Applications
            </Link>{' '}
            / {id ? form.name || '…' : 'New application'}
          </>
        }
        actions={
          id && (
            <button type="button" className="btn btn-danger-ghost" onClick={remove}>
              Delete
            </button>
          )
        }
      />
      <ErrorBanner error={existing.error ?? error} />
      <div className="two-col">
        <form className="card form" onSubmit={submit} noValidate>
          <h2>Settings</h2>
          <label className="field">
            <span>Name</span>
            <input value={form.name} onChange={(e) => set('name', e.target.value)} required maxLength={200} />
            {fieldError('name')}
          </label>
          <label className="field">
            <span>Return URL</span>
            <input type="url" value={form.returnUrl ?? ''} onChange={(e) => set('returnUrl', e.target.value)} placeholder="https://app.example.com/done" />
            <small className="muted">Where the person goes after the capture app finishes.</small>
            {fieldError('returnUrl')}
          </label>
          <label className="field">
            <span>Allowed iframe origins</span>
            <textarea rows={3} value={origins} onChange={(e) => setOrigins(e.target.value)} placeholder="https://app.example.com" spellCheck={false} />
            <small className="muted">One per line. These become the capture page's frame-ancestors.</small>
            {fieldError('allowedOrigins')}
          </label>
          <div className="row">
            <label className="field">
              <span>Default locale</span>
              <select value={form.defaultLocale} onChange={(e) => set('defaultLocale', e.target.value)}>
                {LOCALES.map((l) => (
                  <option key={l}>{l}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Session TTL (seconds)</span>
              <input type="number" min={60} step={60} value={form.sessionTtlSeconds} onChange={(e) => set('sessionTtlSeconds', Number(e.target.value))} />
              {fieldError('sessionTtlSeconds')}
            </label>
            <label className="field">
              <span>Attempts</span>
              <input type="number" min={1} max={5} value={form.attempts} onChange={(e) => set('attempts', Number(e.target.value))} />
              {fieldError('attempts')}
            </label>
          </div>
          <div className="row">
            <label className="field">
              <span>Onboarding workflow</span>
              <select value={form.onboardingWorkflow ?? ''} onChange={(e) => set('onboardingWorkflow', e.target.value || null)}>
                <option value="">None</option>
                {wfOptions.map((w) => (
                  <option key={w.key} value={w.key} disabled={w.publishedVersion == null}>
                    {w.name}
                    {w.publishedVersion == null ? ' (not published)' : ''}
                  </option>
                ))}
              </select>
              <small className="muted">For users without a registered selfie.</small>
            </label>
            <label className="field">
              <span>Verification workflow</span>
              <select value={form.verificationWorkflow ?? ''} onChange={(e) => set('verificationWorkflow', e.target.value || null)}>
                <option value="">None</option>
                {wfOptions.map((w) => (
                  <option key={w.key} value={w.key} disabled={w.publishedVersion == null}>
                    {w.name}
                    {w.publishedVersion == null ? ' (not published)' : ''}
                  </option>
                ))}
              </select>
              <small className="muted">For users already registered.</small>
            </label>
          </div>
          <fieldset className="field">
            <legend>Verification ways</legend>
            <div className="checks">
              {VERIFICATION_WAYS.map((w) => (
                <label key={w} className="check">
                  <input type="checkbox" checked={form.verificationWays.includes(w)} onChange={(e) => toggleWay(w, e.target.checked)} />
                  {w}
                </label>
              ))}
            </div>
            {fieldError('verificationWays')}
          </fieldset>
          <label className="field">
            <span>Notification URL domains</span>
            <textarea rows={2} value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="hooks.example.com" spellCheck={false} />
            <small className="muted">Domains a request's own notification_url may use. One per line.</small>
          </label>
          <div className="form-actions">
            <button className="btn btn-primary" disabled={busy}>
              {id ? 'Save changes' : 'Create application'}
            </button>
            {saved && <span className="ok-text">Saved.</span>}
          </div>
        </form>
        {id ? (
          <ApiKeys ws={ws} appId={id} />
        ) : (
          <div className="card muted">API keys can be created once the application exists.</div>
        )}
      </div>
    </>
  );
}
