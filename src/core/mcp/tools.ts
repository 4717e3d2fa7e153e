// The demo tools: whoami (who ChatGPT signed in as) and a profile card widget. They show a user that the whole
// ChatGPT → Auth0 → MCP path works, and serve as a reference for their own server.

import { z, type ZodRawShape } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { CallToolResult, ServerNotification, ServerRequest, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { SecurityScheme } from './security-schemes';
import { isoTime } from './token-rejection';
import { MCP_APP_MIME, PROFILE_CARD_HTML, PROFILE_CARD_URI } from './widget-html';

export interface ToolContext {
  requiredScopes: string[];
  requireAuth: boolean;
  resourceMetadataUrl: string;
  onToolCall?: (name: string) => void;
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
  const securitySchemes: SecurityScheme[] = ctx.requireAuth ? [{ type: 'oauth2', scopes: ctx.requiredScopes }] : [{ type: 'noauth' }];

  server.registerTool(
    'whoami',
    {
      title: 'Who am I',
      description: 'Shows the Auth0 user ChatGPT signed in as: subject, granted scopes, client id and token expiry.',
      annotations: { readOnlyHint: true, openWorldHint: false },
      _meta: { securitySchemes },
    },
    async (extra) => {
      ctx.onToolCall?.('whoami');
      const missing = missingScopes(extra.authInfo, ctx);
      if (missing) return missing;
      const identity = identityOf(extra.authInfo);
      return {
        structuredContent: { ...identity },
        content: [{ type: 'text', text: describe(identity) }],
      };
    },
  );

  server.registerTool(
    'show_profile_card',
    {
      title: 'Show profile card',
      description: 'Shows a small card with the signed-in Auth0 user, rendered as a widget.',
      inputSchema: { greeting: z.string().max(200).optional().describe('A greeting to show on the card') },
      annotations: { readOnlyHint: true, openWorldHint: false },
      _meta: {
        securitySchemes,
        ui: { resourceUri: PROFILE_CARD_URI },
        'ui/resourceUri': PROFILE_CARD_URI,
        'openai/outputTemplate': PROFILE_CARD_URI,
        'openai/toolInvocation/invoking': 'Fetching your profile…',
        'openai/toolInvocation/invoked': 'Profile ready',
      },
    },
    async ({ greeting }, extra) => {
      ctx.onToolCall?.('show_profile_card');
      const missing = missingScopes(extra.authInfo, ctx);
      if (missing) return missing;
      const identity = identityOf(extra.authInfo);
      const text = greeting?.trim() || `Hello${identity.subject ? `, ${identity.subject}` : ''}!`;
      return {
        structuredContent: { greeting: text, ...identity },
        content: [{ type: 'text', text: `${text} ${describe(identity)}` }],
      };
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

function describe(identity: Identity): string {
  return (
    `Signed in as ${identity.subject ?? 'nobody (authentication is off)'}; client ${identity.clientId ?? 'unknown'}; ` +
    `scopes: ${identity.scopes.join(' ') || 'none'}; token expires ${identity.expiresAt ?? 'never'}.`
  );
}

/** ChatGPT shows its sign-in UI when a tool answers with this error and challenge. */
function missingScopes(auth: AuthInfo | undefined, ctx: ToolContext): CallToolResult | undefined {
  if (!ctx.requireAuth) return undefined;
  const missing = ctx.requiredScopes.filter((s) => !auth?.scopes.includes(s));
  if (auth && missing.length === 0) return undefined;
  const description = auth ? `Missing scopes: ${missing.join(' ')}` : 'Sign in required';
  return {
    isError: true,
    content: [{ type: 'text', text: description }],
    _meta: {
      'mcp/www_authenticate': [`Bearer resource_metadata="${ctx.resourceMetadataUrl}", error="insufficient_scope", error_description="${description}"`],
    },
  };
}
