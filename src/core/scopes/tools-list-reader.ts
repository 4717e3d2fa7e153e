// Reads tools/list from an MCP server (the user's own) over Streamable HTTP, signed out or with a bearer token,
// keeping every key of each tool: the SDK's Client validates tools/list and drops the top-level `securitySchemes`,
// so this speaks raw JSON-RPC (initialize, notifications/initialized, tools/list) over the SDK's transport, which
// handles sessions (stateful servers), SSE and JSON answers alike.

import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { UserError } from '../plan/types';
import { networkErrorText, timedFetch, type FetchFn } from '../http/fetch';
import { challengeFromResponse, type BearerChallenge } from './challenge';
import { MAX_TOOLS } from './limits';
import { tooManyTools } from './tool-scopes';

export interface ReadToolsListOptions {
  /** A bearer token (e.g. the one "Verify like ChatGPT" obtained); without it the request is signed out. */
  token?: string;
  fetch?: FetchFn;
  /** Per request and per answer; default 10 s. */
  timeoutMs?: number;
}

export interface ToolsListRead {
  /** Each tool exactly as the server listed it, unknown keys included. */
  tools: Array<Record<string, unknown>>;
  protocolVersion: string;
  serverInfo?: { name?: string; version?: string };
  signedIn: boolean;
}

/** A server listing more pages than this is not answering sensibly. */
const MAX_PAGES = 50;

export async function readToolsList(mcpUrl: string, options: ReadToolsListOptions = {}): Promise<ToolsListRead> {
  const url = parseMcpUrl(mcpUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = timedFetch(options.fetch ?? fetch, timeoutMs);
  let challenge: BearerChallenge | undefined;
  const recording: FetchFn = async (input, init) => {
    const response = await base(input, init);
    if (init?.method === 'POST' && (response.status === 401 || response.status === 403)) challenge = challengeFromResponse(response);
    return response;
  };
  const transport = new StreamableHTTPClientTransport(url, {
    fetch: recording,
    ...(options.token ? { requestInit: { headers: { Authorization: `Bearer ${options.token}` } } } : {}),
  });
  const rpc = jsonRpc(transport, timeoutMs);
  try {
    await transport.start();
    const init = await rpc.request('initialize', {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'auth0-mcp-scopes', version: '1.0.0' },
    });
    const protocolVersion = typeof init.protocolVersion === 'string' ? init.protocolVersion : LATEST_PROTOCOL_VERSION;
    transport.setProtocolVersion(protocolVersion);
    await transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const tools: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await rpc.request('tools/list', cursor ? { cursor } : {});
      if (!Array.isArray(result.tools)) throw notMcp(url, 'its tools/list answer has no "tools" list');
      tools.push(...(result.tools as Array<Record<string, unknown>>));
      if (tools.length > MAX_TOOLS) throw tooManyTools(tools.length);
      cursor = typeof result.nextCursor === 'string' && result.nextCursor ? result.nextCursor : undefined;
      if (!cursor) break;
    }
    const info = init.serverInfo as ToolsListRead['serverInfo'];
    return { tools, protocolVersion, ...(info ? { serverInfo: info } : {}), signedIn: Boolean(options.token) };
  } catch (error) {
    throw readerError(error, url, Boolean(options.token), challenge);
  } finally {
    // A stateful server keeps the session until told; a stateless one answers 405, which is fine.
    if (transport.sessionId) await transport.terminateSession().catch(() => undefined);
    await transport.close().catch(() => undefined);
  }
}

function parseMcpUrl(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UserError(
      `"${value}" is not an http(s) URL of an MCP endpoint.`,
      'Give the MCP endpoint of your server, e.g. http://127.0.0.1:3000/mcp.',
      'url_invalid',
    );
  }
  return url;
}

type Result = Record<string, unknown>;

/** Requests over the transport, matched to their answers by id. */
function jsonRpc(transport: StreamableHTTPClientTransport, timeoutMs: number) {
  let nextId = 1;
  let lastError: Error | undefined;
  const pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();
  transport.onerror = (error) => {
    lastError = error;
  };
  transport.onmessage = (message: JSONRPCMessage) => {
    const id = (message as { id?: unknown }).id;
    const waiter = typeof id === 'number' ? pending.get(id) : undefined;
    if (!waiter) return;
    if ('result' in message) waiter.resolve((message.result ?? {}) as Result);
    else if ('error' in message) waiter.reject(new JsonRpcError(message.error.code, message.error.message));
  };
  return {
    async request(method: string, params: Result): Promise<Result> {
      const id = nextId++;
      const answer = new Promise<Result>((resolve, reject) => {
        const timer = setTimeout(() => reject(lastError ?? new TimeoutAnswer(method)), timeoutMs);
        pending.set(id, {
          resolve: (r) => (clearTimeout(timer), resolve(r)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
      });
      try {
        await transport.send({ jsonrpc: '2.0', id, method, params });
        return await answer;
      } finally {
        pending.delete(id);
        answer.catch(() => undefined);
      }
    },
  };
}

class JsonRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

class TimeoutAnswer extends Error {
  constructor(readonly method: string) {
    super(`no answer to ${method} in time`);
  }
}

function notMcp(url: URL, what: string): UserError {
  return new UserError(
    `${url.href} is not an MCP endpoint: ${what}.`,
    'Give the Streamable HTTP endpoint of your MCP server (usually the /mcp path) and check that the server is the one on that port.',
    'not_mcp',
  );
}

/** Maps what went wrong to what the user can do about it. */
export function readerError(error: unknown, url: URL, signedIn: boolean, challenge: BearerChallenge | undefined): UserError {
  if (error instanceof UserError) return error;
  const status = error instanceof StreamableHTTPError ? error.code : undefined;
  const said = challenge?.errorDescription ?? challenge?.error;
  if (status === 401 && !signedIn) {
    return new UserError(
      `The MCP server at ${url.href} needs a token even for tools/list (401${challenge?.resourceMetadataUrl ? `, metadata at ${challenge.resourceMetadataUrl}` : ''}).`,
      'Run "Verify like ChatGPT" first: its token is used to read tools/list. Or let your server answer initialize and tools/list signed out (mixed auth), as the Apps SDK allows.',
      'tools_list_needs_token',
    );
  }
  if (status === 401 || status === 403) {
    const scopes = challenge?.scopes.length ? ` It asks for: ${challenge.scopes.join(' ')}.` : '';
    return new UserError(
      `The MCP server at ${url.href} refused the token (${status}${said ? `: ${said}` : ''}).${scopes}`,
      status === 403
        ? 'Sign in again with the scopes it asks for (run "Verify like ChatGPT"); if they are missing from the token, run the Scopes step.'
        : 'Sign in again (run "Verify like ChatGPT"): the token may have expired, or be for another API or tenant.',
      'tools_list_token_refused',
    );
  }
  if (status !== undefined && status > 0) return notMcp(url, `it answered HTTP ${status} to an MCP initialize`);
  if (error instanceof JsonRpcError) {
    return new UserError(
      `The MCP server at ${url.href} answered with an error (${error.code}): ${error.message}`,
      "Check the server's log; it must answer initialize and tools/list.",
      'tools_list_refused',
    );
  }
  if (error instanceof TimeoutAnswer) {
    return new UserError(
      `The MCP server at ${url.href} gave ${error.message}.`,
      'Check that your server is running and not stuck, then try again.',
      'unreachable',
    );
  }
  // An HTML page, plain JSON that is not JSON-RPC (the SDK's schema check), or a body that is not JSON at all.
  const name = (error as { name?: unknown } | null)?.name;
  if (error instanceof SyntaxError || name === 'ZodError' || (status === -1 && error instanceof Error)) {
    if (status === -1) {
      const type = /content type: (.*)$/.exec((error as Error).message)?.[1] ?? 'no content type';
      return notMcp(url, `it answered ${type}, not MCP's JSON or event stream`);
    }
    return notMcp(url, `its answer is not MCP (${error instanceof SyntaxError ? 'not JSON' : 'JSON, but not JSON-RPC'})`);
  }
  return new UserError(
    `The MCP server at ${url.href} cannot be reached: ${networkErrorText(error)}.`,
    'Start your MCP server (or check its port), then try again.',
    'unreachable',
  );
}
