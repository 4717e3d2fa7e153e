// The tunnel core's public surface, for the extension and the CLI.

export type { Disposable, Tunnel, TunnelProvider, TunnelStartOptions, TunnelState } from './types';
export { TunnelError, diagnosisOf, redactSecrets } from './tunnel-error';
export { classifyNgrokError, missingAuthtokenError, ngrokDiagnosis, ngrokErrorCode, toNgrokTunnelError, type NgrokErrorKind } from './ngrok-errors';
export { NgrokProvider, normaliseDomain, type NgrokProviderOptions } from './ngrok-provider';
export { LoopbackProvider, LoopbackTunnel } from './loopback-provider';
export { OwnUrlProvider } from './own-url-provider';
export { startReverseProxy, type ReverseProxy } from './reverse-proxy';
export { StatefulTunnel } from './stateful-tunnel';
export { TunnelManager, type TunnelStatus } from './tunnel-manager';
export { detectDrift, type DriftFinding, type DriftInput, type DriftSubject } from './drift';
