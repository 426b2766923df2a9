import { applyNodeChanges } from '@xyflow/react';
import { beforeEach, describe, expect, it } from 'vitest';
import fixture from '../model/fixtures/selfie-registration.json';
import type { WorkflowDefinition } from '../model/definition';
import { currentDefinition, useAppStore, type FlowNode } from './index';

const load = (def: unknown = fixture) => useAppStore.getState().loadDefinition(JSON.parse(JSON.stringify(def)) as WorkflowDefinition);

describe('designer slice', () => {
  beforeEach(() => load());

  it('loading then reading back gives the same definition', () => {
    expect(currentDefinition(useAppStore.getState())).toEqual(fixture);
    expect(useAppStore.getState().dirty).toBe(false);
  });

  it('a new connection from a port replaces the old edge from that port', () => {
    useAppStore.getState().connect({ source: 'selfie', sourceHandle: 'failed', target: 'approved', targetHandle: null });
    const def = currentDefinition(useAppStore.getState())!;
    expect(def.edges.filter((e) => e.from === 'selfie' && e.port === 'failed')).toEqual([{ from: 'selfie', port: 'failed', to: 'approved' }]);
    expect(useAppStore.getState().dirty).toBe(true);
  });

  it('ignores a connection of a node to itself', () => {
    useAppStore.getState().connect({ source: 'selfie', sourceHandle: 'done', target: 'selfie', targetHandle: null });
    expect(currentDefinition(useAppStore.getState())!.edges).toEqual(fixture.edges);
  });

  it('renaming a node id rewrites its edges and the start node', () => {
    const s = useAppStore.getState();
    expect(s.renameNodeId('new_user', 'gate')).toBeNull();
    const def = currentDefinition(useAppStore.getState())!;
    expect(def.start).toBe('gate');
    expect(def.edges.filter((e) => e.from === 'gate')).toHaveLength(2);
    expect(def.layout.gate).toEqual({ x: 80, y: 200 });
    expect(useAppStore.getState().renameNodeId('gate', 'selfie')).toMatch(/already used/);
    expect(useAppStore.getState().renameNodeId('gate', '9bad id')).toMatch(/letters/);
  });

  it('an auto-placed node is written to layout once it is dragged', () => {
    const def = JSON.parse(JSON.stringify(fixture)) as WorkflowDefinition;
    delete def.layout.notify;
    load(def);
    const changes = [{ type: 'position' as const, id: 'notify', position: { x: 700, y: 140 }, dragging: false }];
    const next = applyNodeChanges<FlowNode>(changes, useAppStore.getState().nodes);
    useAppStore.getState().nodesChanged(changes, next);
    expect(currentDefinition(useAppStore.getState())!.layout.notify).toEqual({ x: 700, y: 140 });
  });

  it('removing a node drops its edges', () => {
    useAppStore.getState().removeNode('notify');
    const def = currentDefinition(useAppStore.getState())!;
    expect(def.nodes.map((n) => n.id)).not.toContain('notify');
    expect(def.edges.some((e) => e.from === 'notify' || e.to === 'notify')).toBe(false);
    expect(def.layout.notify).toBeUndefined();
  });

  it('editing a rule clears the stale problem reported for it, not the others', () => {
    const s = useAppStore.getState();
    s.setIssues([
      { nodeId: 'selfie', field: 'rule', message: 'Unknown field', line: 1, column: 6, code: 'RULE_UNKNOWN_FIELD' },
      { nodeId: 'selfie', field: 'settings.attempts', message: 'Too many', code: 'SETTING_RANGE' },
    ]);
    s.updateNode('selfie', { rule: 'user.is_new' });
    expect(useAppStore.getState().issues.map((i) => i.field)).toEqual(['settings.attempts']);
  });

  it('a dropped module gets a unique id and becomes the start node of an empty workflow', () => {
    load({ key: 'k', name: 'K', version: 1, start: '', nodes: [], edges: [], layout: {} });
    useAppStore.getState().addModuleNode('decision', 'Decision', { x: 10.4, y: 20.6 });
    useAppStore.getState().addModuleNode('decision', 'Decision', { x: 300, y: 20 });
    const def = currentDefinition(useAppStore.getState())!;
    expect(def.nodes.map((n) => n.id)).toEqual(['decision', 'decision_2']);
    expect(def.start).toBe('decision');
    expect(def.layout.decision).toEqual({ x: 10, y: 21 });
    expect(def.nodes[0]).toEqual({ id: 'decision', type: 'decision', name: 'Decision', enabled: true, rule: null, settings: {} });
  });
});

describe('renamePort (a decision branch renamed)', () => {
  beforeEach(() => load());

  it('moves the edge drawn from the old port to the new one', () => {
    useAppStore.getState().renamePort('new_user', 'new', 'first_time');
    const def = currentDefinition(useAppStore.getState())!;
    expect(def.edges.filter((e) => e.from === 'new_user').map((e) => e.port).sort()).toEqual(['first_time', 'known']);
    expect(useAppStore.getState().dirty).toBe(true);
  });

  it('leaves the drawing alone for an empty name, no edge, or a name that already has an edge', () => {
    const before = currentDefinition(useAppStore.getState())!.edges;
    useAppStore.getState().renamePort('new_user', 'new', '');
    useAppStore.getState().renamePort('new_user', 'nothing_here', 'x');
    useAppStore.getState().renamePort('new_user', 'new', 'known');
    expect(currentDefinition(useAppStore.getState())!.edges).toEqual(before);
    expect(useAppStore.getState().dirty).toBe(false);
  });
});

describe('addModuleNode', () => {
  beforeEach(() => load());

  it('offsets a node added where another already sits, so neither hides the other', () => {
    const s = useAppStore.getState();
    s.addModuleNode('decision', 'Decision', { x: 1500, y: 300 });
    useAppStore.getState().addModuleNode('http_call', 'HTTP Call', { x: 1500, y: 300 });
    const nodes = useAppStore.getState().nodes;
    const a = nodes.find((n) => n.id === 'decision')!;
    const b = nodes.find((n) => n.id === 'http_call')!;
    expect(a.position).toEqual({ x: 1500, y: 300 });
    expect(b.position).toEqual({ x: 1500, y: 480 });
    expect(useAppStore.getState().selectedId).toBe('http_call');
    expect(currentDefinition(useAppStore.getState())!.layout.http_call).toEqual({ x: 1500, y: 480 });
  });
});
