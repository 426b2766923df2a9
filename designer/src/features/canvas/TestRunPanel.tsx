import { useState } from 'react';
import { api } from '../../api/admin';
import { currentDefinition, selectDryRun, useAppStore } from '../../store';
import { ErrorBanner, Outputs, StatusPill, formatValue } from '../common/ui';

function sampleContext(key: string) {
  return JSON.stringify(
    {
      request: { id: 'req_dry_run', workflow: key, user_id: 'customer-42', force_onboarding: false, locale: 'en-US', metadata: { country: 'DE' }, created_at: new Date().toISOString() },
      user: { id: 'customer-42', is_new: true, selfie_registered: false, registered_at: null },
      application: { id: 'app_test', name: 'Test application' },
      modules: {},
      ports: {},
    },
    null,
    2,
  );
}

/** Dry run of the canvas as it is (unsaved edits included) against an editable sample context. */
export function TestRunPanel({ ws, workflowKey, onClose }: { ws: string; workflowKey: string; onClose: () => void }) {
  const [context, setContext] = useState(() => sampleContext(workflowKey));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const result = useAppStore(selectDryRun);
  const setDryRun = useAppStore((s) => s.setDryRun);
  const select = useAppStore((s) => s.select);

  async function run() {
    setError(null);
    let ctx: unknown;
    try {
      ctx = JSON.parse(context);
    } catch (e) {
      setError(new Error(`The sample context is not valid JSON: ${(e as Error).message}`));
      return;
    }
    const def = currentDefinition(useAppStore.getState());
    if (!def) return;
    setBusy(true);
    try {
      setDryRun(await api.dryRun(ws, workflowKey, ctx, def));
    } catch (e) {
      setError(e);
      setDryRun(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="bottom-panel" aria-label="Test run">
      <div className="bottom-head">
        <h2>Test run</h2>
        <span className="muted small">Side-effecting modules are simulated; nothing is stored.</span>
        <div className="spacer" />
        <button className="btn btn-primary" onClick={run} disabled={busy}>
          {busy ? 'Running…' : 'Run'}
        </button>
        {result && (
          <button className="btn btn-ghost" onClick={() => setDryRun(null)}>
            Clear highlight
          </button>
        )}
        <button className="btn-icon" aria-label="Close test run" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="bottom-cols">
        <div className="field">
          <label htmlFor="dry-context">Sample context (JSON)</label>
          <textarea id="dry-context" className="mono" wrap="off" rows={11} value={context} onChange={(e) => setContext(e.target.value)} spellCheck={false} />
          <small className="muted">
            <code>modules</code>: outputs a simulated node returns, e.g. <code>{'{"selfie": {"duplicate_found": true}}'}</code>; <code>ports</code>: the port it
            takes, e.g. <code>{'{"selfie": "failed"}'}</code>.
          </small>
        </div>
        <div className="dry-result">
          <ErrorBanner error={error} />
          {!result && !error && <p className="muted">Run to see the path taken; it is highlighted on the canvas.</p>}
          {result && (
            <>
              <div className="dry-outcome">
                Outcome: {result.outcome ? <StatusPill status={result.outcome} /> : <span className="muted">none</span>}
                {result.status && (
                  <>
                    {' '}
                    · ended <StatusPill status={result.status} />
                  </>
                )}
                {result.errorCode && <code className="error-code">{result.errorCode}</code>}
                {result.result && Object.keys(result.result).length > 0 && <code className="small"> result {JSON.stringify(result.result)}</code>}
              </div>
              <table className="table compact">
                <thead>
                  <tr>
                    <th>Node</th>
                    <th>Rule</th>
                    <th>Port</th>
                    <th>Outputs</th>
                  </tr>
                </thead>
                <tbody>
                  {result.path.map((s, i) => (
                    <tr key={i} onClick={() => select(s.nodeId)} className="clickable">
                      <td>
                        <b>{s.nodeId}</b> <span className="muted small">{s.type}</span>
                        <div>
                          <StatusPill status={s.status} />
                          {s.reason && <span className="muted small"> {s.reason}</span>}
                        </div>
                        {s.errorCode && <code className="error-code">{s.errorCode}</code>}
                        {s.error && <div className="error-text small">{s.error}</div>}
                      </td>
                      <td>
                        {s.rule ? (
                          <>
                            <code className="small">{s.rule}</code> → <b className={s.ruleValue === true ? 'ok-text' : s.ruleValue === false ? 'error-text' : ''}>{formatValue(s.ruleValue)}</b>
                          </>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td>{s.port ? <code>{s.port}</code> : '—'}</td>
                      <td>
                        <Outputs outputs={s.outputs} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
