import { describe, expect, it } from 'vitest';
import type { SettingDescriptor } from './modules';
import { branchErrors, coerceSetting, formatSetting, mapToRows, readBranches, rowsToMap, settingTarget, validateSetting, validateSettings, withSetting } from './settings';

const d = (over: Partial<SettingDescriptor>): SettingDescriptor => ({ name: 'x', label: 'X', type: 'string', ...over });

describe('coerceSetting', () => {
  it('int: parses whole numbers and enforces min/max', () => {
    const attempts = d({ name: 'attempts', type: 'int', min: 1, max: 5, default: 3 });
    expect(coerceSetting(attempts, ' 4 ')).toEqual({ ok: true, value: 4 });
    expect(coerceSetting(attempts, '0')).toEqual({ ok: false, error: 'Must be at least 1.' });
    expect(coerceSetting(attempts, '6')).toEqual({ ok: false, error: 'Must be at most 5.' });
    expect(coerceSetting(attempts, '2.5')).toEqual({ ok: false, error: 'Must be a whole number.' });
    expect(coerceSetting(attempts, 'abc').ok).toBe(false);
    expect(coerceSetting(attempts, '99999999999999999999')).toEqual({ ok: false, error: 'Number is too large.' });
  });
  it('empty input unsets an optional setting and fails a required one', () => {
    expect(coerceSetting(d({ type: 'int' }), '')).toEqual({ ok: true, value: undefined });
    expect(coerceSetting(d({ type: 'int', required: true }), '  ')).toEqual({ ok: false, error: 'Required.' });
  });
  it('number: accepts decimals and exponents, rejects junk', () => {
    const t = d({ type: 'number', min: 0, max: 1 });
    expect(coerceSetting(t, '0.75')).toEqual({ ok: true, value: 0.75 });
    expect(coerceSetting(t, '5e-1')).toEqual({ ok: true, value: 0.5 });
    expect(coerceSetting(t, '1.5')).toEqual({ ok: false, error: 'Must be at most 1.' });
    expect(coerceSetting(t, '0x10').ok).toBe(false);
    expect(coerceSetting(t, 'Infinity').ok).toBe(false);
  });
  it('bool: booleans and their text', () => {
    expect(coerceSetting(d({ type: 'bool' }), true)).toEqual({ ok: true, value: true });
    expect(coerceSetting(d({ type: 'bool' }), 'false')).toEqual({ ok: true, value: false });
    expect(coerceSetting(d({ type: 'bool' }), 'yes').ok).toBe(false);
  });
  it('enum: only listed options, as strings or objects', () => {
    const outcome = d({ type: 'enum', options: ['approved', 'declined', 'review'] });
    expect(coerceSetting(outcome, 'review')).toEqual({ ok: true, value: 'review' });
    expect(coerceSetting(outcome, 'maybe')).toEqual({ ok: false, error: 'Must be one of: approved, declined, review.' });
    const action = d({ type: 'enum', options: [{ value: 'fail', label: 'Fail' }, { value: 'flag' }] });
    expect(coerceSetting(action, 'flag')).toEqual({ ok: true, value: 'flag' });
  });
  it('string_list: one entry per line, blanks dropped, count limits', () => {
    const list = d({ type: 'string_list', max: 2 });
    expect(coerceSetting(list, 'a\n\n b \n')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(coerceSetting(list, 'a\nb\nc')).toEqual({ ok: false, error: 'At most 2 entries.' });
  });
  it('url: absolute http(s) only', () => {
    const url = d({ type: 'url' });
    expect(coerceSetting(url, 'https://crm.example.com/hook')).toEqual({ ok: true, value: 'https://crm.example.com/hook' });
    expect(coerceSetting(url, 'crm.example.com').ok).toBe(false);
    expect(coerceSetting(url, 'javascript:alert(1)')).toEqual({ ok: false, error: 'Only http and https URLs are allowed.' });
  });
  it('string and secret keep surrounding spaces and check length', () => {
    expect(coerceSetting(d({ type: 'secret' }), ' s3cret ')).toEqual({ ok: true, value: ' s3cret ' });
    expect(coerceSetting(d({ type: 'string', max: 3 }), 'abcd')).toEqual({ ok: false, error: 'At most 3 characters.' });
  });
});

describe('validateSettings', () => {
  const schema: SettingDescriptor[] = [
    d({ name: 'attempts', type: 'int', min: 1, max: 5 }),
    d({ name: 'outcome', type: 'enum', options: ['approved', 'declined'], required: true }),
  ];
  it('reports each bad field, missing required ones and unknown keys', () => {
    expect(validateSettings(schema, { attempts: 9, extra: 1 })).toEqual({
      attempts: 'Must be at most 5.',
      outcome: 'Required.',
      extra: 'Unknown setting for this module.',
    });
  });
  it('is empty for valid settings; unset optional settings are fine', () => {
    expect(validateSettings(schema, { outcome: 'approved' })).toEqual({});
  });
  it('rejects values of the wrong JSON type from an imported file', () => {
    expect(validateSetting(schema[0], '3')).toBe('Must be a number.');
    expect(validateSetting(d({ type: 'bool' }), 'true')).toBe('Must be true or false.');
    expect(validateSetting(d({ type: 'string_list' }), ['a', 2])).toBe('Must be a list of strings.');
  });
});

describe('formatSetting / withSetting', () => {
  it('format is the inverse of coerce', () => {
    const list = d({ type: 'string_list' });
    const c = coerceSetting(list, formatSetting(list, ['a', 'b']));
    expect(c).toEqual({ ok: true, value: ['a', 'b'] });
    expect(formatSetting(d({ type: 'int' }), undefined)).toBe('');
  });
  it('undefined removes the key so the default applies', () => {
    expect(withSetting({ attempts: 3, keep: true }, 'attempts', undefined)).toEqual({ keep: true });
    expect(withSetting({}, 'attempts', 2)).toEqual({ attempts: 2 });
  });
});

describe('branches (Decision)', () => {
  const branches = d({ name: 'branches', type: 'branches', required: true, min: 1, max: 3 });
  it('accepts an ordered list of {name, rule}', () => {
    expect(validateSetting(branches, [{ name: 'de', rule: 'request.metadata.country == "DE"' }, { name: 'rest', rule: 'true' }])).toBeNull();
  });
  it('reports shape, count and the first row problem', () => {
    expect(validateSetting(branches, undefined)).toBe('Required.');
    expect(validateSetting(branches, [])).toBe('Required.');
    expect(validateSetting(branches, ['de'])).toMatch(/name and a rule/);
    expect(validateSetting(branches, [1, 2, 3, 4].map((i) => ({ name: `b${i}`, rule: 'true' })))).toBe('At most 3 branches.');
    expect(validateSetting(branches, [{ name: 'else', rule: 'true' }])).toBe('Branch 1: "else" is a reserved port.');
    expect(validateSetting(branches, [{ name: 'a', rule: 'true' }, { name: 'a', rule: 'false' }])).toBe('Branch 2: "a" is used twice.');
    expect(validateSetting(branches, [{ name: 'a', rule: ' ' }])).toBe('Branch 1: Needs a rule.');
  });
  it('branchErrors marks each row like the engine does', () => {
    expect(branchErrors([{ name: '', rule: 'true' }, { name: 'x'.repeat(65), rule: '' }, { name: 'done', rule: 'true' }])).toEqual([
      { name: 'Needs a name.' },
      { name: 'At most 64 characters.', rule: 'Needs a rule.' },
      { name: '"done" is a reserved port.' },
    ]);
  });
  it('readBranches tolerates bare names and `port`, and keeps extra fields', () => {
    expect(readBranches(['a', { port: 'b', rule: 'true' }, { name: 'c', rule: 'x', note: 1 }, 7])).toEqual([
      { name: 'a', rule: '' },
      { port: 'b', name: 'b', rule: 'true' },
      { name: 'c', rule: 'x', note: 1 },
      { name: '', rule: '' },
    ]);
    expect(readBranches(undefined)).toEqual([]);
  });
});

describe('string_map (headers)', () => {
  const headers = d({ name: 'headers', type: 'string_map', max: 2 });
  it('rows become an object; blank rows are ignored; no rows unsets the setting', () => {
    expect(rowsToMap(headers, [{ key: ' X-Tenant ', value: 'shop' }, { key: '', value: '' }])).toEqual({ ok: true, value: { 'X-Tenant': 'shop' } });
    expect(rowsToMap(headers, [{ key: '', value: '' }])).toEqual({ ok: true, value: undefined });
    expect(rowsToMap({ ...headers, required: true }, [])).toEqual({ ok: false, error: 'Required.' });
  });
  it('refuses a value without a name, a repeated name and too many entries', () => {
    expect(rowsToMap(headers, [{ key: '', value: 'v' }])).toEqual({ ok: false, error: 'Every entry needs a name.' });
    expect(rowsToMap(headers, [{ key: 'A', value: '1' }, { key: 'A', value: '2' }])).toEqual({ ok: false, error: '"A" appears twice.' });
    expect(rowsToMap(headers, [{ key: 'A', value: '1' }, { key: 'B', value: '2' }, { key: 'C', value: '3' }])).toEqual({ ok: false, error: 'At most 2 entries.' });
  });
  it('validates stored values and turns them back into rows', () => {
    expect(validateSetting(headers, { A: '1' })).toBeNull();
    expect(validateSetting(headers, { A: 1 })).toBe('Must be name → text pairs.');
    expect(validateSetting(headers, ['A'])).toBe('Must be name → text pairs.');
    expect(mapToRows({ A: '1', B: 2 })).toEqual([{ key: 'A', value: '1' }, { key: 'B', value: '2' }]);
    expect(mapToRows(null)).toEqual([]);
  });
});

describe('settingTarget', () => {
  const names = ['branches', 'attempts', 'headers'];
  it('maps the engine\'s field paths to a setting, row and part', () => {
    expect(settingTarget('settings.branches[1].rule', names)).toEqual({ name: 'branches', index: 1, part: 'rule' });
    expect(settingTarget('settings.branches[0]', names)).toEqual({ name: 'branches', index: 0, part: null });
    expect(settingTarget('settings.attempts', names)).toEqual({ name: 'attempts', index: null, part: null });
    expect(settingTarget('attempts', names)).toEqual({ name: 'attempts', index: null, part: null });
  });
  it('ignores node fields and settings the module does not have', () => {
    expect(settingTarget('rule', names)).toBeNull();
    expect(settingTarget('settings.unknown', names)).toBeNull();
    expect(settingTarget('branches[0].rule', names)).toBeNull();
    expect(settingTarget(null, names)).toBeNull();
  });
});
