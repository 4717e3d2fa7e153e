// The server reports through this narrow interface so the VS Code layer can pass a LogOutputChannel adapter
// and the CLI a console one. Messages never contain tokens.

export interface McpLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: McpLogger = { debug() {}, info() {}, warn() {}, error() {} };
