import { describe, expect, it } from 'vitest';
import { parseDefinition, type WorkflowDefinition, DefinitionFormatError } from './definition';
import { definitionToGraph, graphToDefinition, nodePorts, uniqueNodeId } from './graph';
import fixture from './fixtures/selfie-registration.json';

const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('definitionToGraph → graphToDefinition', () => {
  it('round trip of a full definition is identical, layout kept', () => {
    const def = clone(fixture) as WorkflowDefinition;
    const g = definitionToGraph(def);
    const back = graphToDefinition(g.meta, g.nodes, g.edges);
    expect(back).toEqual(fixture);
    expect(JSON.stringify(back)).toBe(JSON.stringify(fixture));
  });

  it('keeps unknown fields on the definition, nodes and edges', () => {
    const def = clone(fixture) as WorkflowDefinition;
    def.tags = ['kyc'];
    def.nodes[0].note = 'keep me';
    def.edges[0].label = 'is new';
    const g = definitionToGraph(def);
    expect(graphToDefinition(g.meta, g.nodes, g.edges)).toEqual(def);
  });

  it('places nodes from layout and saves moved positions', () => {
    const g = definitionToGraph(clone(fixture) as WorkflowDefinition);
    expect(g.nodes.find((n) => n.id === 'selfie')!.position).toEqual({ x: 380, y: 120 });
    const moved = g.nodes.map((n) => (n.id === 'selfie' ? { ...n, position: { x: 400, y: 140 } } : n));
    expect(graphToDefinition(g.meta, moved, g.edges).layout.selfie).toEqual({ x: 400, y: 140 });
  });

  it('nodes without a saved position are laid out but not written back until moved', () => {
    const def = clone(fixture) as WorkflowDefinition;
    delete def.layout.notify;
    const g = definitionToGraph(def);
    const notify = g.nodes.find((n) => n.id === 'notify')!;
    expect(notify.data.autoPlaced).toBe(true);
    expect(Number.isFinite(notify.position.x)).toBe(true);
    expect(graphToDefinition(g.meta, g.nodes, g.edges)).toEqual(def);
  });

  it('edges become React Flow edges with the port as source handle', () => {
    const g = definitionToGraph(clone(fixture) as WorkflowDefinition);
    expect(g.edges[1]).toMatchObject({ source: 'new_user', sourceHandle: 'known', target: 'approved' });
    expect(new Set(g.edges.map((e) => e.id)).size).toBe(g.edges.length);
  });

  it('the saved format carries no canvas objects', () => {
    const g = definitionToGraph(clone(fixture) as WorkflowDefinition);
    const rich = g.nodes.map((n) => ({ ...n, selected: true, measured: { width: 200, height: 90 }, dragging: false }));
    const back = graphToDefinition(g.meta, rich, g.edges.map((e) => ({ ...e, animated: true })));
    const text = JSON.stringify(back);
    expect(text).not.toContain('measured');
    expect(text).not.toContain('selected');
    expect(text).not.toContain('sourceHandle');
  });
});

describe('parseDefinition', () => {
  it('accepts the fixture unchanged', () => {
    expect(parseDefinition(clone(fixture))).toEqual(fixture);
  });
  it('rejects duplicate node ids', () => {
    const def = clone(fixture) as WorkflowDefinition;
    def.nodes[1].id = 'new_user';
    expect(() => parseDefinition(def)).toThrow(DefinitionFormatError);
  });
  it('rejects edges without a port', () => {
    expect(() => parseDefinition({ key: 'k', name: 'n', nodes: [], edges: [{ from: 'a', to: 'b' }] })).toThrow(/port/);
  });
  it('rejects non-objects', () => {
    expect(() => parseDefinition([1, 2])).toThrow(DefinitionFormatError);
  });
});

describe('ports and ids', () => {
  it('decision ports come from its branches, plus ports already used by edges', () => {
    const def = clone(fixture) as WorkflowDefinition;
    expect(nodePorts(def.nodes[0], [], def.edges)).toEqual(['new', 'known']);
    expect(nodePorts(def.nodes[1], ['done', 'failed', 'skipped'], [{ from: 'selfie', port: 'retry' }])).toEqual(['done', 'failed', 'skipped', 'retry']);
  });
  it('end nodes have no output ports by default', () => {
    const def = clone(fixture) as WorkflowDefinition;
    expect(nodePorts(def.nodes[3], undefined, def.edges)).toEqual([]);
  });
  it('uniqueNodeId avoids taken ids', () => {
    expect(uniqueNodeId('decision', ['decision', 'decision_2'])).toBe('decision_3');
    expect(uniqueNodeId('http call', [])).toBe('http_call');
  });
});
