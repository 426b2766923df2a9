import { Background, Controls, MiniMap, ReactFlow, applyEdgeChanges, applyNodeChanges, useReactFlow, type EdgeChange, type NodeChange, type NodeTypes } from '@xyflow/react';
import { useCallback, useMemo, type DragEvent } from 'react';
import { edgeId } from '../../model/graph';
import { selectDryRun, selectEdges, selectModules, selectNodes, useAppStore, type FlowEdge, type FlowNode } from '../../store';
import { WorkflowNode } from './WorkflowNode';

export const MODULE_MIME = 'application/x-wfp-module';

// Module level so React Flow never sees a new object and re-mounts every node.
const nodeTypes: NodeTypes = { module: WorkflowNode, end: WorkflowNode };

export function Canvas() {
  const nodes = useAppStore(selectNodes);
  const edges = useAppStore(selectEdges);
  const dryRun = useAppStore(selectDryRun);
  const modules = useAppStore(selectModules);
  const nodesChanged = useAppStore((s) => s.nodesChanged);
  const edgesChanged = useAppStore((s) => s.edgesChanged);
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => nodesChanged(changes, applyNodeChanges(changes, useAppStore.getState().nodes)),
    [nodesChanged],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => edgesChanged(changes, applyEdgeChanges(changes, useAppStore.getState().edges)),
    [edgesChanged],
  );
  const connect = useAppStore((s) => s.connect);
  const addModuleNode = useAppStore((s) => s.addModuleNode);
  const select = useAppStore((s) => s.select);
  const { screenToFlowPosition } = useReactFlow();

  // Edges the dry run walked: each step's port leads to the next step's node.
  const styledEdges = useMemo(() => {
    if (!dryRun) return edges;
    const walked = new Set<string>();
    dryRun.path.forEach((s, i) => {
      const next = dryRun.path[i + 1];
      if (next && s.port) walked.add(edgeId({ from: s.nodeId, port: s.port, to: next.nodeId }));
    });
    return edges.map((e) => (walked.has(e.id) ? { ...e, animated: true, className: 'edge-on-path' } : { ...e, className: 'edge-off-path' }));
  }, [edges, dryRun]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(MODULE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(MODULE_MIME);
      const d = modules.find((m) => m.type === type);
      if (!d) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addModuleNode(d.type, d.displayName, { x: p.x - 110, y: p.y - 30 });
    },
    [modules, screenToFlowPosition, addModuleNode],
  );

  return (
    <div className="canvas" onDrop={onDrop} onDragOver={onDragOver}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={styledEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onPaneClick={() => select(null)}
        deleteKeyCode={['Backspace', 'Delete']}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        fitView
        fitViewOptions={{ padding: 0.08, maxZoom: 1 }}
        minZoom={0.2}
        snapToGrid
        snapGrid={[10, 10]}
      >
        <Background gap={20} size={1.2} />
        <Controls position="bottom-left" />
        <MiniMap position="bottom-right" pannable zoomable nodeStrokeWidth={2} nodeColor="#c5cde3" style={{ width: 150, height: 96 }} />
      </ReactFlow>
    </div>
  );
}
