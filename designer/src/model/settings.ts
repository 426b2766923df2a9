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
  return String(value);
}

/** Applies a coerced value: `undefined` removes the key so the default applies. */
export function withSetting(settings: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const next = { ...settings };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return next;
}
