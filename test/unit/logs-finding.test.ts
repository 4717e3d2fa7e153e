// A failure in the tenant's log turns the step it names red only when it is news: newer than the step's last reading
// or write, a real sign-in's (not the verifier's own probe), and with a fix that applies a step.
import { describe, expect, it } from 'vitest';
import { failures, ordinary, type Raw } from '../support/log-events';
import { toLogEvent, type LogEvent } from '../../src/core/logs/event';
import { diagnose } from '../../src/core/logs/diagnose';
import { logFinding } from '../../src/core/logs/finding';
import { VERIFY_CLIENT_NAME } from '../../src/core/logs/catalogue';

const ev = (raw: Raw): LogEvent => toLogEvent(raw)!;
const at = (raw: Raw, date: string) => ev({ ...raw, date });
const READ = Date.parse('2026-12-06T08:00:00Z');
const find = (event: LogEvent, since: number | undefined = READ) => logFinding(event, diagnose(event), () => since);
const neverRead = (event: LogEvent) => logFinding(event, diagnose(event), () => undefined);

describe('logFinding', () => {
  it('names the step its fix applies, with the log as its source, for an event after the reading', () => {
    const finding = find(at(failures['no-connections']!(), '2026-12-06T08:00:05Z'));
    expect(finding).toMatchObject({ stepId: 'auth0.connections', source: 'logs', action: { kind: 'apply', stepId: 'auth0.connections' } });
    expect(finding!.problem).toMatch(/connection/i);
  });

  it('takes an event from before the reading (or at it) as history', () => {
    expect(find(at(failures['no-connections']!(), '2026-12-06T07:59:59Z'))).toBeUndefined();
    expect(find(at(failures['no-connections']!(), '2026-12-06T08:00:00Z'))).toBeUndefined();
  });

  it('makes nothing of a step never read here, an unreadable date, the verifier’s own refusals or an ordinary event', () => {
    expect(neverRead(at(failures['no-connections']!(), '2026-12-06T08:00:05Z'))).toBeUndefined();
    expect(find(at(failures['no-connections']!(), 'not a date'))).toBeUndefined();
    expect(find(at({ ...failures['no-connections']!(), client_name: VERIFY_CLIENT_NAME }, '2026-12-06T08:00:05Z'))).toBeUndefined();
    const [first] = Object.values(ordinary);
    expect(find(at(first!(), '2026-12-06T08:00:05Z'))).toBeUndefined();
  });
});
