// The server reports through this narrow interface so the VS Code layer can pass a LogOutputChannel adapter
// and the CLI a console one. Messages never contain tokens.

export type McpLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface McpLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Whether lines at this level go anywhere; when false, per-request lines are not even formatted. Default: true. */
  enabled?(level: McpLogLevel): boolean;
}

export const silentLogger: McpLogger = { debug() {}, info() {}, warn() {}, error() {}, enabled: () => false };
