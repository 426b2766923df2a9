// The console against the server's real module catalog (fixtures/modules.json is GET /modules from the server)
// and the built-in selfie-registration definition shipped in workflows/.
import { describe, expect, it } from 'vitest';
import builtin from './fixtures/builtin-selfie-registration.json';
import catalog from './fixtures/modules.json';
import routing from './fixtures/routing.json';
import { parseDefinition, type WorkflowDefinition } from './definition';
import { definitionToGraph, graphToDefinition, nodePorts } from './graph';
import type { ModuleDescriptor, SettingType } from './modules';
import { validateSetting, validateSettings } from './settings';

const modules = catalog as unknown as ModuleDescriptor[];
const find = (type: string) => modules.find((m) => m.type === type)!;
const KNOWN: SettingType[] = ['bool', 'int', 'number', 'string', 'enum', 'string_list', 'rule', 'url', 'secret', 'branches', 'string_map'];

describe('real module catalog', () => {
  it('every setting type the server uses has an editor in the inspector', () => {
    const used = new Set(modules.flatMap((m) => m.settings.map((s) => s.type)));
    expect([...used].filter((t) => !KNOWN.includes(t))).toEqual([]);
    expect(used.has('branches')).toBe(true);
    expect(used.has('string_map')).toBe(true);
  });

  it('every default the server declares passes the console checks', () => {
    const bad = modules.flatMap((m) =>
      m.settings.filter((s) => s.default !== null && s.default !== undefined && validateSetting(s, s.default) !== null).map((s) => `${m.type}.${s.name}`),
    );
    expect(bad).toEqual([]);
  });

  it('the decision offers its branch names first, then else, failed, skipped', () => {
    const def = parseDefinition(JSON.parse(JSON.stringify(routing)));
    const route = def.nodes.find((n) => n.id === 'route')!;
    expect(nodePorts(route, find('decision').ports, def.edges)).toEqual(['germany', 'forced', 'else', 'failed', 'skipped']);
  });

  it('http_call headers (string_map) and decision branches of the fixture are valid settings', () => {
    const def = parseDefinition(JSON.parse(JSON.stringify(routing)));
    const notify = def.nodes.find((n) => n.id === 'notify')!;
    expect(validateSettings(find('http_call').settings, notify.settings)).toEqual({});
    const route = def.nodes.find((n) => n.id === 'route')!;
    // The second branch's rule is a syntax error only the server's rule checker finds; its shape is fine.
    expect(validateSettings(find('decision').settings, route.settings)).toEqual({});
  });
});

describe('built-in selfie-registration', () => {
  it('loads onto the canvas and saves back byte for byte', () => {
    const def = parseDefinition(JSON.parse(JSON.stringify(builtin))) as WorkflowDefinition;
    const g = definitionToGraph(def);
    expect(JSON.stringify(graphToDefinition(g.meta, g.nodes, g.edges))).toBe(JSON.stringify(builtin));
  });

  it('its settings are valid against the real descriptors', () => {
    for (const n of builtin.nodes) expect(validateSettings(find(n.type).settings, n.settings)).toEqual({});
  });

  it('toggling Enable changes only that node', () => {
    const def = parseDefinition(JSON.parse(JSON.stringify(builtin)));
    const g = definitionToGraph(def);
    const nodes = g.nodes.map((n) => (n.id === 'selfie' ? { ...n, data: { ...n.data, node: { ...n.data.node, enabled: false } } } : n));
    const back = graphToDefinition(g.meta, nodes, g.edges);
    expect(back.nodes.find((n) => n.id === 'selfie')!.enabled).toBe(false);
    expect({ ...back, nodes: back.nodes.filter((n) => n.id !== 'selfie') }).toEqual({ ...builtin, nodes: builtin.nodes.filter((n) => n.id !== 'selfie') });
  });
});
