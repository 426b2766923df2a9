import type { ReactNode } from 'react';
import { api } from '../api/admin';
import { selectMe, selectWorkspaceId, useAppStore } from '../store';
import { Link, canLeave, navigate, useLocation } from './router';

const NAV = [
  { to: '/', label: 'Dashboard', icon: '◧' },
  { to: '/applications', label: 'Applications', icon: '▣' },
  { to: '/workflows', label: 'Workflows', icon: '⎇' },
  { to: '/requests', label: 'Requests', icon: '☰' },
  { to: '/webhooks', label: 'Webhooks', icon: '⇄' },
];

export function Shell({ children, fullBleed }: { children: ReactNode; fullBleed?: boolean }) {
  const me = useAppStore(selectMe);
  const workspaceId = useAppStore(selectWorkspaceId);
  const switchWorkspace = useAppStore((s) => s.switchWorkspace);
  const setAuthStatus = useAppStore((s) => s.setAuthStatus);
  const { path } = useLocation();

  async function signOut() {
    if (!canLeave()) return;
    try {
      await api.logout();
    } finally {
      setAuthStatus('signedOut');
      navigate('/', true, true);
    }
  }

  const role = me?.workspaces.find((w) => w.id === workspaceId)?.role;

  return (
    <div className={fullBleed ? 'shell shell-compact' : 'shell'}>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="nav-label">WorkflowPlatform</span>
        </div>
        <nav aria-label="Main">
          {NAV.map((n) => {
            const active = n.to === '/' ? path === '/' : path === n.to || path.startsWith(n.to + '/');
            return (
              <Link key={n.to} to={n.to} title={n.label} className={`nav-item ${active ? 'active' : ''}`} aria-current={active ? 'page' : undefined}>
                <span className="nav-icon" aria-hidden="true">
                  {n.icon}
                </span>
                <span className="nav-label">{n.label}</span>
              </Link>
            );
          })}
        </nav>
        <div className="sidebar-foot">
          <label className="field field-compact">
            <span>Workspace</span>
            <select
              value={workspaceId ?? ''}
              onChange={(e) => {
                if (!canLeave()) return;
                switchWorkspace(e.target.value);
                // Ids in the current URL belong to the previous workspace.
                navigate('/' + (path.split('/')[1] ?? ''), false, true);
              }}
            >
              {me?.workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          <div className="user-line" title={me?.email}>
            <span className="avatar" aria-hidden="true">
              {me?.email.slice(0, 1).toUpperCase()}
            </span>
            <span className="user-email">{me?.email}</span>
          </div>
          {role && <div className="muted small">Role: {role}</div>}
          <button type="button" className="btn btn-ghost btn-block" onClick={signOut} title="Sign out">
            <span className="nav-label">Sign out</span>
            <span className="compact-only" aria-hidden="true">
              ⎋
            </span>
          </button>
        </div>
      </aside>
      <main className={fullBleed ? 'main main-bleed' : 'main'}>{children}</main>
    </div>
  );
}
