import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/plan/types';
import { toLogEvent, type LogEvent } from '../../src/core/logs/event';
import { RateLimitedError, retryAfterMs, type LogSource } from '../../src/core/logs/source';
import { LogTail, type TailStatus, type TailTimers } from '../../src/core/logs/tail';

/** Timers that only move when the test says so. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  const flush = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  const timers: TailTimers = {
    setTimeout: (run, ms) => {
      const id = nextId++;
      due.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (id) => void due.delete(id as number),
    now: () => now,
  };
  return {
    timers,
    pending: () => [...due.values()].map((t) => t.at - now),
    /** Moves the clock, running each timer that comes due and letting its poll settle. */
    async advance(ms: number) {
      const until = now + ms;
      await flush();
      for (;;) {
        const next = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > until) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].run();
        await flush();
      }
      now = until;
    },
  };
}

const log = (n: number): LogEvent =>
  toLogEvent({ log_id: `id${String(n).padStart(4, '0')}`, date: '2026-05-01T12:00:00Z', type: 'f', description: `event ${n}` })!;

/** A tenant log the fake source reads like the Management API: search newest first, checkpoint after an id. */
function fakeSource(events: LogEvent[]) {
  const calls: string[] = [];
  const failures: Array<unknown> = [];
  const source: LogSource = {
    async search({ q, perPage }) {
      calls.push(`search q=${q ?? ''} per_page=${perPage}`);
      if (failures.length) throw failures.shift();
      return [...events].reverse().slice(0, perPage);
    },
    async fromCheckpoint({ from, take }) {
      calls.push(`from=${from} take=${take}`);
      if (failures.length) throw failures.shift();
      const i = events.findIndex((e) => e.log_id === from);
      return events.slice(i + 1, i + 1 + take);
    },
  };
  return { source, calls, failures, events };
}

function makeTail(source: LogSource, timers: TailTimers, extra: Partial<ConstructorParameters<typeof LogTail>[0]> = {}) {
  const batches: string[][] = [];
  const statuses: TailStatus[] = [];
  const tail = new LogTail({
    source,
    timers,
    intervalMs: 1000,
    backoffMaxMs: 8000,
    onEvents: (events) => batches.push(events.map((e) => e.description!)),
    onStatus: (s) => statuses.push(s),
    ...extra,
  });
  return { tail, batches, statuses };
}

describe('LogTail', () => {
  it('searches for the newest events first, then polls from the newest log_id, delivering oldest first', async () => {
    const clock = manualTimers();
    const fake = fakeSource([log(1), log(2), log(3)]);
    const { tail, batches } = makeTail(fake.source, clock.timers, { query: 'type:f', perPage: 2 });
    tail.start();
    await clock.advance(0);
    expect(fake.calls).toEqual(['search q=type:f per_page=2']);
    expect(batches).toEqual([['event 2', 'event 3']]);

    fake.events.push(log(4), log(5));
    await clock.advance(1000);
    expect(fake.calls.at(-1)).toBe('from=id0003 take=100');
    expect(batches.at(-1)).toEqual(['event 4', 'event 5']);

    await clock.advance(1000);
    expect(fake.calls.at(-1)).toBe('from=id0005 take=100');
    expect(batches).toHaveLength(2); // nothing new, no empty batch
    await tail.stop();
  });

  it('keeps searching while the tenant has no events yet, and never repeats an event', async () => {
    const clock = manualTimers();
    const fake = fakeSource([]);
    const { tail, batches } = makeTail(fake.source, clock.timers);
    tail.start();
    await clock.advance(0);
    fake.events.push(log(1));
    await clock.advance(1000);
    fake.events.push(log(2));
    await clock.advance(1000);
    expect(fake.calls.map((c) => c.split(' ')[0])).toEqual(['search', 'search', 'from=id0001']);
    expect(batches).toEqual([['event 1'], ['event 2']]);
    await tail.stop();
  });

  it('drops events it has already delivered when a page repeats them', async () => {
    const clock = manualTimers();
    const events = [log(1), log(2)];
    let repeat = false;
    const source: LogSource = {
      search: async () => [...events].reverse(),
      // A checkpoint answer that overlaps what the search returned.
      fromCheckpoint: async () => (repeat ? [log(2), log(3)] : []),
    };
    const { tail, batches } = makeTail(source, clock.timers);
    tail.start();
    await clock.advance(0);
    repeat = true;
    await clock.advance(1000);
    expect(batches).toEqual([['event 1', 'event 2'], ['event 3']]);
    await tail.stop();
  });

  it('catches up at once when a checkpoint page is full', async () => {
    const clock = manualTimers();
    const fake = fakeSource([log(1)]);
    const { tail, batches } = makeTail(fake.source, clock.timers, { take: 2 });
    tail.start();
    await clock.advance(0);
    fake.events.push(log(2), log(3), log(4));
    await clock.advance(1000);
    expect(batches.slice(1)).toEqual([['event 2', 'event 3'], ['event 4']]);
    await tail.stop();
  });

  it('waits as long as a 429 asks, then continues where it stopped', async () => {
    const clock = manualTimers();
    const fake = fakeSource([log(1)]);
    const { tail, batches, statuses } = makeTail(fake.source, clock.timers);
    tail.start();
    await clock.advance(0);
    fake.failures.push(new RateLimitedError(5000));
    fake.events.push(log(2));
    await clock.advance(1000);
    expect(tail.status).toMatchObject({ state: 'backing-off', nextPollInMs: 5000 });
    expect(statuses.at(-1)?.error?.message).toMatch(/rate-limited/);
    await clock.advance(4999);
    expect(fake.calls).toHaveLength(2);
    await clock.advance(1);
    expect(fake.calls).toHaveLength(3);
    expect(batches.at(-1)).toEqual(['event 2']);
    expect(tail.status.state).toBe('running');
    await tail.stop();
  });

  it('backs off exponentially without a server hint, capped, and resets after a success', async () => {
    const clock = manualTimers();
    const fake = fakeSource([log(1)]);
    const { tail, statuses } = makeTail(fake.source, clock.timers);
    tail.start();
    await clock.advance(0);
    fake.failures.push(
      new RateLimitedError(undefined),
      new RateLimitedError(undefined),
      new UserError('HTTP 503', 'later', 'server_error'),
      new RateLimitedError(undefined),
      new RateLimitedError(undefined),
    );
    await clock.advance(1000 + 1000 + 2000 + 4000 + 8000 + 8000);
    const waits = statuses.filter((s) => s.state === 'backing-off').map((s) => s.nextPollInMs);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(tail.status).toEqual({ state: 'running', nextPollInMs: 1000 });
    await tail.stop();
  });

  it('stops polling while paused and polls at once on resume, from the same checkpoint', async () => {
    const clock = manualTimers();
    const fake = fakeSource([log(1)]);
    const { tail, batches } = makeTail(fake.source, clock.timers);
    tail.start();
    await clock.advance(0);
    tail.pause();
    expect(tail.status.state).toBe('paused');
    fake.events.push(log(2));
    await clock.advance(60_000);
    expect(fake.calls).toHaveLength(1);
    expect(clock.pending()).toEqual([]);
    tail.resume();
    await clock.advance(0);
    expect(fake.calls.at(-1)).toBe('from=id0001 take=100');
    expect(batches.at(-1)).toEqual(['event 2']);
    await tail.stop();
  });

  it('stops on errors only the user can fix, and retries on resume', async () => {
    const clock = manualTimers();
    const fake = fakeSource([log(1)]);
    const { tail, batches } = makeTail(fake.source, clock.timers);
    fake.failures.push(new UserError('The Management API credentials lack the scope read:logs.', 'Grant read:logs.', 'insufficient_scope'));
    tail.start();
    await clock.advance(10_000);
    expect(tail.status.state).toBe('failed');
    expect(tail.status.error?.fix).toBe('Grant read:logs.');
    expect(fake.calls).toHaveLength(1);
    tail.resume();
    await clock.advance(0);
    expect(batches).toEqual([['event 1']]);
    await tail.stop();
  });

  it('fails on a search query the tenant refuses', async () => {
    const clock = manualTimers();
    const fake = fakeSource([]);
    fake.failures.push(new UserError('Auth0 refused reading the tenant logs (HTTP 400: bad query).', 'Check the query.', 'http_400'));
    const { tail } = makeTail(fake.source, clock.timers, { query: 'type:(' });
    tail.start();
    await clock.advance(5000);
    expect(tail.status.state).toBe('failed');
    expect(fake.calls).toHaveLength(1);
  });

  it('stop() waits for a poll under way and drops its events', async () => {
    const clock = manualTimers();
    let release: (events: LogEvent[]) => void = () => {};
    const source: LogSource = { search: () => new Promise((r) => (release = r)), fromCheckpoint: async () => [] };
    const { tail, batches } = makeTail(source, clock.timers);
    tail.start();
    await clock.advance(0);
    let stopped = false;
    const stopping = tail.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release([log(1)]);
    await stopping;
    expect(batches).toEqual([]);
    expect(tail.status.state).toBe('stopped');
    tail.resume();
    expect(tail.status.state).toBe('stopped');
  });
});

describe('retryAfterMs', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('reads Retry-After seconds, an HTTP date, or X-RateLimit-Reset', () => {
    expect(retryAfterMs(h({ 'retry-after': '3' }), 0)).toBe(3000);
    expect(retryAfterMs(h({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(h({ 'x-ratelimit-reset': '100' }), 97_500)).toBe(2500);
    expect(retryAfterMs(h({ 'x-ratelimit-reset': '100' }), 200_000)).toBe(0);
    expect(retryAfterMs(h({}), 0)).toBeUndefined();
    expect(retryAfterMs(undefined, 0)).toBeUndefined();
  });
});
