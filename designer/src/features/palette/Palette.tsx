import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { groupByCategory, type ModuleDescriptor } from '../../model/modules';
import { selectModules, useAppStore } from '../../store';
import { MODULE_MIME } from '../canvas/Canvas';

/** Module catalog grouped by category; drag onto the canvas, or press Enter/click to add at the centre. */
export function Palette() {
  const modules = useAppStore(selectModules);
  const addModuleNode = useAppStore((s) => s.addModuleNode);
  const { screenToFlowPosition } = useReactFlow();
  const [filter, setFilter] = useState('');

  const groups = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const shown = f ? modules.filter((m) => m.displayName.toLowerCase().includes(f) || m.type.includes(f) || m.category.includes(f)) : modules;
    return groupByCategory(shown);
  }, [modules, filter]);

  function addAtCentre(m: ModuleDescriptor) {
    const r = document.querySelector('.canvas')?.getBoundingClientRect();
    const p = r ? screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 200, y: 200 };
    addModuleNode(m.type, m.displayName, { x: p.x - 110 + Math.random() * 40, y: p.y - 30 + Math.random() * 40 });
  }

  return (
    <aside className="palette" aria-label="Modules">
      <div className="panel-title">Modules</div>
      <input className="palette-search" placeholder="Search modules" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {modules.length === 0 && <p className="muted small pad">The module catalog is empty.</p>}
      {groups.map(([category, list]) => (
        <div key={category} className="palette-group">
          <div className="palette-cat">{category}</div>
          {list.map((m) => (
            <div
              key={m.type}
              className={`palette-item cat-${m.category.replace(/[^a-z0-9_-]/gi, '')}`}
              draggable
              role="button"
              tabIndex={0}
              title={m.description ?? m.displayName}
              onDragStart={(e) => {
                e.dataTransfer.setData(MODULE_MIME, m.type);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onDoubleClick={() => addAtCentre(m)}
              onKeyDown={(e) => e.key === 'Enter' && addAtCentre(m)}
            >
              <span className="palette-dot" aria-hidden="true" />
              <span className="palette-name">{m.displayName}</span>
              {m.interactive && (
                <span className="palette-flag" title="Needs the person">
                  ●
                </span>
              )}
            </div>
          ))}
        </div>
      ))}
      <p className="muted small pad">Drag a module onto the canvas, or double-click it.</p>
    </aside>
  );
}
