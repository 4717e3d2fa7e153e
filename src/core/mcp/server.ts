// Starts and stops the embedded MCP server. One object per running server: its local URL, live stats, and a way to
// follow a new public URL (tunnel restarted) without a restart.

import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { UserError, type Diagnosis } from '../plan/types';
import { createMcpApp, MCP_PATH } from './app';
import {
  allowedHostsFor,
  protectedResourceMetadataUrl,
  resolveServerConfig,
  resourceUrlForNewOrigin,
  validateResourceUrl,
  type McpServerConfig,
  type ResolvedServerConfig,
} from './config';
import { silentLogger } from './logger';
import type { RejectionCode } from './token-rejection';
import { createTokenVerifier } from './token-verifier';

export interface McpServerStats {
  requests: number;
  authFailures: number;
  toolCalls: number;
  tokensAccepted: number;
  tokensRejected: number;
  jwksFetches: number;
  /** Requests whose token was already verified (signature check skipped; exp and aud still checked). */
  tokenCacheHits: number;
  /** The most recent refused token's cause, for the checklist and the log view's "Fix". */
  lastRejection?: { code: RejectionCode; reason: string; diagnosis?: Diagnosis; at: string };
}

export interface RunningMcpServer {
  /** Local MCP endpoint, e.g. http://127.0.0.1:3333/mcp. */
  readonly url: string;
  readonly port: number;
  /** The `resource` currently advertised and required in tokens' aud. */
  readonly resourceUrl: string;
  readonly stats: McpServerStats;
  /** Moves to a new public origin, keeping the resource's path form (origin only, or /mcp). */
  setPublicUrl(publicUrl: string): void;
  /** Sets the exact resource URL (= the Auth0 API identifier) and allows its host. */
  setResourceUrl(resourceUrl: string): void;
  close(): Promise<void>;
}

export async function startMcpServer(config: McpServerConfig): Promise<RunningMcpServer> {
  let state: ResolvedServerConfig = resolveServerConfig(config);
  const logger = config.logger ?? silentLogger;
  const counters = { requests: 0, authFailures: 0, toolCalls: 0 };
  let lastRejection: McpServerStats['lastRejection'];
  const verifier = createTokenVerifier({
    issuer: state.issuer,
    jwksUri: state.jwksUri,
    audience: () => state.resourceUrl,
    ...(config.jwksCooldownMs !== undefined ? { jwksCooldownMs: config.jwksCooldownMs } : {}),
    ...(config.tokenCacheTtlMs !== undefined ? { cacheTtlMs: config.tokenCacheTtlMs } : {}),
    logger,
    onReject: (r) => {
      lastRejection = { code: r.code, reason: r.reason, ...(r.diagnosis ? { diagnosis: r.diagnosis } : {}), at: new Date().toISOString() };
    },
  });
  const app = createMcpApp({
    state: () => state,
    verifier,
    logger,
    counters,
    ...(config.onEvent ? { onEvent: config.onEvent } : {}),
    ...(config.extraTools ? { extraTools: config.extraTools } : {}),
  });
  const host = config.host ?? '127.0.0.1';
  const server = createServer(app);
  // Slow or stuck clients must not pin sockets forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  await listen(server, config.port, host);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${MCP_PATH}`;
  logger.info(`MCP server listening on ${url}; resource ${state.resourceUrl}; issuer ${state.issuer}${state.requireAuth ? '' : ' (authentication OFF)'}`);

  const setResourceUrl = (resourceUrl: string): void => {
    const next = validateResourceUrl(resourceUrl);
    state = {
      ...state,
      resourceUrl: next,
      resourceMetadataUrl: protectedResourceMetadataUrl(next),
      allowedHosts: allowedHostsFor(next, config.allowedHosts),
    };
    logger.info(`MCP server now serves resource ${next}`);
  };

  return {
    url,
    port,
    get resourceUrl() {
      return state.resourceUrl;
    },
    get stats(): McpServerStats {
      return {
        ...counters,
        tokensAccepted: verifier.stats.accepted,
        tokensRejected: verifier.stats.rejected,
        jwksFetches: verifier.stats.jwksFetches,
        tokenCacheHits: verifier.stats.cacheHits,
        ...(lastRejection ? { lastRejection } : {}),
      };
    },
    setResourceUrl,
    setPublicUrl: (publicUrl) => setResourceUrl(resourceUrlForNewOrigin(state.resourceUrl, publicUrl)),
    close: () => closeServer(server).then(() => logger.info('MCP server stopped')),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new UserError(`Port ${port} is already in use.`, 'Stop the other process on that port, or choose another port (0 picks a free one).', 'port_in_use'),
        );
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets would otherwise hold close() open.
    server.closeAllConnections();
  });
}
