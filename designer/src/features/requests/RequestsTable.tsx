import type { RequestSummary } from '../../api/types';
import { Link } from '../../app/router';
import { Empty, StatusPill, formatDate } from '../common/ui';

export function RequestsTable({ items }: { items: RequestSummary[] }) {
  if (items.length === 0) return <Empty>No requests match.</Empty>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Request</th>
          <th>User</th>
          <th>Workflow</th>
          <th>Status</th>
          <th>Outcome</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/requests/${encodeURIComponent(r.id)}`} className="mono">
                {r.id.length > 14 ? r.id.slice(0, 13) + '…' : r.id}
              </Link>
            </td>
            <td className="mono">{r.userId}</td>
            <td>
              {r.workflow}
              {r.version != null && <span className="muted"> v{r.version}</span>}
            </td>
            <td>
              <StatusPill status={r.status} />
            </td>
            <td>{r.outcome ? <StatusPill status={r.outcome} /> : <span className="muted">—</span>}</td>
            <td>{formatDate(r.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
