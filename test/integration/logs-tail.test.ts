// The log tail against the Management API stand-in over HTTP, through the engine's session and the real auth0 SDK.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManagementSession } from '../../src/core/auth0';
import { createSdkLogSource } from '../../src/core/logs/sdk-source';
import { LogTail, type TailStatus } from '../../src/core/logs/tail';
import type { LogEvent } from '../../src/core/logs/event';
import { startManagementApiStandin, standinConnection, type ManagementApiStandin } from '../support/management-api-standin';
import { failures, ordinary } from '../support/log-events';

let standin: ManagementApiStandin;
let tail: LogTail | undefined;

beforeEach(async () => {
  standin = await startManagementApiStandin({ seed: { logs: [ordinary['successful login'](), failures['no-connections'](), ordinary['DCR registration']()] } });
});

afterEach(async () => {
  await tail?.stop();
  tail = undefined;
  await standin.close();
});

function startTail(options: { query?: string; intervalMs?: number } = {}) {
  const session = createManagementSession(standinConnection(standin));
  const received: LogEvent[] = [];
  const batches: string[][] = [];
  const statuses: TailStatus[] = [];
  tail = new LogTail({
    source: createSdkLogSource(session),
    intervalMs: options.intervalMs ?? 40,
    query: options.query,
    perPage: 10,
    onEvents: (events) => {
      received.push(...events);
      batches.push(events.map((e) => e.type));
    },
    onStatus: (s) => statuses.push(s),
  });
  tail.start();
  return { received, batches, statuses, tail };
}

const logReads = () => standin.requests.filter((r) => r.path === '/api/v2/logs');

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('log tail against the stand-in', () => {
  it('searches with q and sort=date:-1 (not the SDK\'s "search"), then polls from the newest log_id with take', async () => {
    const { received, batches } = startTail({ query: 'type:f' });
    await until(() => logReads().length >= 3);

    const [search, ...polls] = logReads();
    expect(search.query.get('q')).toBe('type:f');
    expect(search.query.get('sort')).toBe('date:-1');
    expect(search.query.get('per_page')).toBe('10');
    expect(search.query.has('search')).toBe(false);
    // The search honoured q: only the failure came back. Checkpoint polls ignore q (as Auth0 does), so the
    // DCR registration logged after it arrives with the first poll; callers filter with isRelevant().
    expect(batches.slice(0, 2)).toEqual([['f'], ['sapi']]);
    const newest = standin.data.logs[1].log_id;
    expect(polls[0].query.get('from')).toBe(newest);
    expect(polls[0].query.get('take')).toBe('100');

    // New events arrive once each, in order, whatever the checkpoint pages repeat.
    standin.data.logs.push(failures['service-not-found'](), failures['wrong-password']());
    await until(() => received.length === 4);
    await until(() => logReads().length >= polls.length + 4);
    expect(received.map((e) => e.type)).toEqual(['f', 'sapi', 'f', 'fp']);
    expect(new Set(received.map((e) => e.log_id)).size).toBe(4);
  });

  it('backs off for as long as a 429 says (Retry-After), without the SDK retrying on its own', async () => {
    const { received, statuses } = startTail();
    await until(() => received.length === 3);
    standin.fail({ status: 429, path: '/api/v2/logs', retryAfterSeconds: 1 });
    standin.data.logs.push(failures['pkce-verifier']());
    await until(() => received.length === 4);

    const limited = logReads().findIndex((r) => r.status === 429);
    const [rejected, next] = logReads().slice(limited, limited + 2);
    expect(next.at - rejected.at).toBeGreaterThanOrEqual(900);
    expect(statuses.find((s) => s.state === 'backing-off')).toMatchObject({ nextPollInMs: expect.any(Number) });
    expect(statuses.find((s) => s.state === 'backing-off')!.nextPollInMs).toBeGreaterThan(900);
    expect(statuses.at(-1)?.state).toBe('running');
    expect(received.at(-1)?.description).toBe('Failed to verify code verifier');
  });

  it('sends no requests while paused, and polls straight away on resume', async () => {
    const { received, tail } = startTail();
    await until(() => received.length === 3);
    tail.pause();
    await tail.idle(); // a poll under way may still finish
    const before = logReads().length;
    standin.data.logs.push(failures['callback-mismatch']());
    // Paused and idle, with no poll scheduled: it sends nothing until resumed (polls start only from its timer).
    expect(tail.scheduled).toBe(false);
    expect(tail.status.state).toBe('paused');
    expect(logReads().length).toBe(before);
    expect(received).toHaveLength(3);

    tail.resume();
    await until(() => received.length === 4);
    expect(received[3].description).toMatch(/^Callback URL mismatch/);
  });

  it('stops polling with the scope to grant when the credentials lack read:logs', async () => {
    standin.fail({ status: 403, path: '/api/v2/logs', scope: 'read:logs' });
    const { statuses, tail: failing } = startTail();
    await until(() => statuses.some((s) => s.state === 'failed'));
    const failed = statuses.find((s) => s.state === 'failed')!;
    expect(failed.error?.message).toContain('read:logs');
    await failing.idle();
    // Failed for good: nothing scheduled, so no further request can go out.
    expect(failing.scheduled).toBe(false);
    expect(logReads()).toHaveLength(1);
  });
});
