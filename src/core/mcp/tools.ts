// The demo tools: whoami (who ChatGPT signed in as) and a profile card widget. They show a user that the whole
// ChatGPT → Auth0 → MCP path works, and serve as a reference for their own server.

import { z, type ZodRawShape } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { CallToolResult, ServerNotification, ServerRequest, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { DEFAULT_DEMO_SCOPES, type AuthMode, type DemoScopes } from './auth-mode';
import { toolChallenge, type SecurityScheme } from './security-schemes';
import { isoTime } from './token-rejection';
import { MCP_APP_MIME, PROFILE_CARD_HTML, PROFILE_CARD_URI } from './widget-html';

export interface ToolContext {
  requireAuth: boolean;
  resourceMetadataUrl: string;
  /** Default 'mixed': signed-out calls reach public tools; others answer with the tool-level challenge. */
  authMode?: AuthMode;
  demoScopes?: DemoScopes;
  /** Server-wide scopes ("required" mode): checked by the HTTP layer, listed here for the tools' declarations. */
  requiredScopes?: string[];
  /** Where save_greeting keeps each user's greeting (per running server, in memory). */
  greetings?: Map<string, string>;
  onToolCall?: (name: string) => void;
}

export type DemoTool = 'whoami' | 'show_profile_card' | 'save_greeting';

/**
 * Each demo tool's auth, the one table tools/list, the tool-level checks and the HTTP scope gate all read, so they
 * cannot disagree: whoami is public (it answers "not signed in" signed out), the profile card needs a sign-in with the
 * read scope, save_greeting also needs the write scope. With authentication off, every tool is public.
 */
export function demoToolSchemes(ctx: Pick<ToolContext, 'requireAuth' | 'demoScopes' | 'requiredScopes'>): Record<DemoTool, SecurityScheme[]> {
  if (!ctx.requireAuth) return { whoami: [{ type: 'noauth' }], show_profile_card: [{ type: 'noauth' }], save_greeting: [{ type: 'noauth' }] };
  const { read, write } = ctx.demoScopes ?? DEFAULT_DEMO_SCOPES;
  const server = ctx.requiredScopes ?? [];
  const oauth2 = (scopes: string[]): SecurityScheme => ({ type: 'oauth2', scopes: [...new Set([...server, ...scopes])] });
  return {
    whoami: [{ type: 'noauth' }, oauth2([])],
    show_profile_card: [oauth2([read])],
    save_greeting: [oauth2([read, write])],
  };
}

/** The demo tools as tools/list declares them, for reading their scopes without a request (src/core/scopes). */
export function demoToolDeclarations(
  ctx: Pick<ToolContext, 'requireAuth' | 'demoScopes' | 'requiredScopes'>,
): Array<{ name: string; securitySchemes: SecurityScheme[] }> {
  return Object.entries(demoToolSchemes(ctx)).map(([name, securitySchemes]) => ({ name, securitySchemes }));
}

/** A tool the server serves besides the demo ones (the benchmark registers many; a user's app would register its own). */
export interface ToolSpec {
  name: string;
  config: {
    title?: string;
    description?: string;
    inputSchema: ZodRawShape;
    annotations?: ToolAnnotations;
    _meta?: Record<string, unknown>;
  };
  handler: (args: Record<string, unknown>, extra: RequestHandlerExtra<ServerRequest, ServerNotification>) => CallToolResult | Promise<CallToolResult>;
}

export function registerTools(server: McpServer, tools: readonly ToolSpec[]): void {
  // The spec's handler takes the parsed arguments; registerTool's generic typing cannot follow a shape known only at run time.
  for (const tool of tools) server.registerTool(tool.name, tool.config, tool.handler as Parameters<McpServer['registerTool']>[2]);
}

export interface Identity {
  subject: string | null;
  clientId: string | null;
  scopes: string[];
  expiresAt: string | null;
}

export function identityOf(auth: AuthInfo | undefined): Identity {
  const sub = auth?.extra?.sub;
  const exp = typeof auth?.extra?.exp === 'number' ? auth.extra.exp : auth?.expiresAt;
  return {
    subject: typeof sub === 'string' ? sub : null,
    clientId: auth?.clientId || null,
    scopes: auth?.scopes ?? [],
    // A far-future exp (beyond a Date's range) is shown as unknown rather than breaking the tool.
    expiresAt: isoTime(exp) ?? null,
  };
}

export function registerDemoTools(server: McpServer, ctx: ToolContext): void {
  const schemes = demoToolSchemes(ctx);
  const gate = (name: DemoTool, auth: AuthInfo | undefined) => toolGate(schemes[name], auth, name, ctx);
  const greetings = ctx.greetings ?? new Map<string, string>();

  server.registerTool(
    'whoami',
    {
      title: 'Who am I',
      description: 'Shows the Auth0 user ChatGPT signed in as (subject, granted scopes, client id, token expiry), or that nobody is signed in.',
      annotations: { readOnlyHint: true, openWorldHint: false },
      _meta: { securitySchemes: schemes.whoami },
    },
    async (extra) => {
      ctx.onToolCall?.('whoami');
      const refused = gate('whoami', extra.authInfo);
      if (refused) return refused;
      const identity = identityOf(extra.authInfo);
      return {
        structuredContent: { ...identity },
        content: [{ type: 'text', text: describe(identity, ctx.requireAuth) }],
      };
    },
  );

  server.registerTool(
    'show_profile_card',
    {
      title: 'Show profile card',
      description: 'Shows a small card with the signed-in Auth0 user and their saved greeting, rendered as a widget.',
      inputSchema: { greeting: z.string().max(200).optional().describe('A greeting to show on the card') },
      annotations: { readOnlyHint: true, openWorldHint: false },
      _meta: {
        securitySchemes: schemes.show_profile_card,
        ui: { resourceUri: PROFILE_CARD_URI },
        'ui/resourceUri': PROFILE_CARD_URI,
        'openai/outputTemplate': PROFILE_CARD_URI,
        'openai/toolInvocation/invoking': 'Fetching your profile…',
        'openai/toolInvocation/invoked': 'Profile ready',
      },
    },
    async ({ greeting }, extra) => {
      ctx.onToolCall?.('show_profile_card');
      const refused = gate('show_profile_card', extra.authInfo);
      if (refused) return refused;
      const identity = identityOf(extra.authInfo);
      const saved = identity.subject ? greetings.get(identity.subject) : undefined;
      const text = greeting?.trim() || saved || `Hello${identity.subject ? `, ${identity.subject}` : ''}!`;
      return {
        structuredContent: { greeting: text, ...identity },
        content: [{ type: 'text', text: `${text} ${describe(identity, ctx.requireAuth)}` }],
      };
    },
  );

  server.registerTool(
    'save_greeting',
    {
      title: 'Save greeting',
      description: 'Saves the greeting your profile card shows (needs the write scope: the pattern for tools that change data).',
      inputSchema: { greeting: z.string().min(1).max(200).describe('The greeting to save') },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      _meta: { securitySchemes: schemes.save_greeting },
    },
    async ({ greeting }, extra) => {
      ctx.onToolCall?.('save_greeting');
      const refused = gate('save_greeting', extra.authInfo);
      if (refused) return refused;
      const identity = identityOf(extra.authInfo);
      const key = identity.subject ?? '';
      // Bounded: a demo must not grow without limit.
      if (!greetings.has(key) && greetings.size >= 1000) greetings.delete(greetings.keys().next().value!);
      greetings.set(key, greeting.trim());
      return { structuredContent: { saved: greeting.trim() }, content: [{ type: 'text', text: `Saved your greeting: ${greeting.trim()}` }] };
    },
  );

  server.registerResource(
    'profile-card-widget',
    PROFILE_CARD_URI,
    { title: 'Profile card widget', mimeType: MCP_APP_MIME, description: 'Renders show_profile_card results.' },
    async () => ({
      contents: [
        {
          uri: PROFILE_CARD_URI,
          mimeType: MCP_APP_MIME,
          text: PROFILE_CARD_HTML,
          _meta: { ui: { prefersBorder: true }, 'openai/widgetDescription': 'A card showing the signed-in Auth0 user.' },
        },
      ],
    }),
  );
}

function describe(identity: Identity, requireAuth: boolean): string {
  const who = identity.subject ?? (requireAuth ? 'nobody (not signed in)' : 'nobody (authentication is off)');
  return (
    `Signed in as ${who}; client ${identity.clientId ?? 'unknown'}; ` +
    `scopes: ${identity.scopes.join(' ') || 'none'}; token expires ${identity.expiresAt ?? 'never'}.`
  );
}

/**
 * Per-tool auth (Apps SDK): a public tool answers whoever calls; another tool, called signed out or without its
 * scopes, answers with the tool-level challenge naming what is missing, which makes ChatGPT run its sign-in.
 */
export function toolGate(
  schemes: readonly SecurityScheme[],
  auth: AuthInfo | undefined,
  name: string,
  ctx: Pick<ToolContext, 'requireAuth' | 'resourceMetadataUrl'>,
): CallToolResult | undefined {
  if (!ctx.requireAuth) return undefined;
  const isPublic = schemes.some((s) => s.type === 'noauth');
  const needed = schemes.flatMap((s) => (s.type === 'oauth2' ? (s.scopes ?? []) : []));
  if (!auth) return isPublic ? undefined : toolChallenge(ctx.resourceMetadataUrl, needed, `Sign in to use ${name}`);
  const missing = needed.filter((s) => !auth.scopes.includes(s));
  if (!missing.length || isPublic) return undefined;
  return toolChallenge(ctx.resourceMetadataUrl, missing, `${name} needs the scope${missing.length === 1 ? '' : 's'} ${missing.join(' ')}`);
}
