// Sends one hostile credential to the MCP endpoint and says how the server took it. Only requests that cannot change
// the user's data: `initialize`, and in mixed auth a call of a tool that needs a sign-in and that the server marks
// read-only (readOnlyHint), which tells "taken as signed in" (the tool answers) from "taken as signed out" (the
// tool-level challenge). A server where every request needs a token is answered by `initialize` alone.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import type { FetchFn } from '../http/fetch';
import { networkErrorText } from '../http/fetch';
import { toolChallenge } from '../scopes/challenge';
import type { ProbeVerdict } from './types';

/** Who answers the probes: the whole endpoint, or (mixed auth) a read-only tool that needs a sign-in. */
export interface ProbeTarget {
  appUrl: string;
  fetch: FetchFn;
  mode: 'required' | 'mixed';
  /** Mixed auth: the tool whose answer tells signed in from signed out; absent when the server has none. */
  protectedTool?: { name: string; arguments: Record<string, unknown> };
}

/** The credential, as sent: a header value, or a token in the query string (no header). */
export type ProbeCredential = { authorization: string } | { queryToken: string };

export interface ProbeAnswer {
  verdict: Exclude<ProbeVerdict, 'not-run'>;
  request: string;
  answer: string;
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'auth0-mcp-verify-probe', version: '1' } },
};

export async function sendProbe(target: ProbeTarget, credential: ProbeCredential): Promise<ProbeAnswer> {
  const url = new URL(target.appUrl);
  if ('queryToken' in credential) url.searchParams.set('access_token', credential.queryToken);
  const headers: Record<string, string> = 'authorization' in credential ? { Authorization: credential.authorization } : {};
  const where = 'queryToken' in credential ? 'POST /mcp?access_token=…' : 'POST /mcp';
  if (target.mode === 'mixed') return probeMixed(target, url, headers, where);
  let response: Response;
  try {
    response = await target.fetch(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify(INITIALIZE),
    });
  } catch (error) {
    return { verdict: 'refused', request: `${where} initialize`, answer: `no answer (${networkErrorText(error)})` };
  }
  await response.body?.cancel();
  const request = `${where} initialize`;
  if (!response.ok) return { verdict: 'refused', request, answer: statusText(response) };
  // A stateful server opened a session for the forged caller: close it again (best effort).
  const session = response.headers.get('mcp-session-id');
  if (session)
    void target.fetch(url, { method: 'DELETE', headers: { ...headers, 'Mcp-Session-Id': session } }).then(
      (r) => r.body?.cancel(),
      () => undefined,
    );
  return { verdict: 'signed-in', request, answer: `${response.status}: initialize answered, although without a token it gets 401` };
}

async function probeMixed(target: ProbeTarget, url: URL, headers: Record<string, string>, where: string): Promise<ProbeAnswer> {
  const tool = target.protectedTool;
  const request = `${where} initialize${tool ? `, tools/call ${tool.name} (read-only)` : ''}`;
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers }, fetch: target.fetch });
  const client = new Client({ name: 'auth0-mcp-verify-probe', version: '1.0.0' });
  try {
    try {
      await client.connect(transport);
    } catch (error) {
      return { verdict: 'refused', request, answer: refusalText(error) };
    }
    if (!tool) {
      return { verdict: 'signed-out', request, answer: 'initialize answered 200 (no read-only tool needing a sign-in to tell signed in from signed out)' };
    }
    let result: unknown;
    try {
      result = await client.callTool({ name: tool.name, arguments: tool.arguments });
    } catch (error) {
      return { verdict: 'refused', request, answer: `initialize answered 200; tools/call: ${refusalText(error)}` };
    }
    const challenge = toolChallenge(result);
    if (challenge)
      return { verdict: 'signed-out', request, answer: `initialize answered 200; ${tool.name} answered with the sign-in challenge (taken as signed out)` };
    const r = result as { isError?: boolean; content?: Array<{ text?: unknown }> };
    if (r.isError) {
      return {
        verdict: 'signed-out',
        request,
        answer: `initialize answered 200; ${tool.name} answered an error without a challenge: "${String(r.content?.[0]?.text ?? '').slice(0, 120)}"`,
      };
    }
    return { verdict: 'signed-in', request, answer: `initialize answered 200; ${tool.name}, which needs a sign-in, answered (taken as signed in)` };
  } finally {
    await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}

function statusText(response: Response): string {
  const challenge = response.headers.get('www-authenticate');
  const error = challenge ? /error="([^"]*)"/.exec(challenge)?.[1] : undefined;
  return `${response.status}${error ? ` ${error}` : ''}${challenge ? '' : ' (no WWW-Authenticate)'}`;
}

function refusalText(error: unknown): string {
  if (error instanceof StreamableHTTPError && error.code !== undefined) return `${error.code}`;
  return error instanceof Error ? error.message.slice(0, 160) : String(error);
}
