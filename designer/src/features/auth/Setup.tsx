import { useState, type FormEvent } from 'react';
import { api } from '../../api/admin';
import { navigate } from '../../app/router';
import { useAppStore } from '../../store';
import { ErrorBanner } from '../common/ui';

/** First run: the server printed a one-time link `/console/setup?token=…` to its log. */
export function Setup({ token: initialToken }: { token: string }) {
  const setSignedIn = useAppStore((s) => s.setSignedIn);
  const [token, setToken] = useState(initialToken);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [workspaceName, setWorkspaceName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password !== confirm) {
      setError(new Error('The passwords do not match.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.setup({ token, email, password, workspaceName });
      await api.login(email, password);
      setSignedIn(await api.me());
      navigate('/', true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={submit}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          WorkflowPlatform
        </div>
        <h1>Set up the first administrator</h1>
        <p className="muted">Use the setup link printed in the server log. The token works once.</p>
        <ErrorBanner error={error} />
        <label className="field">
          <span>Setup token</span>
          <input required value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} />
        </label>
        <label className="field">
          <span>Workspace name</span>
          <input required value={workspaceName} onChange={(e) => setWorkspaceName(e.target.value)} placeholder="Acme Identity" />
        </label>
        <label className="field">
          <span>Email</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label className="field">
          <span>Repeat password</span>
          <input type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </label>
        <button className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Creating…' : 'Create administrator'}
        </button>
      </form>
    </div>
  );
}
