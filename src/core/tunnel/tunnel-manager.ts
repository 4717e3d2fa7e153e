// Owns the one current tunnel and publishes a snapshot of it on every change; the status bar, the Setup tree
// and the CLI render that snapshot. Errors are part of the snapshot, not exceptions.

import { appUrlFor } from '../config/resource-url';
import type { Diagnosis } from '../plan/types';
import { Emitter } from './emitter';
import { diagnosisOf } from './tunnel-error';
import type { Disposable, Tunnel, TunnelProvider, TunnelStartOptions, TunnelState } from './types';

export interface TunnelStatus {
  state: TunnelState;
  /** Public origin, e.g. "https://my-app.ngrok-free.app"; absent when stopped or while the first connect runs. */
  url?: string;
  /** What the user pastes into ChatGPT: url + "/mcp". */
  appUrl?: string;
  /** For the status bar text: "my-app.ngrok-free.app" (with the port for loopback). */
  host?: string;
  /** Which provider runs it ("ngrok", "loopback", "own URL"). */
  provider?: string;
  /** Set when state is 'failed'. */
  error?: Diagnosis;
}

const STOPPED: TunnelStatus = { state: 'closed' };

export class TunnelManager implements Disposable {
  private status: TunnelStatus = STOPPED;
  private tunnel: Tunnel | undefined;
  private subscription: Disposable | undefined;
  // Each start/stop bumps this, so a slow start that finishes after a newer start/stop knows it is stale.
  private generation = 0;
  private readonly changes = new Emitter<TunnelStatus>();

  /** Fires with the new snapshot after every change. */
  readonly onDidChange = this.changes.event;

  get current(): TunnelStatus {
    return this.status;
  }

  /**
   * Stops any current tunnel, then starts one with the provider. Resolves with the resulting snapshot; a failure
   * resolves too, with state 'failed' and `error` set (never rejects, and never includes the authtoken).
   */
  async start(provider: TunnelProvider, opts: TunnelStartOptions): Promise<TunnelStatus> {
    await this.stopCurrent();
    const generation = ++this.generation;
    this.publish({ state: 'connecting', provider: provider.kind });

    let tunnel: Tunnel;
    try {
      tunnel = await provider.start(opts);
    } catch (err) {
      if (generation === this.generation) this.publish({ state: 'failed', provider: provider.kind, error: diagnosisOf(err) });
      return this.status;
    }
    if (generation !== this.generation) {
      // Stopped or restarted while connecting: this tunnel is no longer wanted.
      await tunnel.close().catch(() => {});
      return this.status;
    }

    this.tunnel = tunnel;
    this.subscription = tunnel.onStateChange(() => this.publishTunnel(tunnel, provider.kind));
    this.publishTunnel(tunnel, provider.kind);
    return this.status;
  }

  /** Closes the current tunnel (if any) and clears the URL. */
  async stop(): Promise<void> {
    this.generation++;
    const hadSomething = this.tunnel !== undefined || this.status !== STOPPED;
    await this.stopCurrent();
    if (hadSomething) this.publish(STOPPED);
  }

  dispose(): void {
    void this.stop();
    this.changes.dispose();
  }

  private async stopCurrent(): Promise<void> {
    const tunnel = this.tunnel;
    this.tunnel = undefined;
    this.subscription?.dispose();
    this.subscription = undefined;
    await tunnel?.close().catch(() => {});
  }

  private publishTunnel(tunnel: Tunnel, provider: string): void {
    if (tunnel !== this.tunnel) return;
    const url = tunnel.url;
    const error = tunnel.state === 'failed' ? (tunnel.error ?? lostDiagnosis(provider)) : undefined;
    this.publish({ state: tunnel.state, url, appUrl: safeAppUrl(url), host: hostOf(url), provider, ...(error ? { error } : {}) });
  }

  private publish(next: TunnelStatus): void {
    this.status = next;
    this.changes.fire(next);
  }
}

function safeAppUrl(url: string): string | undefined {
  try {
    return appUrlFor(url);
  } catch {
    return undefined; // an http URL on a non-loopback host: no App URL ChatGPT could use
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function lostDiagnosis(provider: string): Diagnosis {
  return { problem: `The ${provider} tunnel stopped working.`, fix: 'Start the tunnel again; if it keeps failing, check the tunnel logs.' };
}
