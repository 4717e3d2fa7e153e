// The Tunnel every provider returns: a URL, a state that only moves forward once closed, and a close hook.

import type { Diagnosis } from '../plan/types';
import { Emitter } from './emitter';
import type { Disposable, Tunnel, TunnelState } from './types';

export class StatefulTunnel implements Tunnel {
  private current: TunnelState;
  private failure: Diagnosis | undefined;
  private closing: Promise<void> | undefined;
  private readonly changes = new Emitter<TunnelState>();

  constructor(
    readonly url: string,
    private readonly onClose: () => Promise<void> = async () => {},
    initial: TunnelState = 'connected',
  ) {
    this.current = initial;
  }

  get state(): TunnelState {
    return this.current;
  }

  get error(): Diagnosis | undefined {
    return this.failure;
  }

  onStateChange(listener: (state: TunnelState) => void): Disposable {
    return this.changes.event(listener);
  }

  /** Providers call this when the underlying connection changes. Ignored once closed: a late SDK event must not revive it. */
  setState(next: TunnelState, error?: Diagnosis): void {
    if (this.current === 'closed' || this.current === next) return;
    // While closing, the provider's own "connection lost" echo is noise: only the final 'closed' counts.
    if (this.closing && next !== 'closed') return;
    this.current = next;
    this.failure = next === 'failed' ? error : undefined;
    this.changes.fire(next);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.onClose();
      } finally {
        this.setState('closed');
        this.changes.dispose();
      }
    })();
    return this.closing;
  }
}
