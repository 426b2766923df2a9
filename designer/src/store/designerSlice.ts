// Types only: React Flow itself is loaded with the designer chunk; the canvas applies changes and hands over the result.
import type { Connection, Edge, EdgeChange, Node, NodeChange } from '@xyflow/react';
import type { StateCreator } from 'zustand';
import type { ValidationIssue } from '../api/client';
import type { DryRunResult, DryRunStep } from '../api/types';
import type { DefinitionMeta, Position, WorkflowDefinition, WorkflowNodeDef } from '../model/definition';
import { definitionToGraph, graphToDefinition, toCanvasEdge, toCanvasNode, uniqueNodeId, type CanvasEdgeData, type CanvasNodeData, type CanvasNodeKind } from '../model/graph';
import type { AppState } from './index';

export type ModuleNode = Node<CanvasNodeData, 'module'>;
export type EndNode = Node<CanvasNodeData, 'end'>;
/** Typed union of everything the canvas draws. */
export type FlowNode = ModuleNode | EndNode;
export type FlowEdge = Edge<CanvasEdgeData>;

export interface DesignerSlice {
  meta: DefinitionMeta | null;
  nodes: FlowNode[];
  edges: FlowEdge[];
  selectedId: string | null;
  dirty: boolean;
  issues: ValidationIssue[];
  dryRun: DryRunResult | null;
  loadDefinition: (def: WorkflowDefinition, dirty?: boolean) => void;
  clearDesigner: () => void;
  /** `next` is React Flow's `applyNodeChanges(changes, nodes)`. */
  nodesChanged: (changes: NodeChange<FlowNode>[], next: FlowNode[]) => void;
  /** `next` is React Flow's `applyEdgeChanges(changes, edges)`. */
  edgesChanged: (changes: EdgeChange<FlowEdge>[], next: FlowEdge[]) => void;
  connect: (c: Connection) => void;
  addModuleNode: (type: string, displayName: string, position: Position) => void;
  updateNode: (id: string, patch: Partial<WorkflowNodeDef>) => void;
  renameNodeId: (id: string, newId: string) => string | null;
  /** A decision branch was renamed: edges leaving `nodeId` on port `from` now leave on `to`. */
  renamePort: (nodeId: string, from: string, to: string) => void;
  removeNode: (id: string) => void;
  updateMeta: (patch: Partial<DefinitionMeta>) => void;
  select: (id: string | null) => void;
  setIssues: (issues: ValidationIssue[]) => void;
  setDryRun: (r: DryRunResult | null) => void;
  markSaved: (version?: number) => void;
}

function asFlowNode(n: ReturnType<typeof toCanvasNode>): FlowNode {
  return n as FlowNode;
}

export const createDesignerSlice: StateCreator<AppState, [], [], DesignerSlice> = (set, get) => ({
  meta: null,
  nodes: [],
  edges: [],
  selectedId: null,
  dirty: false,
  issues: [],
  dryRun: null,

  loadDefinition: (def, dirty = false) => {
    const g = definitionToGraph(def);
    set({ meta: g.meta, nodes: g.nodes.map(asFlowNode), edges: g.edges, selectedId: null, dirty, issues: [], dryRun: null });
  },
  clearDesigner: () => set({ meta: null, nodes: [], edges: [], selectedId: null, dirty: false, issues: [], dryRun: null }),

  nodesChanged: (changes, next) => {
    const meaningful = changes.some((c) => c.type === 'position' || c.type === 'remove' || c.type === 'add' || c.type === 'replace');
    let nodes = next;
    // A node the admin moved has a real position now; it belongs in `layout`.
    const moved = new Set(changes.filter((c) => c.type === 'position' && c.dragging === false).map((c) => (c as { id: string }).id));
    if (moved.size > 0) nodes = nodes.map((n) => (moved.has(n.id) && n.data.autoPlaced ? { ...n, data: { ...n.data, autoPlaced: false } } : n));
    const removed = new Set(changes.filter((c) => c.type === 'remove').map((c) => (c as { id: string }).id));
    const selectChange = changes.filter((c) => c.type === 'select');
    let selectedId = get().selectedId;
    for (const c of selectChange) if (c.type === 'select') selectedId = c.selected ? c.id : selectedId === c.id ? null : selectedId;
    if (selectedId && removed.has(selectedId)) selectedId = null;
    const edges = removed.size > 0 ? get().edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) : get().edges;
    set({ nodes, edges, selectedId, dirty: get().dirty || meaningful });
  },
  edgesChanged: (changes, next) => {
    const meaningful = changes.some((c) => c.type !== 'select');
    set({ edges: next, dirty: get().dirty || meaningful });
  },
  connect: (c) => {
    if (!c.source || !c.target || c.source === c.target) return;
    const port = c.sourceHandle ?? 'done';
    const edge = toCanvasEdge({ from: c.source, port, to: c.target });
    // One port leads to one node: a new connection from a port replaces the old one.
    const others = get().edges.filter((e) => !(e.source === c.source && (e.sourceHandle ?? 'done') === port));
    set({ edges: [...others.filter((e) => e.id !== edge.id), edge], dirty: true });
  },
  addModuleNode: (type, displayName, position) => {
    const id = uniqueNodeId(type, get().nodes.map((n) => n.id));
    const def: WorkflowNodeDef = { id, type, name: displayName, enabled: true, rule: null, settings: {} };
    // Adding twice at the same spot (double-click in the palette drops at the centre) must not hide a node under another.
    let at = { x: Math.round(position.x), y: Math.round(position.y) };
    // A node card is about 220 × 160 px: step down until the new one overlaps none.
    for (let i = 0; i < 50 && get().nodes.some((n) => Math.abs(n.position.x - at.x) < 220 && Math.abs(n.position.y - at.y) < 160); i++) at = { x: at.x, y: at.y + 180 };
    const node = asFlowNode(toCanvasNode(def, at, false));
    const meta = get().meta;
    const needsStart = meta && !get().nodes.some((n) => n.id === meta.start);
    set({
      nodes: [...get().nodes.map((n) => ({ ...n, selected: false })), { ...node, selected: true }],
      selectedId: id,
      dirty: true,
      meta: needsStart && meta ? { ...meta, start: id } : meta,
    });
  },
  updateNode: (id, patch) => {
    // A problem reported for a field is stale once that field is edited; Validate reports it again if it remains.
    const touched = Object.keys(patch);
    const stale = (i: ValidationIssue) =>
      i.nodeId === id && !!i.field && touched.some((k) => i.field === k || (k === 'settings' && i.field!.startsWith('settings')));
    set({
      nodes: get().nodes.map((n) => (n.id === id ? ({ ...n, data: { ...n.data, node: { ...n.data.node, ...patch } } } as FlowNode) : n)),
      issues: get().issues.some(stale) ? get().issues.filter((i) => !stale(i)) : get().issues,
      dirty: true,
    });
  },
  renameNodeId: (id, newId) => {
    if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/.test(newId)) return 'Use letters, digits, _ or -, starting with a letter.';
    if (newId !== id && get().nodes.some((n) => n.id === newId)) return `"${newId}" is already used.`;
    if (newId === id) return null;
    const meta = get().meta;
    set({
      nodes: get().nodes.map((n) => (n.id === id ? ({ ...n, id: newId, data: { ...n.data, node: { ...n.data.node, id: newId } } } as FlowNode) : n)),
      edges: get().edges.map((e) => {
        if (e.source !== id && e.target !== id) return e;
        const edge = { ...(e.data?.edge ?? {}), from: e.source === id ? newId : e.source, port: e.sourceHandle ?? 'done', to: e.target === id ? newId : e.target };
        return toCanvasEdge(edge);
      }),
      meta: meta && meta.start === id ? { ...meta, start: newId } : meta,
      selectedId: get().selectedId === id ? newId : get().selectedId,
      dirty: true,
    });
    return null;
  },
  renamePort: (nodeId, from, to) => {
    const edges = get().edges;
    // Nothing to carry over, or the new name already has its own edge: leave the drawing as it is.
    if (!from || !to || from === to || !edges.some((e) => e.source === nodeId && (e.sourceHandle ?? 'done') === from)) return;
    if (edges.some((e) => e.source === nodeId && (e.sourceHandle ?? 'done') === to)) return;
    set({
      edges: edges.map((e) =>
        e.source === nodeId && (e.sourceHandle ?? 'done') === from ? toCanvasEdge({ ...(e.data?.edge ?? {}), from: nodeId, port: to, to: e.target }) : e,
      ),
      dirty: true,
    });
  },
  removeNode: (id) =>
    set({
      nodes: get().nodes.filter((n) => n.id !== id),
      edges: get().edges.filter((e) => e.source !== id && e.target !== id),
      selectedId: get().selectedId === id ? null : get().selectedId,
      dirty: true,
    }),
  updateMeta: (patch) => {
    const meta = get().meta;
    if (meta) set({ meta: { ...meta, ...patch }, dirty: true });
  },
  select: (id) => set({ selectedId: id, nodes: get().nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })) }),
  setIssues: (issues) => set({ issues }),
  setDryRun: (dryRun) => set({ dryRun }),
  markSaved: (version) => {
    const meta = get().meta;
    set({ dirty: false, meta: meta && version !== undefined ? { ...meta, version } : meta });
  },
});

/** The definition as it stands on the canvas, in our saved format. */
export function currentDefinition(s: AppState): WorkflowDefinition | null {
  return s.meta ? graphToDefinition(s.meta, s.nodes, s.edges) : null;
}

export const selectNodes = (s: AppState) => s.nodes;
export const selectEdges = (s: AppState) => s.edges;
export const selectMeta = (s: AppState) => s.meta;
export const selectDirty = (s: AppState) => s.dirty;
export const selectSelectedId = (s: AppState) => s.selectedId;
export const selectIssues = (s: AppState) => s.issues;
export const selectDryRun = (s: AppState) => s.dryRun;
export const selectNodeDef = (id: string | null) => (s: AppState) => (id ? s.nodes.find((n) => n.id === id)?.data.node : undefined);
export const selectStartId = (s: AppState) => s.meta?.start ?? null;
export const selectHasIssue = (id: string) => (s: AppState) => s.issues.some((i) => i.nodeId === id);
export const selectStep = (id: string) => (s: AppState): DryRunStep | undefined => s.dryRun?.path.find((p) => p.nodeId === id);
export const selectNodeKind = (id: string) => (s: AppState): CanvasNodeKind | undefined => s.nodes.find((n) => n.id === id)?.type;
