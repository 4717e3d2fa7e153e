// What the server's tools ask for: each tool's `securitySchemes` (Apps SDK: `noauth`, `oauth2` with `scopes`, or
// both), read from a raw tools/list result. The server declares, Auth0 follows: these scopes are the source.

import { UserError } from '../plan/types';
import { MAX_SCOPE_LENGTH, MAX_SCOPES, MAX_TOOLS } from './limits';

/** One tool's declared auth, as ChatGPT reads it. */
export interface ToolAuth {
  name: string;
  /** Callable signed out (`noauth` declared). */
  public: boolean;
  /** Runs the sign-in when called (`oauth2` declared). */
  signIn: boolean;
  /** The scopes its `oauth2` schemes name, in declared order, without duplicates. */
  scopes: string[];
  /** False when the tool declares no securitySchemes: it then follows the server-wide auth. */
  declared: boolean;
}

/** One scope the tools need (or the user added by hand), and who needs it. */
export interface ScopeNeed {
  scope: string;
  /** Tools that need it, in tools/list order. */
  tools: string[];
  /** Added in the settings (it may also be needed by tools). */
  byHand: boolean;
}

export interface ToolScopes {
  tools: ToolAuth[];
  /** Declarations that were ignored, each saying which tool and why (shown, never fatal). */
  problems: string[];
}

/** RFC 6749 §3.3 scope-token: printable ASCII without space, `"` or `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function isScopeToken(value: unknown): value is string {
  return typeof value === 'string' && SCOPE_TOKEN.test(value);
}

/**
 * Reads each tool's auth from a tools/list result (the JSON-RPC `result`, or the whole response). ChatGPT reads the
 * top-level `securitySchemes`; servers built on SDKs that drop unknown keys put it in `_meta.securitySchemes`.
 */
export function readToolScopes(toolsList: unknown): ToolScopes {
  const tools = toolsArray(toolsList);
  if (tools.length > MAX_TOOLS) throw tooManyTools(tools.length);
  const problems: string[] = [];
  const result = tools.map((raw, index): ToolAuth => {
    const tool = (raw ?? {}) as Record<string, unknown>;
    const name = typeof tool.name === 'string' && tool.name ? tool.name : `#${index + 1}`;
    const schemes = tool.securitySchemes ?? (tool._meta as Record<string, unknown> | undefined)?.securitySchemes;
    if (schemes === undefined) return { name, public: false, signIn: false, scopes: [], declared: false };
    if (!Array.isArray(schemes)) {
      problems.push(`Tool "${name}": securitySchemes is not a list; ignored.`);
      return { name, public: false, signIn: false, scopes: [], declared: false };
    }
    const auth: ToolAuth = { name, public: false, signIn: false, scopes: [], declared: true };
    for (const scheme of schemes as Array<Record<string, unknown> | null>) {
      const type = scheme?.type;
      if (type === 'noauth') {
        auth.public = true;
      } else if (type === 'oauth2') {
        auth.signIn = true;
        const scopes = scheme?.scopes ?? [];
        for (const scope of Array.isArray(scopes) ? scopes : [scopes]) {
          if (isScopeToken(scope) && scope.length > MAX_SCOPE_LENGTH) throw scopeTooLong(`Tool "${name.slice(0, 80)}"`, scope);
          if (!isScopeToken(scope)) problems.push(`Tool "${name}": scope ${JSON.stringify(scope).slice(0, 120)} is not a valid OAuth scope; ignored.`);
          else if (!auth.scopes.includes(scope)) auth.scopes.push(scope);
        }
      } else {
        problems.push(`Tool "${name}": unknown security scheme ${JSON.stringify(type)}; ignored.`);
      }
    }
    return auth;
  });
  return { tools: result, problems };
}

export function tooManyTools(count: number): UserError {
  return new UserError(
    `The server lists ${count} tools; the product reads at most ${MAX_TOOLS}, so no scope was taken from it and nothing was written.`,
    'Check that the URL is your MCP endpoint; a server with that many tools should be split.',
    'too_large',
  );
}

function scopeTooLong(who: string, scope: string): UserError {
  return new UserError(
    `${who} declares a scope of ${scope.length} characters ("${scope.slice(0, 40)}…"); Auth0 accepts at most ${MAX_SCOPE_LENGTH}, so no scope was taken and nothing was written.`,
    `Use scopes of at most ${MAX_SCOPE_LENGTH} characters, such as "notes:write".`,
    'too_large',
  );
}

function toolsArray(value: unknown): unknown[] {
  const v = value as { result?: { tools?: unknown }; tools?: unknown } | null;
  const tools = v?.tools ?? v?.result?.tools;
  if (!Array.isArray(tools)) {
    throw new UserError(
      'The tools/list answer has no "tools" list.',
      'Point the product at the MCP endpoint of your server (e.g. http://127.0.0.1:3000/mcp); it must answer tools/list.',
      'tools_list_invalid',
    );
  }
  return tools;
}

/** Tools callable signed out. */
export function publicTools(tools: readonly ToolAuth[]): string[] {
  return tools.filter((t) => t.public).map((t) => t.name);
}

/**
 * The union of the scopes the tools need and the scopes added by hand, each with the tools that need it:
 * tools' scopes first (in tools/list order), then the hand-added ones. Invalid hand-added scopes are a UserError,
 * since the user can fix the setting.
 */
export function requiredScopes(tools: readonly ToolAuth[], byHand: readonly string[] = []): ScopeNeed[] {
  const needs = new Map<string, ScopeNeed>();
  for (const tool of tools) {
    for (const scope of tool.scopes) {
      const need = needs.get(scope) ?? { scope, tools: [], byHand: false };
      if (!need.tools.includes(tool.name)) need.tools.push(tool.name);
      needs.set(scope, need);
    }
  }
  for (const raw of byHand) {
    const scope = raw.trim();
    if (!scope) continue;
    if (!isScopeToken(scope)) {
      throw new UserError(
        `The scope ${JSON.stringify(raw)} in the extra scopes setting is not a valid OAuth scope.`,
        'Use one word per scope, without spaces or quotes, e.g. "notes:write".',
        'scope_invalid',
      );
    }
    if (scope.length > MAX_SCOPE_LENGTH) throw scopeTooLong('The extra scopes setting', scope);
    const need = needs.get(scope) ?? { scope, tools: [], byHand: true };
    need.byHand = true;
    needs.set(scope, need);
  }
  if (needs.size > MAX_SCOPES) {
    throw new UserError(
      `The tools need ${needs.size} distinct scopes; an Auth0 API holds at most ${MAX_SCOPES} permissions, so nothing was written.`,
      'Use fewer, broader scopes (e.g. one per resource and action).',
      'too_large',
    );
  }
  return [...needs.values()];
}

/** "needed by read_notes, write_notes", "added by hand", or both: why a scope is there, in the user's terms. */
export function whyNeeded(need: ScopeNeed): string {
  const parts: string[] = [];
  if (need.tools.length) parts.push(`needed by ${need.tools.join(', ')}`);
  if (need.byHand) parts.push('added by hand');
  return parts.join('; ');
}
