import { describe, expect, it } from 'vitest';
import { emptyRestoreRecord, isEmptyRestoreRecord, mergeRestoreRecords, parseRestoreRecord } from '../../src/core/auth0';

describe('restore records', () => {
  it('keeps the oldest value of each field across applies', () => {
    const first = { ...emptyRestoreRecord('t.auth0.com'), settings: { default_audience: '' }, connections: [{ id: 'c1', name: 'db', isDomainConnection: false }] };
    const second = { ...emptyRestoreRecord('t.auth0.com'), settings: { default_audience: 'https://a.example.com', resource_parameter_profile: 'audience' as const } };
    const merged = mergeRestoreRecords(first, second);
    expect(merged.settings).toEqual({ default_audience: '', resource_parameter_profile: 'audience' });
    expect(merged.connections).toEqual(first.connections);
  });

  it('does not mix tenants', () => {
    const other = { ...emptyRestoreRecord('other.auth0.com'), settings: { default_audience: 'x' } };
    const mine = emptyRestoreRecord('t.auth0.com');
    expect(mergeRestoreRecords(other, mine)).toBe(mine);
  });

  it('round-trips through JSON and rejects anything else', () => {
    const record = { ...emptyRestoreRecord('t.auth0.com'), flags: { enable_dynamic_client_registration: false } };
    expect(parseRestoreRecord(JSON.stringify(record))).toEqual(record);
    expect(parseRestoreRecord('{"version":2}')).toBeUndefined();
    expect(parseRestoreRecord('not json')).toBeUndefined();
    expect(isEmptyRestoreRecord(emptyRestoreRecord('t'))).toBe(true);
    expect(isEmptyRestoreRecord(record)).toBe(false);
  });
});
