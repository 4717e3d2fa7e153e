// The embedded MCP server's public face: what the VS Code layer and the CLI import.

export { startMcpServer, type RunningMcpServer, type McpServerStats } from './server';
export {
  type McpServerConfig,
  type McpServerEvent,
  type AuthMode,
  type DemoScopes,
  DEFAULT_DEMO_SCOPES,
  defaultAuthorizationServer,
  protectedResourceMetadataUrl,
} from './config';
export { demoToolDeclarations, demoToolSchemes } from './tools';
export { type McpLogger, silentLogger } from './logger';
export { createTokenVerifier, TokenRejectedError, type TokenVerifier } from './token-verifier';
export type { TokenRejection, RejectionCode } from './token-rejection';
export { MCP_PATH } from './app';
