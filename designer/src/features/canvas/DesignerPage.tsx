import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { api } from '../../api/admin';
import { ApiError } from '../../api/client';
import type { WorkflowVersion } from '../../api/types';
import { Link, setNavigationGuard } from '../../app/router';
import { parseDefinition, type WorkflowDefinition } from '../../model/definition';
import { currentDefinition, selectDirty, selectIssues, selectMeta, selectModulesFor, selectWorkspace, useAppStore } from '../../store';
import { ErrorBanner } from '../common/ui';
import { Inspector } from '../inspector/Inspector';
import { Palette } from '../palette/Palette';
import { Canvas } from './Canvas';
import { TestRunPanel } from './TestRunPanel';
import { VersionsDialog } from './VersionsDialog';

type Info = Omit<WorkflowVersion, 'definition'>;
type Panel = 'none' | 'issues' | 'test';

function download(name: string, def: WorkflowDefinition) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(def, null, 2) + '\n'], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function IssuesPanel({ onClose }: { onClose: () => void }) {
  const issues = useAppStore(selectIssues);
  const select = useAppStore((s) => s.select);
  const { fitView } = useReactFlow();
  return (
    <section className="bottom-panel" aria-label="Validation">
      <div className="bottom-head">
        <h2>Validation</h2>
        <span className={issues.length ? 'error-text' : 'ok-text'}>{issues.length ? `${issues.length} problem${issues.length > 1 ? 's' : ''}` : 'No problems found'}</span>
        <div className="spacer" />
        <button className="btn-icon" aria-label="Close validation" onClick={onClose}>
          ×
        </button>
      </div>
      {issues.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th>Node</th>
              <th>Field</th>
              <th>Problem</th>
              <th>Code</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((i, k) => (
              <tr
                key={k}
                className={i.nodeId ? 'clickable' : ''}
                onClick={() => {
                  if (!i.nodeId) return;
                  select(i.nodeId);
                  void fitView({ nodes: [{ id: i.nodeId }], duration: 300, maxZoom: 1.1 });
                }}
              >
                <td className="strong">{i.nodeId ?? '(workflow)'}</td>
                <td className="mono">{i.field ?? '—'}</td>
                <td>
                  {i.line != null && (
                    <span className="muted">
                      line {i.line}, col {i.column ?? 1}:{' '}
                    </span>
                  )}
                  {i.message}
                </td>
                <td>{i.code && <code className="error-code">{i.code}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DesignerWorkspace({ ws, workflowKey }: { ws: string; workflowKey: string }) {
  const meta = useAppStore(selectMeta);
  const dirty = useAppStore(selectDirty);
  // Reviewers and viewers may look and test-run; the server refuses their writes anyway.
  const role = useAppStore(selectWorkspace)?.role;
  const canEdit = role === 'Owner' || role === 'Admin' || role === 'Designer';
  const issues = useAppStore(selectIssues);
  const loadDefinition = useAppStore((s) => s.loadDefinition);
  const setIssues = useAppStore((s) => s.setIssues);
  const markSaved = useAppStore((s) => s.markSaved);
  const setDryRun = useAppStore((s) => s.setDryRun);
  const { fitView } = useReactFlow();
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>('none');
  const [versionsOpen, setVersionsOpen] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  function flash(text: string) {
    setNotice(text);
    setTimeout(() => setNotice((n) => (n === text ? null : n)), 3500);
  }

  async function act(label: string, fn: () => Promise<void>) {
    setBusy(label);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const definition = () => currentDefinition(useAppStore.getState())!;

  async function saveDraft() {
    const saved = await api.saveDraft(ws, workflowKey, definition());
    if (saved && typeof saved === 'object' && 'version' in saved) {
      const { definition: _d, ...rest } = saved;
      setInfo(rest);
      markSaved(saved.definition?.version);
    } else markSaved();
  }

  const onSave = () => act('save', async () => {
    await saveDraft();
    flash('Draft saved.');
  });

  const onValidate = () => act('validate', async () => {
    const r = await api.validate(ws, workflowKey, definition());
    setIssues(r.errors ?? []);
    setPanel('issues');
  });

  const onPublish = () => act('publish', async () => {
    if (dirty) await saveDraft();
    try {
      const r = await api.publish(ws, workflowKey);
      setIssues([]);
      flash(`Published version ${r.version}.`);
      const latest = await api.getWorkflow(ws, workflowKey);
      const { definition: _d, ...rest } = latest;
      setInfo(rest);
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) {
        setIssues(e.issues);
        setPanel('issues');
      }
      throw e;
    }
  });

  const openVersion = (version: number) => act('open', async () => {
    const v = await api.getWorkflow(ws, workflowKey, version);
    loadDefinition(v.definition, true);
    setVersionsOpen(false);
    flash(`Loaded version ${version} into the editor. Save draft to keep it.`);
    setTimeout(() => void fitView({ padding: 0.2, maxZoom: 1 }), 50);
  });

  const onExport = () => act('export', async () => {
    // Unsaved edits are exported from the canvas; otherwise the server's export is the source of truth.
    download(`${workflowKey}.json`, dirty ? definition() : await api.exportWorkflow(ws, workflowKey));
  });

  async function onImport(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    setError(null);
    try {
      const def = parseDefinition(JSON.parse(await f.text()));
      loadDefinition({ ...def, key: workflowKey }, true);
      flash(def.key === workflowKey ? 'Imported. Save draft to keep it.' : `Imported "${def.key}" as ${workflowKey}. Save draft to keep it.`);
      setTimeout(() => void fitView({ padding: 0.2, maxZoom: 1 }), 50);
    } catch (err) {
      setError(err instanceof SyntaxError ? new Error(`Not valid JSON: ${err.message}`) : err);
    }
  }

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const st = useAppStore.getState();
        const [wf, modules] = await Promise.all([api.getWorkflow(ws, workflowKey), selectModulesFor(st) === ws ? Promise.resolve(null) : api.listModules(ws)]);
        if (!live) return;
        if (modules) useAppStore.getState().setModules(ws, modules);
        const { definition: def, ...rest } = wf;
        setInfo(rest);
        loadDefinition(parseDefinition(def));
      } catch (e) {
        if (live) setError(e);
      }
    })();
    return () => {
      live = false;
      useAppStore.getState().clearDesigner();
    };
  }, [ws, workflowKey, loadDefinition]);

  useEffect(() => {
    const t = setTimeout(() => void fitView({ padding: 0.08, maxZoom: 1, duration: 200 }), 60);
    return () => clearTimeout(t);
  }, [panel, fitView]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    setNavigationGuard(() => window.confirm('Leave the designer? Your unsaved changes to this workflow will be lost.'));
    return () => {
      window.removeEventListener('beforeunload', warn);
      setNavigationGuard(null);
    };
  }, [dirty]);

  return (
    <div className="designer">
      <div className="toolbar">
        <div className="toolbar-title">
          <Link to="/workflows" className="crumb">
            Workflows
          </Link>
          <span className="muted">/</span>
          <b>{meta?.name ?? workflowKey}</b>
          {info && (
            <span className={`pill ${info.status === 'published' ? 'pill-completed' : 'pill-pending'}`}>
              v{info.version} {info.status}
            </span>
          )}
          {!canEdit && <span className="pill">read-only ({role})</span>}
          {dirty && <span className="unsaved">● unsaved changes</span>}
          {notice && <span className="ok-text small">{notice}</span>}
        </div>
        <div className="toolbar-actions">
          <button className={`btn ${dirty ? 'btn-primary' : 'btn-ghost'}`} onClick={onSave} disabled={!meta || !!busy || !canEdit}>
            {busy === 'save' ? 'Saving…' : 'Save draft'}
          </button>
          <button className={`btn ${issues.length ? 'btn-warn' : 'btn-ghost'}`} onClick={onValidate} disabled={!meta || !!busy}>
            Validate{issues.length ? ` (${issues.length})` : ''}
          </button>
          <button className="btn btn-ghost" onClick={onPublish} disabled={!meta || !!busy || !canEdit}>
            {busy === 'publish' ? 'Publishing…' : 'Publish'}
          </button>
          <span className="toolbar-sep" />
          <button className={`btn ${panel === 'test' ? 'btn-active' : 'btn-ghost'}`} onClick={() => setPanel(panel === 'test' ? 'none' : 'test')} disabled={!meta}>
            Test run
          </button>
          <button className="btn btn-ghost" onClick={() => setVersionsOpen(true)} disabled={!meta}>
            Versions
          </button>
          <button className="btn btn-ghost" onClick={onExport} disabled={!meta || !!busy}>
            Export
          </button>
          <input ref={file} type="file" accept="application/json,.json" hidden onChange={onImport} />
          <button className="btn btn-ghost" onClick={() => file.current?.click()} disabled={!meta}>
            Import
          </button>
        </div>
      </div>
      {error ? (
        <div className="designer-error">
          <ErrorBanner error={error} onDismiss={() => setError(null)} />
        </div>
      ) : null}
      <div className="designer-body">
        <Palette />
        <div className="designer-center">
          <Canvas />
          {panel === 'issues' && <IssuesPanel onClose={() => setPanel('none')} />}
          {panel === 'test' && (
            <TestRunPanel
              ws={ws}
              workflowKey={workflowKey}
              onClose={() => {
                setPanel('none');
                setDryRun(null);
              }}
            />
          )}
        </div>
        <Inspector />
      </div>
      {versionsOpen && <VersionsDialog ws={ws} workflowKey={workflowKey} onClose={() => setVersionsOpen(false)} onOpen={openVersion} />}
    </div>
  );
}

export function DesignerPage({ ws, workflowKey }: { ws: string; workflowKey: string }) {
  return (
    <ReactFlowProvider>
      <DesignerWorkspace ws={ws} workflowKey={workflowKey} />
    </ReactFlowProvider>
  );
}
