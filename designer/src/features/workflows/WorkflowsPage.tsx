import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { api } from '../../api/admin';
import { Link, navigate } from '../../app/router';
import { parseDefinition, type WorkflowDefinition } from '../../model/definition';
import { Empty, ErrorBanner, Modal, PageHeader, formatDate, useAsync } from '../common/ui';

function blankDefinition(key: string, name: string): WorkflowDefinition {
  return {
    key,
    name,
    description: '',
    version: 1,
    start: 'approved',
    nodes: [{ id: 'approved', type: 'end', name: 'Approved', enabled: true, rule: null, settings: { outcome: 'approved' } }],
    edges: [],
    layout: { approved: { x: 520, y: 200 } },
  };
}

export function WorkflowsPage({ ws }: { ws: string }) {
  const list = useAsync(() => api.listWorkflows(ws), [ws]);
  const [creating, setCreating] = useState(false);
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const file = useRef<HTMLInputElement>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    // The import endpoint saves a draft over an existing key; a new workflow must not replace one silently.
    if (list.data?.some((w) => w.key === key)) {
      setError(new Error(`A workflow with the key "${key}" already exists. Choose another key or open it from the list.`));
      return;
    }
    try {
      await api.importWorkflow(ws, blankDefinition(key, name));
      navigate(`/workflows/${encodeURIComponent(key)}`);
    } catch (err) {
      setError(err);
    }
  }

  async function importFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    setError(null);
    try {
      const def = parseDefinition(JSON.parse(await f.text()));
      if (list.data?.some((w) => w.key === def.key) && !window.confirm(`Workflow "${def.key}" exists. Import the file as a new draft of it?`)) return;
      await api.importWorkflow(ws, def);
      navigate(`/workflows/${encodeURIComponent(def.key)}`);
    } catch (err) {
      setError(err);
    }
  }

  async function remove(k: string) {
    if (!window.confirm(`Delete workflow "${k}" and all its versions?`)) return;
    try {
      await api.deleteWorkflow(ws, k);
      list.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <PageHeader
        title="Workflows"
        subtitle="Versioned verification flows built from modules"
        actions={
          <>
            <input ref={file} type="file" accept="application/json,.json" hidden onChange={importFile} />
            <button className="btn btn-ghost" onClick={() => file.current?.click()}>
              Import JSON
            </button>
            <button className="btn btn-primary" onClick={() => setCreating(true)}>
              New workflow
            </button>
          </>
        }
      />
      <ErrorBanner error={creating ? list.error : (error ?? list.error)} onDismiss={error ? () => setError(null) : undefined} />
      <section className="card">
        {list.data && list.data.length === 0 && <Empty>No workflows in this workspace.</Empty>}
        {list.data && list.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Workflow</th>
                <th>Key</th>
                <th>Published</th>
                <th>Draft</th>
                <th>Updated</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((w) => (
                <tr key={w.key}>
                  <td>
                    <Link to={`/workflows/${encodeURIComponent(w.key)}`} className="strong">
                      {w.name}
                    </Link>
                    {w.description && <div className="muted small">{w.description}</div>}
                  </td>
                  <td className="mono nowrap">{w.key}</td>
                  <td>{w.publishedVersion != null ? <span className="pill pill-completed">v{w.publishedVersion}</span> : <span className="muted">—</span>}</td>
                  <td>{w.draftVersion != null ? <span className="pill pill-pending">v{w.draftVersion} draft</span> : <span className="muted">—</span>}</td>
                  <td>{formatDate(w.updatedAt)}</td>
                  <td className="num">
                    <button className="btn btn-danger-ghost small" onClick={() => remove(w.key)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.loading && !list.data && <p className="muted pad">Loading…</p>}
      </section>
      {creating && (
        <Modal title="New workflow" onClose={() => setCreating(false)}>
          <form className="form" onSubmit={create}>
            <ErrorBanner error={error} onDismiss={() => setError(null)} />
            <label className="field">
              <span>Name</span>
              <input
                required
                autoFocus
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setKey(
                    e.target.value
                      .toLowerCase()
                      .replace(/[^a-z0-9]+/g, '-')
                      .replace(/^-|-$/g, ''),
                  );
                }}
              />
            </label>
            <label className="field">
              <span>Key</span>
              <input required pattern="[a-z0-9][a-z0-9\-]{0,63}" value={key} onChange={(e) => setKey(e.target.value)} className="mono" />
              <small className="muted">Lower-case letters, digits and dashes. API clients name the workflow by this key.</small>
            </label>
            <div className="form-actions">
              <button className="btn btn-primary">Create and open</button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}
