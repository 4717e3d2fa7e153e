// A live tail of the tenant logs, as the Auth0 CLI does it: one search for the newest events, then checkpoint
// polling (`from` = the newest log_id seen) at an interval, de-duplicated by log_id. It backs off on 429 (the
// server's Retry-After / X-RateLimit-Reset, else exponential, capped) and on transient failures, stops polling on
// errors only the user can fix (credentials, scopes), and can be paused while nobody is looking.

import { UserError, errorMessage, type ErrorCode } from '../plan/types';
import type { LogEvent } from './event';
import { RateLimitedError, type LogSource } from './source';

export type TailState = 'idle' | 'running' | 'backing-off' | 'paused' | 'failed' | 'stopped';

export interface TailStatus {
  state: TailState;
  /** The last failure, while backing off or failed. */
  error?: UserError;
  /** When the next poll is due, while running or backing off. */
  nextPollInMs?: number;
}

/** The timer functions the tail uses; tests pass fake ones. */
export interface TailTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: TailTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface LogTailOptions {
  source: LogSource;
  /** Receives each batch of new events, oldest first. */
  onEvents(events: LogEvent[]): void;
  onStatus?(status: TailStatus): void;
  /** Between polls (the setting auth0Mcp.logs.pollIntervalSeconds). */
  intervalMs: number;
  /** Lucene `q` for the first search. Checkpoint polls ignore it (as Auth0 does): filter what arrives with isRelevant(). */
  query?: string;
  /** How many events the first search returns (at most 100). Default 100. */
  perPage?: number;
  /** Page size of checkpoint polls (at most 100). Default 100. */
  take?: number;
  /** First backoff step; default intervalMs. */
  backoffInitialMs?: number;
  /** Longest wait between polls after failures, server-requested waits included. Default 60 s. */
  backoffMaxMs?: number;
  timers?: TailTimers;
}

/** Failures a retry cannot cure: polling stops until resume(). */
const FATAL_CODES = new Set<ErrorCode>([
  'insufficient_scope',
  'bad_token',
  'bad_credentials',
  'not_authorized',
  'not_auth0',
  'origin_invalid',
  'tls_untrusted',
]);
/** Remember this many log_ids: far more than one search page plus a few checkpoint pages can repeat. */
const SEEN_LIMIT = 2000;

export class LogTail {
  private state: TailState = 'idle';
  private checkpoint: string | undefined;
  private readonly seen = new Set<string>();
  private failures = 0;
  private pollAgain = false;
  private timer: unknown;
  private inFlight: Promise<void> | undefined;
  private lastStatus: TailStatus = { state: 'idle' };
  private readonly timers: TailTimers;

  constructor(private readonly options: LogTailOptions) {
    this.timers = options.timers ?? realTimers;
  }

  get status(): TailStatus {
    return this.lastStatus;
  }

  /** Starts polling now. Same as resume(); a stopped tail stays stopped. */
  start(): void {
    this.resume();
  }

  /** Stops scheduling polls; a poll already under way still delivers its events. */
  pause(): void {
    if (this.state === 'stopped' || this.state === 'paused') return;
    this.cancelTimer();
    this.report({ state: 'paused' });
  }

  /** Polls now and keeps going (also retries after a failure). Continues from the last checkpoint. */
  resume(): void {
    if (this.state === 'stopped' || this.state === 'running' || this.state === 'backing-off') return;
    this.failures = 0;
    this.report({ state: 'running', nextPollInMs: 0 });
    this.schedule(0);
  }

  /**
   * Resolves once no poll is under way. A paused or failed tail that is idle has no timer either, so it sends nothing
   * until resumed: what callers (and tests) wait on instead of a sleep.
   */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  /** Whether a poll is scheduled (a timer is set). */
  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  /** Stops for good; resolves once a poll under way has finished (its events are dropped). */
  async stop(): Promise<void> {
    this.cancelTimer();
    if (this.state !== 'stopped') this.report({ state: 'stopped' });
    await this.inFlight;
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      // A resume() during a poll asks for another one right after it.
      if (this.inFlight) this.pollAgain = true;
      else this.inFlight = this.poll().finally(() => (this.inFlight = undefined));
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    const { intervalMs } = this.options;
    const take = Math.min(100, this.options.take ?? 100);
    let delay = intervalMs;
    try {
      let fresh: LogEvent[];
      if (this.checkpoint) {
        const events = await this.fromCheckpoint(take);
        fresh = this.accept(events, events.at(-1));
        // A full page means more are waiting: catch up without waiting an interval.
        if (events.length >= take) delay = 0;
      } else {
        const newestFirst = await this.search();
        fresh = this.accept([...newestFirst].reverse(), newestFirst[0]);
      }
      if (this.state === 'stopped') return;
      this.failures = 0;
      if (fresh.length) this.options.onEvents(fresh);
    } catch (error) {
      if (this.state === 'stopped') return;
      const userError = asUserError(error);
      // A search the tenant refuses (a bad query) fails the same way next time.
      if (FATAL_CODES.has(userError.code) || (userError.code === 'http_400' && !this.checkpoint)) {
        this.report({ state: 'failed', error: userError });
        return;
      }
      this.failures++;
      delay = this.backoffDelay(error);
      if (this.state !== 'paused') this.report({ state: 'backing-off', error: userError, nextPollInMs: delay });
      if (this.state === 'backing-off') this.schedule(delay);
      return;
    }
    if (this.pollAgain) delay = 0;
    this.pollAgain = false;
    if (this.state === 'running' || this.state === 'backing-off') {
      this.report({ state: 'running', nextPollInMs: delay });
      this.schedule(delay);
    }
  }

  private search(): Promise<LogEvent[]> {
    return this.options.source.search({ q: this.options.query, perPage: Math.min(100, this.options.perPage ?? 100) });
  }

  private async fromCheckpoint(take: number): Promise<LogEvent[]> {
    try {
      return await this.options.source.fromCheckpoint({ from: this.checkpoint!, take });
    } catch (error) {
      // A checkpoint past the tenant's log retention is refused: start over from the newest events.
      if (error instanceof UserError && error.code === 'http_400') {
        this.checkpoint = undefined;
        return [...(await this.search())].reverse();
      }
      throw error;
    }
  }

  /** Keeps the events not seen before (in the given order) and moves the checkpoint to `newest`. */
  private accept(events: LogEvent[], newest: LogEvent | undefined): LogEvent[] {
    if (newest) this.checkpoint = newest.log_id;
    const fresh = events.filter((e) => !this.seen.has(e.log_id));
    for (const e of fresh) this.seen.add(e.log_id);
    for (const id of this.seen) {
      if (this.seen.size <= SEEN_LIMIT) break;
      this.seen.delete(id);
    }
    return fresh;
  }

  private backoffDelay(error: unknown): number {
    const max = this.options.backoffMaxMs ?? 60_000;
    if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) return Math.min(max, error.retryAfterMs);
    const initial = this.options.backoffInitialMs ?? this.options.intervalMs;
    return Math.min(max, initial * 2 ** (this.failures - 1));
  }

  private report(status: TailStatus): void {
    this.state = status.state;
    this.lastStatus = status;
    this.options.onStatus?.(status);
  }
}

function asUserError(error: unknown): UserError {
  if (error instanceof UserError) return error;
  if (error instanceof RateLimitedError) {
    return new UserError(error.message, 'Nothing to do: the tail waits and continues where it stopped.', 'rate_limited');
  }
  return new UserError(errorMessage(error), 'The tail retries on its own.', 'unexpected');
}
