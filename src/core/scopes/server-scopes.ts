// Where the scopes the tenant must follow come from: the server declares them. The embedded server's demo tools are
// known without a request; another server is read through its tools/list (signed out, or with a token). Scopes added
// by hand (a setting, a CLI flag) join them. A server that cannot be read leaves the Scopes step unknown, with why.

import { demoToolDeclarations } from '../mcp/tools';
import { UserError } from '../plan/types';
import { readToolScopes, requiredScopes, type ScopeNeed } from './tool-scopes';
import { readToolsList } from './tools-list-reader';

/** `embedded`: the demo tools of the product's own server; a URL: that MCP endpoint's tools/list (`token`: tried when signed out is refused). */
export type ToolSource = { kind: 'embedded' } | { kind: 'url'; mcpUrl: string; token?: string };

export interface ServerScopes {
  needs: ScopeNeed[];
  /** Declarations that were ignored (shown with the step, never fatal). */
  problems: string[];
  /** Why the server's tools could not be read (then `needs` holds the hand-added scopes only). */
  unread?: UserError;
}

export async function serverScopes(source: ToolSource | undefined, byHand: readonly string[] = []): Promise<ServerScopes> {
  if (!source) return { needs: requiredScopes([], byHand), problems: [] };
  if (source.kind === 'embedded')
    return { needs: requiredScopes(readToolScopes({ tools: demoToolDeclarations({ requireAuth: true }) }).tools, byHand), problems: [] };
  try {
    // Signed out first (mixed auth, as ChatGPT connects); a server that needs a token for tools/list is read with the
    // verification's token when one is held.
    const read = await readToolsList(source.mcpUrl).catch((error: unknown) => {
      if (source.token && error instanceof UserError && error.code === 'tools_list_needs_token') return readToolsList(source.mcpUrl, { token: source.token });
      throw error;
    });
    const { tools, problems } = readToolScopes(read);
    return { needs: requiredScopes(tools, byHand), problems };
  } catch (error) {
    if (!(error instanceof UserError) || error.code === 'scope_invalid') throw error;
    return { needs: requiredScopes([], byHand), problems: [], unread: error };
  }
}

/** `--tools-from` / a setting: "embedded", or the http(s) URL of an MCP endpoint. */
export function parseToolSource(value: string | undefined): ToolSource | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text === 'embedded') return { kind: 'embedded' };
  return { kind: 'url', mcpUrl: text };
}
