// A clock whose waits pass at once: the product's retries ask it to sleep, it moves its time forward by that much and
// records the wait. Hand its `now` to the Management API stand-in too, so X-RateLimit-Reset is in the same time.

import type { RetryClock } from '../../src/core/auth0/transport';

export class FakeClock implements RetryClock {
  private time = Date.now();
  /** Every wait asked for, in order (milliseconds). */
  readonly waits: number[] = [];

  readonly now = (): number => this.time;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    this.waits.push(ms);
    this.time += ms;
    return Promise.resolve();
  };

  /** Total time waited. */
  get waited(): number {
    return this.waits.reduce((a, b) => a + b, 0);
  }
}
