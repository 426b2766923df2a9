import { Suspense, lazy, useEffect } from 'react';
import { api, onUnauthorized } from '../api/admin';
import { ApiError } from '../api/client';
import { ApplicationEdit } from '../features/applications/ApplicationEdit';
import { ApplicationsPage } from '../features/applications/ApplicationsPage';
import { SignIn } from '../features/auth/SignIn';
import { Setup } from '../features/auth/Setup';
import { Empty } from '../features/common/ui';
import { Dashboard } from '../features/dashboard/Dashboard';
import { RequestDetail } from '../features/requests/RequestDetail';
import { RequestsPage } from '../features/requests/RequestsPage';
import { EndpointPage } from '../features/webhooks/EndpointPage';
import { EventPage } from '../features/webhooks/EventPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { WorkflowsPage } from '../features/workflows/WorkflowsPage';
import { selectAuthStatus, selectWorkspaceId, useAppStore } from '../store';
import { Shell } from './Shell';

// The canvas (React Flow) is the heaviest screen; load it only when a workflow is opened.
const DesignerPage = lazy(() => import('../features/canvas/DesignerPage').then((m) => ({ default: m.DesignerPage })));
import { Link, match, useLocation } from './router';

async function resolveSession() {
  const { setSignedIn, setAuthStatus } = useAppStore.getState();
  try {
    setSignedIn(await api.me());
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) {
      setAuthStatus('signedOut');
      return;
    }
    try {
      const s = await api.setupStatus();
      setAuthStatus(s.setupRequired ? 'setupRequired' : 'signedOut');
    } catch {
      setAuthStatus('signedOut');
    }
  }
}

export function App() {
  const status = useAppStore(selectAuthStatus);
  const workspaceId = useAppStore(selectWorkspaceId);
  const { path, query } = useLocation();

  useEffect(() => {
    onUnauthorized(() => {
      if (useAppStore.getState().authStatus === 'signedIn') useAppStore.getState().setAuthStatus('signedOut');
    });
    void resolveSession();
  }, []);

  if (status === 'unknown') return <div className="splash">Loading…</div>;
  if (path === '/setup' || status === 'setupRequired') {
    if (status !== 'signedIn') return <Setup token={query.get('token') ?? ''} />;
  }
  if (status !== 'signedIn') return <SignIn />;
  if (!workspaceId)
    return (
      <Shell>
        <Empty>You are not a member of any workspace yet. Ask an owner to invite you.</Empty>
      </Shell>
    );

  let m: Record<string, string> | null;
  if (path === '/' || path === '/setup') return <Shell><Dashboard ws={workspaceId} /></Shell>;
  if (path === '/applications') return <Shell><ApplicationsPage ws={workspaceId} /></Shell>;
  if (path === '/applications/new') return <Shell><ApplicationEdit ws={workspaceId} id={null} /></Shell>;
  if ((m = match('/applications/:id', path))) return <Shell><ApplicationEdit key={m.id} ws={workspaceId} id={m.id} /></Shell>;
  if (path === '/workflows') return <Shell><WorkflowsPage ws={workspaceId} /></Shell>;
  if ((m = match('/workflows/:key', path))) return <Shell fullBleed><Suspense fallback={<div className="splash">Loading designer…</div>}><DesignerPage key={m.key} ws={workspaceId} workflowKey={m.key} /></Suspense></Shell>;
  if (path === '/webhooks') return <Shell><WebhooksPage ws={workspaceId} tab="endpoints" query={query} /></Shell>;
  if (path === '/webhooks/events') return <Shell><WebhooksPage key={query.toString()} ws={workspaceId} tab="events" query={query} /></Shell>;
  if (path === '/webhooks/new') return <Shell><EndpointPage ws={workspaceId} id={null} /></Shell>;
  if ((m = match('/webhooks/events/:id', path))) return <Shell><EventPage key={m.id} ws={workspaceId} eventId={m.id} /></Shell>;
  if ((m = match('/webhooks/:id', path))) return <Shell><EndpointPage key={m.id} ws={workspaceId} id={m.id} /></Shell>;
  if (path === '/requests') return <Shell><RequestsPage key={query.toString()} ws={workspaceId} /></Shell>;
  if ((m = match('/requests/:id', path))) return <Shell><RequestDetail key={m.id} ws={workspaceId} id={m.id} /></Shell>;
  return (
    <Shell>
      <Empty>
        Nothing here. <Link to="/">Back to the dashboard</Link>
      </Empty>
    </Shell>
  );
}
