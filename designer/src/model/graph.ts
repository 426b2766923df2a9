// Maps our definition JSON to canvas nodes/edges and back. The canvas shapes are structurally what
// React Flow expects, but only `data.node`/`data.edge` and positions flow back into the saved format.
import { STANDARD_PORTS, type DefinitionMeta, type Position, type WorkflowDefinition, type WorkflowEdgeDef, type WorkflowNodeDef } from './definition';
import { readBranches } from './settings';

export type CanvasNodeKind = 'module' | 'end';

export type CanvasNodeData = {
  node: WorkflowNodeDef;
  /** Position was computed, not read from `layout`; it is saved only once the admin moves the node. */
  autoPlaced: boolean;
};

export interface CanvasNode {
  id: string;
  type: CanvasNodeKind;
  position: Position;
  data: CanvasNodeData;
}

export type CanvasEdgeData = { edge: WorkflowEdgeDef };

export interface CanvasEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
  targetHandle?: string | null;
  data: CanvasEdgeData;
}

export interface CanvasGraph {
  meta: DefinitionMeta;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

export function edgeId(e: { from: string; port: string; to: string }): string {
  return `${e.from}:${e.port}->${e.to}`;
}

export function nodeKind(type: string): CanvasNodeKind {
  return type === 'end' ? 'end' : 'module';
}

export function toCanvasNode(node: WorkflowNodeDef, position: Position, autoPlaced: boolean): CanvasNode {
  return { id: node.id, type: nodeKind(node.type), position, data: { node, autoPlaced } };
}

export function toCanvasEdge(edge: WorkflowEdgeDef): CanvasEdge {
  return {
    id: edgeId(edge),
    source: edge.from,
    target: edge.to,
    sourceHandle: edge.port,
    data: { edge },
  };
}

/** Lays out nodes that have no saved position: columns by distance from the start node. */
export function autoLayout(def: WorkflowDefinition): Record<string, Position> {
  const depth = new Map<string, number>();
  const queue: string[] = [];
  if (def.nodes.some((n) => n.id === def.start)) {
    depth.set(def.start, 0);
    queue.push(def.start);
  }
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of def.edges) {
      if (e.from === id && !depth.has(e.to)) {
        depth.set(e.to, depth.get(id)! + 1);
        queue.push(e.to);
      }
    }
  }
  const maxDepth = Math.max(0, ...depth.values());
  const rows = new Map<number, number>();
  const out: Record<string, Position> = {};
  for (const n of def.nodes) {
    const col = depth.get(n.id) ?? maxDepth + 1;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    out[n.id] = { x: 80 + col * 300, y: 80 + row * 170 };
  }
  return out;
}

export function definitionToGraph(def: WorkflowDefinition): CanvasGraph {
  const { nodes, edges, layout, ...meta } = def;
  const auto = nodes.every((n) => layout?.[n.id]) ? {} : autoLayout(def);
  return {
    meta,
    nodes: nodes.map((n) => {
      const saved = layout?.[n.id];
      return toCanvasNode(n, saved ? { x: saved.x, y: saved.y } : auto[n.id], !saved);
    }),
    edges: edges.map(toCanvasEdge),
  };
}

/** Minimal shapes accepted back, so React Flow's own (richer) node and edge objects can be passed in. */
export interface GraphNodeIn {
  id: string;
  position: Position;
  data: CanvasNodeData;
}
export interface GraphEdgeIn {
  source: string;
  target: string;
  sourceHandle?: string | null;
  data?: CanvasEdgeData;
}

export function graphToDefinition(meta: DefinitionMeta, nodes: readonly GraphNodeIn[], edges: readonly GraphEdgeIn[]): WorkflowDefinition {
  const layout: Record<string, Position> = {};
  for (const n of nodes) {
    if (!n.data.autoPlaced) layout[n.id] = { x: n.position.x, y: n.position.y };
  }
  return {
    ...meta,
    nodes: nodes.map((n) => ({ ...n.data.node, id: n.id })),
    edges: edges.map((e) => ({
      ...(e.data?.edge ?? {}),
      from: e.source,
      port: e.sourceHandle ?? 'done',
      to: e.target,
    })),
    layout,
  };
}

/** A node id not yet used in the graph, derived from the module type (`decision`, `decision_2`, ...). */
export function uniqueNodeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = type.replace(/[^a-zA-Z0-9_-]/g, '_') || 'node';
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/**
 * Output ports a node offers: the module's declared ports, the branch names of a decision (from its
 * `branches` setting), and any port an existing edge already uses so nothing drawn ever disappears.
 */
export function nodePorts(node: WorkflowNodeDef, declared: readonly string[] | undefined, edges: readonly { from: string; port: string }[]): string[] {
  // A decision's branch ports come first, in their order of evaluation, then the fixed ones (else, failed, skipped).
  const ports: string[] = [];
  const add = (p: string) => {
    if (p && !ports.includes(p)) ports.push(p);
  };
  for (const b of readBranches(node.settings?.branches)) add(b.name);
  for (const p of declared ?? (node.type === 'end' ? [] : STANDARD_PORTS)) add(p);
  for (const e of edges) if (e.from === node.id) add(e.port);
  return ports;
}
