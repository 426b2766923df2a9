// Module descriptors as served by GET /api/admin/workspaces/{ws}/modules (CONTRACTS.md).

export type SettingType =
  | 'bool'
  | 'int'
  | 'number'
  | 'string'
  | 'enum'
  | 'string_list'
  | 'rule'
  | 'url'
  | 'secret'
  /** Decision's ordered `[{name, rule}]`; each name becomes an output port. */
  | 'branches'
  /** An object of string → string (HTTP headers). */
  | 'string_map';

export type SettingOption = string | { value: string; label?: string };

export interface SettingDescriptor {
  name: string;
  label: string;
  type: SettingType;
  default?: unknown;
  min?: number | null;
  max?: number | null;
  required?: boolean;
  description?: string | null;
  options?: SettingOption[] | null;
}

export interface OutputDescriptor {
  name: string;
  type: 'bool' | 'int' | 'double' | 'string' | 'timestamp' | 'map' | 'list';
  description?: string | null;
  sensitive?: boolean;
}

export interface ModuleDescriptor {
  type: string;
  displayName: string;
  category: string;
  description?: string | null;
  interactive: boolean;
  sideEffects: boolean;
  ports: string[];
  settings: SettingDescriptor[];
  outputs: OutputDescriptor[];
}

export function groupByCategory(modules: readonly ModuleDescriptor[]): [string, ModuleDescriptor[]][] {
  const groups = new Map<string, ModuleDescriptor[]>();
  for (const m of modules) {
    const list = groups.get(m.category) ?? [];
    list.push(m);
    groups.set(m.category, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, list]) => [c, [...list].sort((x, y) => x.displayName.localeCompare(y.displayName))]);
}
