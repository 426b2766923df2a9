// Our saved workflow format (CONTRACTS.md "Workflow definition JSON"). Nothing here knows about React Flow.

export interface Position {
  x: number;
  y: number;
}

export interface WorkflowNodeDef {
  id: string;
  type: string;
  name: string;
  enabled: boolean;
  rule: string | null;
  settings: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface WorkflowEdgeDef {
  from: string;
  port: string;
  to: string;
  [extra: string]: unknown;
}

/** Top-level fields other than the graph itself (unknown extra fields are kept as they are). */
export interface DefinitionMeta {
  key: string;
  name: string;
  description?: string;
  version: number;
  start: string;
  [extra: string]: unknown;
}

export interface WorkflowDefinition extends DefinitionMeta {
  nodes: WorkflowNodeDef[];
  edges: WorkflowEdgeDef[];
  layout: Record<string, Position>;
}

export const STANDARD_PORTS = ['done', 'failed', 'skipped'] as const;

export class DefinitionFormatError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the shape of an imported definition (file or server) before it reaches the canvas, so a
 * malformed file is reported instead of producing a half-drawn graph.
 */
export function parseDefinition(input: unknown): WorkflowDefinition {
  if (!isObject(input)) throw new DefinitionFormatError('A definition must be a JSON object.');
  const { key, name, nodes, edges } = input;
  if (typeof key !== 'string' || key.length === 0) throw new DefinitionFormatError('"key" must be a non-empty string.');
  if (typeof name !== 'string') throw new DefinitionFormatError('"name" must be a string.');
  if (!Array.isArray(nodes)) throw new DefinitionFormatError('"nodes" must be an array.');
  if (!Array.isArray(edges)) throw new DefinitionFormatError('"edges" must be an array.');
  const ids = new Set<string>();
  nodes.forEach((n, i) => {
    if (!isObject(n) || typeof n.id !== 'string' || typeof n.type !== 'string')
      throw new DefinitionFormatError(`nodes[${i}] needs a string "id" and "type".`);
    if (ids.has(n.id)) throw new DefinitionFormatError(`Duplicate node id "${n.id}".`);
    ids.add(n.id);
  });
  edges.forEach((e, i) => {
    if (!isObject(e) || typeof e.from !== 'string' || typeof e.to !== 'string' || typeof e.port !== 'string')
      throw new DefinitionFormatError(`edges[${i}] needs string "from", "port" and "to".`);
  });
  const layout = input.layout === undefined ? {} : input.layout;
  if (!isObject(layout)) throw new DefinitionFormatError('"layout" must be an object.');
  return {
    ...input,
    key,
    name,
    version: typeof input.version === 'number' ? input.version : 1,
    start: typeof input.start === 'string' ? input.start : ((nodes[0] as WorkflowNodeDef | undefined)?.id ?? ''),
    nodes: nodes.map((n) => ({
      ...(n as Record<string, unknown>),
      name: typeof n.name === 'string' ? n.name : (n.id as string),
      enabled: n.enabled !== false,
      rule: typeof n.rule === 'string' && n.rule.length > 0 ? n.rule : null,
      settings: isObject(n.settings) ? n.settings : {},
    })) as WorkflowNodeDef[],
    edges: edges as WorkflowEdgeDef[],
    layout: layout as Record<string, Position>,
  };
}
