import { api } from '../../api/admin';
import { Link } from '../../app/router';
import { Empty, ErrorBanner, PageHeader, formatDate, useAsync } from '../common/ui';

export function ApplicationsPage({ ws }: { ws: string }) {
  const apps = useAsync(() => api.listApplications(ws), [ws]);
  return (
    <>
      <PageHeader
        title="Applications"
        subtitle="API clients, their workflows, verification ways and keys"
        actions={
          <Link to="/applications/new" className="btn btn-primary">
            New application
          </Link>
        }
      />
      <ErrorBanner error={apps.error} />
      <section className="card">
        {apps.data && apps.data.length === 0 && <Empty>No applications yet. Create one to get an API key.</Empty>}
        {apps.data && apps.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Onboarding</th>
                <th>Verification</th>
                <th>Ways</th>
                <th className="num">Attempts</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {apps.data.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/applications/${encodeURIComponent(a.id)}`} className="strong">
                      {a.name}
                    </Link>
                    <div className="muted small">{a.returnUrl}</div>
                  </td>
                  <td>{a.onboardingWorkflow ?? <span className="muted">—</span>}</td>
                  <td>{a.verificationWorkflow ?? <span className="muted">—</span>}</td>
                  <td>
                    {a.verificationWays.map((w) => (
                      <span key={w} className="tag">
                        {w}
                      </span>
                    ))}
                  </td>
                  <td className="num">{a.attempts}</td>
                  <td>{formatDate(a.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {apps.loading && !apps.data && <p className="muted pad">Loading…</p>}
      </section>
    </>
  );
}
