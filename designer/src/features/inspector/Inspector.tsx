import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ValidationIssue } from '../../api/client';
import { settingTarget, withSetting } from '../../model/settings';
import { selectDescriptor, selectIssues, selectMeta, selectModules, selectNodeDef, selectNodes, selectSelectedId, useAppStore } from '../../store';
import { BranchesField, StringMapField, type TargetedIssue } from './CompositeFields';
import { SettingField } from './SettingField';

function issuePos(i: ValidationIssue) {
  return i.line != null ? `line ${i.line}, column ${i.column ?? 1}: ` : '';
}

function RuleEditor({ nodeId, rule, issues, onChange }: { nodeId: string; rule: string | null; issues: ValidationIssue[]; onChange: (r: string | null) => void }) {
  // What a rule may read: the fixed context plus each other node's outputs.
  const outputs = useAppStore(
    useShallow((s) =>
      s.nodes
        .filter((n) => n.id !== nodeId)
        .flatMap((n) => (s.modules.find((m) => m.type === n.data.node.type)?.outputs ?? []).map((o) => `modules.${n.id}.${o.name}`)),
    ),
  );
  return (
    <div className={`field ${issues.length ? 'field-invalid' : ''}`}>
      <label htmlFor="rule-editor">Rule</label>
      <textarea
        id="rule-editor"
        className="mono rule-editor"
        rows={3}
        value={rule ?? ''}
        spellCheck={false}
        placeholder="Always runs. e.g. user.is_new || request.force_onboarding"
        onChange={(e) => onChange(e.target.value.trim() ? e.target.value : null)}
      />
      {issues.map((i, k) => (
        <span key={k} className="field-error">
          {issuePos(i)}
          {i.message}
          {i.code && <code className="error-code">{i.code}</code>}
        </span>
      ))}
      <details className="rule-help">
        <summary>Fields a rule can read</summary>
        <code>request.id · request.workflow · request.user_id · request.force_onboarding · request.locale · request.metadata.* · request.created_at</code>
        <code>user.id · user.is_new · user.selfie_registered · user.registered_at</code>
        <code>application.id · application.name · result.* · now()</code>
        {outputs.length > 0 && <code>{outputs.join(' · ')}</code>}
      </details>
    </div>
  );
}

function NodeInspector({ id }: { id: string }) {
  const node = useAppStore(selectNodeDef(id));
  const descriptor = useAppStore(selectDescriptor(node?.type ?? ''));
  const issues = useAppStore(useShallow((s) => s.issues.filter((i) => i.nodeId === id)));
  const isStart = useAppStore((s) => s.meta?.start === id);
  const updateNode = useAppStore((s) => s.updateNode);
  const updateMeta = useAppStore((s) => s.updateMeta);
  const renameNodeId = useAppStore((s) => s.renameNodeId);
  const removeNode = useAppStore((s) => s.removeNode);
  const [idDraft, setIdDraft] = useState(id);
  const [idError, setIdError] = useState<string | null>(null);
  const [rawSettings, setRawSettings] = useState<string | null>(null);

  if (!node) return null;
  const ruleIssues = issues.filter((i) => i.field === 'rule');
  const settingNames = descriptor?.settings.map((d) => d.name) ?? [];
  const targeted = issues.map((issue) => ({ issue, target: settingTarget(issue.field, settingNames) }));
  const settingIssues = (name: string): TargetedIssue[] =>
    targeted.filter((t) => t.target?.name === name).map((t) => ({ issue: t.issue, index: t.target!.index, part: t.target!.part }));
  const settingIssue = (name: string) => {
    const list = settingIssues(name);
    return list.length ? list.map((t) => (t.issue.line != null ? `line ${t.issue.line}, column ${t.issue.column ?? 1}: ` : '') + t.issue.message).join(' ') : undefined;
  };
  const otherIssues = targeted.filter((t) => t.issue.field !== 'rule' && !t.target).map((t) => t.issue);

  return (
    <div className="inspector-body">
      <div className="inspector-head">
        <div className="muted small">{descriptor?.category ?? 'unknown module'}</div>
        <h2>{descriptor?.displayName ?? node.type}</h2>
        {descriptor?.description && <p className="muted small">{descriptor.description}</p>}
      </div>
      {otherIssues.map((i, k) => (
        <div key={k} className="banner banner-error small">
          <div>
            {i.field && <b>{i.field}: </b>}
            {i.message} {i.code && <code className="error-code">{i.code}</code>}
          </div>
        </div>
      ))}
      <div className="field">
        <label htmlFor="node-name">Name</label>
        <input id="node-name" value={node.name} onChange={(e) => updateNode(id, { name: e.target.value })} />
      </div>
      <div className={`field ${idError ? 'field-invalid' : ''}`}>
        <label htmlFor="node-id">Node id</label>
        <input
          id="node-id"
          className="mono"
          value={idDraft}
          onChange={(e) => setIdDraft(e.target.value)}
          onBlur={() => {
            const err = renameNodeId(id, idDraft.trim());
            setIdError(err);
          }}
        />
        <small className="muted">Rules read this node's outputs as modules.{id}.…</small>
        {idError && <span className="field-error">{idError}</span>}
      </div>
      <label className="check check-row">
        <input type="checkbox" checked={node.enabled} onChange={(e) => updateNode(id, { enabled: e.target.checked })} />
        <span>
          <b>Enable</b> <span className="muted small">— a disabled node is skipped and the flow continues on “skipped” (or “done”).</span>
        </span>
      </label>
      <RuleEditor nodeId={id} rule={node.rule} issues={ruleIssues} onChange={(rule) => updateNode(id, { rule })} />

      <div className="section-title">Settings</div>
      {descriptor ? (
        descriptor.settings.length === 0 ? (
          <p className="muted small">This module has no settings.</p>
        ) : (
          descriptor.settings.map((d) => {
            const onChange = (v: unknown) => updateNode(id, { settings: withSetting(node.settings, d.name, v) });
            if (d.type === 'branches')
              return <BranchesField key={`${id}:${d.name}`} nodeId={id} descriptor={d} value={node.settings[d.name]} issues={settingIssues(d.name)} onChange={onChange} />;
            if (d.type === 'string_map')
              return <StringMapField key={`${id}:${d.name}`} descriptor={d} value={node.settings[d.name]} issues={settingIssues(d.name)} onChange={onChange} />;
            return <SettingField key={`${id}:${d.name}`} descriptor={d} value={node.settings[d.name]} serverError={settingIssue(d.name)} onChange={onChange} />;
          })
        )
      ) : (
        <div className="field">
          <label htmlFor="raw-settings">Settings (JSON) — module “{node.type}” is not in the catalog</label>
          <textarea
            id="raw-settings"
            className="mono"
            rows={6}
            value={rawSettings ?? JSON.stringify(node.settings, null, 2)}
            onChange={(e) => {
              setRawSettings(e.target.value);
              try {
                const v = JSON.parse(e.target.value);
                if (v && typeof v === 'object' && !Array.isArray(v)) updateNode(id, { settings: v });
              } catch {
                /* keep typing */
              }
            }}
          />
        </div>
      )}
      {descriptor && Object.keys(node.settings).some((k) => !descriptor.settings.some((d) => d.name === k)) && (
        <div className="banner banner-warn small">
          Unknown settings kept from the file: {Object.keys(node.settings).filter((k) => !descriptor.settings.some((d) => d.name === k)).join(', ')}
        </div>
      )}

      {descriptor && descriptor.outputs.length > 0 && (
        <>
          <div className="section-title">Outputs</div>
          <ul className="outputs">
            {descriptor.outputs.map((o) => (
              <li key={o.name}>
                <code>
                  modules.{id}.{o.name}
                </code>{' '}
                <span className="muted small">
                  {o.type}
                  {o.sensitive ? ' · redacted in journal' : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="inspector-actions">
        <button className="btn btn-ghost" disabled={isStart} onClick={() => updateMeta({ start: id })}>
          {isStart ? 'Start node' : 'Set as start'}
        </button>
        <button className="btn btn-danger-ghost" onClick={() => removeNode(id)}>
          Delete node
        </button>
      </div>
    </div>
  );
}

function WorkflowInspector() {
  const meta = useAppStore(selectMeta);
  const nodes = useAppStore(selectNodes).map((n) => ({ id: n.id, name: n.data.node.name }));
  const issues = useAppStore(selectIssues);
  const modules = useAppStore(selectModules);
  const updateMeta = useAppStore((s) => s.updateMeta);
  const select = useAppStore((s) => s.select);
  if (!meta) return null;
  const general = issues.filter((i) => !i.nodeId);
  return (
    <div className="inspector-body">
      <div className="inspector-head">
        <div className="muted small">Workflow</div>
        <h2>{meta.name}</h2>
      </div>
      <div className="field">
        <label htmlFor="wf-name">Name</label>
        <input id="wf-name" value={meta.name} onChange={(e) => updateMeta({ name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="wf-desc">Description</label>
        <textarea id="wf-desc" rows={3} value={meta.description ?? ''} onChange={(e) => updateMeta({ description: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="wf-key">Key</label>
        <input id="wf-key" className="mono" value={meta.key} readOnly />
      </div>
      <div className="field">
        <label htmlFor="wf-start">Start node</label>
        <select id="wf-start" value={meta.start} onChange={(e) => updateMeta({ start: e.target.value })}>
          {!nodes.some((n) => n.id === meta.start) && <option value={meta.start}>{meta.start || '(none)'}</option>}
          {nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name} ({n.id})
            </option>
          ))}
        </select>
      </div>
      {general.map((i, k) => (
        <div key={k} className="banner banner-error small">
          <div>
            {i.message} {i.code && <code className="error-code">{i.code}</code>}
          </div>
        </div>
      ))}
      <p className="muted small">
        {nodes.length} node{nodes.length === 1 ? '' : 's'} · {modules.length} modules in the catalog. Select a node to edit its Enable toggle, rule and settings.
      </p>
      {issues.some((i) => i.nodeId) && (
        <ul className="issue-list">
          {issues
            .filter((i) => i.nodeId)
            .map((i, k) => (
              <li key={k}>
                <button className="linklike" onClick={() => select(i.nodeId)}>
                  {i.nodeId}
                </button>{' '}
                {i.field && <span className="muted">{i.field}: </span>}
                {i.message}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

export function Inspector() {
  const selected = useAppStore(selectSelectedId);
  return <aside className="inspector">{selected ? <NodeInspector key={selected} id={selected} /> : <WorkflowInspector />}</aside>;
}
