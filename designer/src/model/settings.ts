// Turns what an admin typed into typed setting values and checks them against the descriptor,
// the same limits the server enforces at publish time, so mistakes show before a round trip.
import type { SettingDescriptor, SettingOption } from './modules';

export type RawInput = string | boolean;
export type Coerced = { ok: true; value: unknown } | { ok: false; error: string };

export function optionValues(options: readonly SettingOption[] | null | undefined): string[] {
  return (options ?? []).map((o) => (typeof o === 'string' ? o : o.value));
}

export function optionLabel(o: SettingOption): string {
  return typeof o === 'string' ? o : (o.label ?? o.value);
}

/** `undefined` as a value means "not set": the key is dropped and the module's default applies. */
export function coerceSetting(d: SettingDescriptor, raw: RawInput): Coerced {
  if (d.type === 'bool') {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    if (raw === 'true') return { ok: true, value: true };
    if (raw === 'false') return { ok: true, value: false };
    if (raw === '') return d.required ? { ok: false, error: 'Required.' } : { ok: true, value: undefined };
    return { ok: false, error: 'Must be true or false.' };
  }
  const text = typeof raw === 'boolean' ? String(raw) : raw;
  const trimmed = d.type === 'rule' || d.type === 'secret' || d.type === 'string' ? text : text.trim();
  if (trimmed.trim() === '') {
    if (d.required) return { ok: false, error: 'Required.' };
    return { ok: true, value: undefined };
  }
  let value: unknown;
  switch (d.type) {
    case 'int': {
      if (!/^[+-]?\d+$/.test(trimmed)) return { ok: false, error: 'Must be a whole number.' };
      value = Number(trimmed);
      if (!Number.isSafeInteger(value)) return { ok: false, error: 'Number is too large.' };
      break;
    }
    case 'number': {
      const n = Number(trimmed);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) || !Number.isFinite(n))
        return { ok: false, error: 'Must be a number.' };
      value = n;
      break;
    }
    case 'string_list':
      value = trimmed
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      break;
    default:
      value = trimmed;
  }
  const error = validateSetting(d, value);
  return error ? { ok: false, error } : { ok: true, value };
}

/** Checks one stored value; returns an error message or null. */
export function validateSetting(d: SettingDescriptor, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return d.required ? 'Required.' : null;
  switch (d.type) {
    case 'bool':
      return typeof value === 'boolean' ? null : 'Must be true or false.';
    case 'int':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Must be a number.';
      if (d.type === 'int' && !Number.isInteger(value)) return 'Must be a whole number.';
      if (d.min != null && value < d.min) return `Must be at least ${d.min}.`;
      if (d.max != null && value > d.max) return `Must be at most ${d.max}.`;
      return null;
    }
    case 'enum': {
      const allowed = optionValues(d.options);
      return typeof value === 'string' && allowed.includes(value) ? null : `Must be one of: ${allowed.join(', ')}.`;
    }
    case 'string_list': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return 'Must be a list of strings.';
      if (d.required && value.length === 0) return 'Required.';
      if (d.min != null && value.length < d.min) return `Needs at least ${d.min} entries.`;
      if (d.max != null && value.length > d.max) return `At most ${d.max} entries.`;
      return null;
    }
    case 'url': {
      if (typeof value !== 'string') return 'Must be a URL.';
      let u: URL;
      try {
        u = new URL(value);
      } catch {
        return 'Must be an absolute URL (https://…).';
      }
      return u.protocol === 'https:' || u.protocol === 'http:' ? null : 'Only http and https URLs are allowed.';
    }
    case 'branches': {
      if (!Array.isArray(value) || value.some((b) => !isBranch(b))) return 'Must be a list of branches with a name and a rule.';
      if (d.required && value.length === 0) return 'Required.';
      if (d.min != null && value.length < d.min) return `Needs at least ${d.min} branch${d.min === 1 ? '' : 'es'}.`;
      if (d.max != null && value.length > d.max) return `At most ${d.max} branches.`;
      const rows = branchErrors(value as Branch[]);
      const first = rows.findIndex((r) => r.name || r.rule);
      return first < 0 ? null : `Branch ${first + 1}: ${rows[first].name ?? rows[first].rule}`;
    }
    case 'string_map': {
      if (typeof value !== 'object' || Array.isArray(value) || Object.values(value as object).some((v) => typeof v !== 'string'))
        return 'Must be name → text pairs.';
      const n = Object.keys(value as object).length;
      if (d.required && n === 0) return 'Required.';
      if (d.min != null && n < d.min) return `Needs at least ${d.min} entries.`;
      if (d.max != null && n > d.max) return `At most ${d.max} entries.`;
      return Object.keys(value as object).some((k) => k.trim() === '') ? 'Every entry needs a name.' : null;
    }
    case 'string':
    case 'secret':
    case 'rule': {
      if (typeof value !== 'string') return 'Must be text.';
      if (d.min != null && value.length < d.min) return `At least ${d.min} characters.`;
      if (d.max != null && value.length > d.max) return `At most ${d.max} characters.`;
      return null;
    }
    default:
      return null;
  }
}

/** Errors for a whole settings object, keyed by setting name. Unknown keys are reported too. */
export function validateSettings(descriptors: readonly SettingDescriptor[], settings: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const d of descriptors) {
    const e = validateSetting(d, settings[d.name]);
    if (e) errors[d.name] = e;
  }
  const known = new Set(descriptors.map((d) => d.name));
  for (const k of Object.keys(settings)) if (!known.has(k)) errors[k] = 'Unknown setting for this module.';
  return errors;
}

/** What an input shows for a stored value (the inverse of coerceSetting). */
export function formatSetting(d: SettingDescriptor, value: unknown): RawInput {
  if (d.type === 'bool') return value === undefined ? '' : value === true;
  if (value === undefined || value === null) return '';
  if (d.type === 'string_list') return Array.isArray(value) ? value.join('\n') : String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Applies a coerced value: `undefined` removes the key so the default applies. */
export function withSetting(settings: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const next = { ...settings };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return next;
}

// ---- branches (Decision) ------------------------------------------------------------------------

export interface Branch {
  name: string;
  rule: string;
}

/** Port names a branch may not take: the engine's own ports. */
export const RESERVED_BRANCH_NAMES = ['done', 'failed', 'skipped', 'else'] as const;

function isBranch(v: unknown): v is Branch {
  return typeof v === 'object' && v !== null && typeof (v as Branch).name === 'string' && typeof (v as Branch).rule === 'string';
}

/** The branches of a stored value, tolerating older shapes (bare names, `port` instead of `name`). */
export function readBranches(value: unknown): Branch[] {
  if (!Array.isArray(value)) return [];
  return value.map((b) => {
    if (typeof b === 'string') return { name: b, rule: '' };
    if (typeof b === 'object' && b !== null) {
      const o = b as Record<string, unknown>;
      const name = typeof o.name === 'string' ? o.name : typeof o.port === 'string' ? o.port : '';
      return { ...o, name, rule: typeof o.rule === 'string' ? o.rule : '' } as Branch;
    }
    return { name: '', rule: '' };
  });
}

/** Per-branch problems, the same the engine reports at publish time (names unique, not reserved, ≤ 64; a rule). */
export function branchErrors(branches: readonly Branch[]): { name?: string; rule?: string }[] {
  const seen = new Set<string>();
  return branches.map((b) => {
    const e: { name?: string; rule?: string } = {};
    const name = b.name;
    if (!name.trim()) e.name = 'Needs a name.';
    else if (name.length > 64) e.name = 'At most 64 characters.';
    else if ((RESERVED_BRANCH_NAMES as readonly string[]).includes(name)) e.name = `"${name}" is a reserved port.`;
    else if (seen.has(name)) e.name = `"${name}" is used twice.`;
    seen.add(name);
    if (!b.rule.trim()) e.rule = 'Needs a rule.';
    return e;
  });
}

// ---- string_map (HTTP headers) -----------------------------------------------------------------

export interface MapRow {
  key: string;
  value: string;
}

export function mapToRows(value: unknown): MapRow[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: typeof v === 'string' ? v : JSON.stringify(v) }));
}

/** Rows as typed → the stored object. Blank rows are ignored; no rows unsets the setting. */
export function rowsToMap(d: SettingDescriptor, rows: readonly MapRow[]): Coerced {
  const out: Record<string, string> = {};
  for (const r of rows) {
    const key = r.key.trim();
    if (!key && !r.value) continue;
    if (!key) return { ok: false, error: 'Every entry needs a name.' };
    if (Object.prototype.hasOwnProperty.call(out, key)) return { ok: false, error: `"${key}" appears twice.` };
    out[key] = r.value;
  }
  if (Object.keys(out).length === 0) return d.required ? { ok: false, error: 'Required.' } : { ok: true, value: undefined };
  const error = validateSetting(d, out);
  return error ? { ok: false, error } : { ok: true, value: out };
}

// ---- server validation issues → settings fields ------------------------------------------------

export interface SettingTarget {
  name: string;
  index: number | null;
  part: string | null;
}

/**
 * Which setting a validation issue's `field` points at: `settings.attempts`, `settings.branches[1].rule`,
 * or a bare setting name. Only names in `settingNames` count, so `rule` (the node's rule) is not mistaken for a setting.
 */
export function settingTarget(field: string | null | undefined, settingNames: readonly string[]): SettingTarget | null {
  if (!field) return null;
  const m = /^(?:settings\.)?([A-Za-z0-9_]+)(?:\[(\d+)\])?(?:\.([A-Za-z0-9_]+))?$/.exec(field);
  if (!m || !settingNames.includes(m[1])) return null;
  if (!field.startsWith('settings.') && (m[2] !== undefined || m[3] !== undefined)) return null;
  return { name: m[1], index: m[2] === undefined ? null : Number(m[2]), part: m[3] ?? null };
}
