// The one tunnel interface: every way of getting a public URL (ngrok, a loopback proxy, the user's own URL)
// looks the same to the manager, the status bar and the tests.

import type { Diagnosis } from '../plan/types';

export type TunnelState = 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'failed';

/** Same shape as vscode.Disposable, so the extension can push these into context.subscriptions. */
export interface Disposable {
  dispose(): void;
}

export interface TunnelStartOptions {
  /** Local port the public URL forwards to (the embedded server's, or the user's own server's). */
  port: number;
  /** Local host to forward to; providers default to 127.0.0.1. */
  host?: string;
  /** A reserved domain (ngrok), e.g. "my-app.ngrok-free.app". */
  domain?: string;
  /** Secret: never logged, never put in a message. */
  authtoken?: string;
}

export interface Tunnel {
  /** The public origin, e.g. "https://my-app.ngrok-free.app" (no trailing slash). */
  readonly url: string;
  readonly state: TunnelState;
  /** Why the tunnel failed, when state is 'failed' and the provider knows. */
  readonly error?: Diagnosis;
  onStateChange(listener: (state: TunnelState) => void): Disposable;
  /** Idempotent. */
  close(): Promise<void>;
}

export interface TunnelProvider {
  /** Short name for logs and the status bar tooltip ("ngrok", "loopback", "own URL"). */
  readonly kind: string;
  /** Resolves once the URL is known; rejects with a TunnelError carrying a diagnosis. */
  start(opts: TunnelStartOptions): Promise<Tunnel>;
}
