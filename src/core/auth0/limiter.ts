// A counting semaphore: free Auth0 tenants allow a burst of 2 Management API requests, so never more are in flight.

export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** The highest number of tasks that ran at once, for tests and benchmarks. */
  maxActive = 0;

  constructor(private readonly limit: number) {
    if (limit < 1) throw new RangeError('limit must be at least 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      this.maxActive = Math.max(this.maxActive, this.active);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) {
      // The slot passes straight to the next waiter, so `active` stays the same.
      next();
    } else {
      this.active--;
    }
  }
}
