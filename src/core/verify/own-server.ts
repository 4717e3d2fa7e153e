// "Bring your own server": the checklist checks the user's MCP server on its local port the way ChatGPT will see
// it through the tunnel: Protected Resource Metadata naming the identifier, a 401 with the challenge, and the
// attacker probes that need no tenant write (malformed and forged tokens; the other-audience probe and those after a
// sign-in run in Verify Like ChatGPT). Requests for the public URL are sent to the local port instead, so this works
// before (and without) a tunnel; checkServerAt checks it through the public URL itself (the CLI, which knows only that URL).

import type { StepState } from '../plan/types';
import { verify } from './verify';

export interface OwnServerCheckOptions {
  /** The public URL the server is (or will be) reached at; default: the resource's origin, or the local origin. */
  publicUrl?: string;
  resource?: string;
  issuer?: string;
  fetch?: typeof fetch;
}

export async function checkOwnServer(port: number, options: OwnServerCheckOptions = {}): Promise<StepState> {
  const local = `http://127.0.0.1:${port}`;
  const publicOrigin = new URL(options.publicUrl ?? options.resource ?? local).origin;
  const baseFetch = options.fetch ?? fetch;
  const toLocal: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return baseFetch(url.startsWith(publicOrigin) ? local + url.slice(publicOrigin.length) : url, init);
  };
  return serverStep(publicOrigin, `your server on port ${port}`, { ...options, fetch: toLocal });
}

/**
 * The MCP server wherever it is reachable at its public URL (the tunnel or deployment): what the CLI's `status` checks,
 * since a terminal knows the server only by that URL.
 */
export function checkServerAt(publicUrl: string, options: Omit<OwnServerCheckOptions, 'publicUrl'> = {}): Promise<StepState> {
  return serverStep(new URL(publicUrl).origin, `the server at ${new URL(publicUrl).origin}`, options);
}

async function serverStep(publicOrigin: string, where: string, options: OwnServerCheckOptions): Promise<StepState> {
  const report = await verify(publicOrigin, {
    only: ['metadata', 'challenge', 'probes'],
    login: false,
    requestTimeoutMs: 3000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.resource ? { resource: options.resource } : {}),
    ...(options.issuer ? { issuer: options.issuer } : {}),
  });
  const base = { id: 'server', title: 'MCP server', changes: [] };
  const failed = report.checks.find((c) => c.status === 'fail');
  if (!failed) return { ...base, status: 'ok', summary: `${where}: metadata, challenge and hostile tokens OK` };
  const hole = failed.probes?.find((p) => p.finding?.severity === 'hole');
  return {
    ...base,
    status: 'error',
    summary: hole
      ? `${where} lets in ${hole.title}`
      : failed.id === 'probes'
        ? `${where} answers invalid tokens as signed out instead of 401`
        : `${where}: ${failed.title.toLowerCase()} failed`,
    diagnosis: failed.diagnosis ?? { problem: failed.detail, fix: 'Compare your server with the embedded one (auth0-mcp serve).' },
  };
}
