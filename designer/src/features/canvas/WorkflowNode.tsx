import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodePorts } from '../../model/graph';
import { selectDescriptor, selectHasIssue, selectStartId, selectStep, useAppStore, type FlowNode } from '../../store';
import { formatValue } from '../common/ui';

const OUTCOME_CLASS: Record<string, string> = { approved: 'ok', declined: 'bad', review: 'warn' };

/** One canvas node: module name and type, Enable toggle, rule badge, and one handle per output port. */
function WorkflowNodeView({ id, data, selected, type: kind }: NodeProps<FlowNode>) {
  const node = data.node;
  const descriptor = useAppStore(selectDescriptor(node.type));
  const ports = useAppStore(useShallow((s) => nodePorts(node, descriptor?.ports, s.edges.map((e) => ({ from: e.source, port: e.sourceHandle ?? 'done' })))));
  const hasIssue = useAppStore(selectHasIssue(id));
  const step = useAppStore(selectStep(id));
  const isStart = useAppStore(selectStartId) === id;
  const dryRunActive = useAppStore((s) => s.dryRun !== null);
  const updateNode = useAppStore((s) => s.updateNode);

  const outcome = kind === 'end' ? String(node.settings.outcome ?? '') : '';
  const classes = [
    'wf-node',
    `wf-node-${kind}`,
    `cat-${(descriptor?.category ?? 'unknown').replace(/[^a-z0-9_-]/gi, '')}`,
    node.enabled ? '' : 'is-disabled',
    selected ? 'is-selected' : '',
    hasIssue ? 'has-issue' : '',
    step ? `on-path step-${step.status}` : dryRunActive ? 'off-path' : '',
  ].join(' ');

  return (
    <div className={classes}>
      <Handle type="target" position={Position.Left} className="wf-handle-in" />
      <div className="wf-node-head">
        <div className="wf-node-titles">
          <div className="wf-node-title">{node.name || node.id}</div>
          <div className="wf-node-type">
            {descriptor?.displayName ?? node.type} · <span className="mono">{node.id}</span>
          </div>
        </div>
        <label className="toggle nodrag" title={node.enabled ? 'Enabled — click to disable' : 'Disabled — click to enable'}>
          <input type="checkbox" checked={node.enabled} aria-label={`Enable ${node.name}`} onChange={(e) => updateNode(id, { enabled: e.target.checked })} />
          <span className="toggle-track" aria-hidden="true" />
        </label>
      </div>
      <div className="wf-node-badges">
        {isStart && <span className="badge badge-start">start</span>}
        {node.rule && (
          <span className="badge badge-rule" title={node.rule}>
            rule: <span className="mono">{node.rule.length > 28 ? node.rule.slice(0, 27) + '…' : node.rule}</span>
          </span>
        )}
        {!node.enabled && <span className="badge badge-off">disabled</span>}
        {outcome && <span className={`badge badge-outcome ${OUTCOME_CLASS[outcome] ?? ''}`}>{outcome}</span>}
        {descriptor?.interactive && <span className="badge badge-person" title="Needs the person">person</span>}
        {!descriptor && <span className="badge badge-warn">unknown module</span>}
        {hasIssue && <span className="badge badge-error">error</span>}
      </div>
      {step && (
        <div className="wf-node-step" title={step.reason ?? undefined}>
          <b>{step.status}</b>
          {step.port && <> → {step.port}</>}
          {step.rule && (
            <>
              {' '}
              · rule <b className={`rv-${String(step.ruleValue)}`}>{formatValue(step.ruleValue)}</b>
            </>
          )}
          {step.reason && !step.rule && <> · {step.reason}</>}
        </div>
      )}
      {ports.length > 0 && (
        <div className="wf-node-ports">
          {ports.map((p) => (
            <div key={p} className={`wf-port port-${p}`}>
              <span>{p}</span>
              <Handle type="source" position={Position.Right} id={p} className={`wf-handle-out handle-${p}`} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const WorkflowNode = memo(WorkflowNodeView);
