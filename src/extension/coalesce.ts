// Bursts of refreshes (a tunnel change, then a tenant check, then a settings write) coalesce: while one run is in
// flight, later callers share a single follow-up run, which starts after it and so sees every change made meanwhile.

export function coalesced(run: (reason: string) => Promise<void>): (reason: string) => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const call = (reason: string): Promise<void> => {
    if (!running) {
      running = run(reason).finally(() => (running = undefined));
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return call(reason);
      });
    return queued;
  };
  return call;
}
