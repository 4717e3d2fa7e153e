// The app's tools and its widget. Each tool declares its auth the Apps SDK way (`securitySchemes`): ChatGPT lets
// anyone call a `noauth` tool and signs the user in for an `oauth2` one. The server enforces it too: a tool called
// without the sign-in or the scope it needs answers with the tool-level challenge, which makes ChatGPT ask the user
// to sign in. Add your own tools here; a new scope must also be a permission of your Auth0 API.

import { readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export const SCOPES = ['notes:write'];
export const WIDGET_URI = 'ui://widget/profile.html';
const WIDGET_MIME = 'text/html;profile=mcp-app'; // an MCP Apps widget, which ChatGPT renders
const widgetHtml = readFileSync(new URL('./widget.html', import.meta.url), 'utf8');

/** Each user's notes, in memory: replace with your database. */
const notes = new Map<string, string[]>();

export function createMcpServer(resourceMetadataUrl: string): McpServer {
  const server = new McpServer({ name: 'my-chatgpt-app', version: '0.1.0' });

  /** The tool-level challenge (Apps SDK): ChatGPT answers it by signing the user in, asking for `scopes`. */
  const signInNeeded = (description: string, scopes: string[] = []): CallToolResult => ({
    isError: true,
    content: [{ type: 'text', text: description }],
    _meta: {
      'mcp/www_authenticate': [
        `Bearer resource_metadata="${resourceMetadataUrl}", error="insufficient_scope"` +
          (scopes.length ? `, scope="${scopes.join(' ')}"` : '') +
          `, error_description="${description}"`,
      ],
    },
  });

  server.registerTool(
    'hello',
    {
      title: 'Say hello',
      description: 'Says hello. Anyone can call it, signed in or not.',
      inputSchema: { name: z.string().max(100).optional().describe('Who to greet') },
      annotations: { readOnlyHint: true },
      _meta: { securitySchemes: [{ type: 'noauth' }] },
    },
    async ({ name }, { authInfo }) => ({
      content: [{ type: 'text', text: `Hello, ${name ?? (authInfo ? 'signed-in user' : 'stranger')}!` }],
    }),
  );

  server.registerTool(
    'whoami',
    {
      title: 'Who am I',
      description: 'Shows the signed-in user, their granted scopes and their notes on a card.',
      annotations: { readOnlyHint: true },
      _meta: { securitySchemes: [{ type: 'oauth2' }], ui: { resourceUri: WIDGET_URI } },
    },
    async ({ authInfo }) => {
      if (!authInfo) return signInNeeded('Sign in to see who you are');
      const user = String(authInfo.extra?.sub);
      const profile = { user, scopes: authInfo.scopes, notes: notes.get(user) ?? [] };
      return { structuredContent: profile, content: [{ type: 'text', text: JSON.stringify(profile) }] };
    },
  );

  server.registerTool(
    'add_note',
    {
      title: 'Add a note',
      description: 'Adds a note to the signed-in user’s list. Needs the notes:write scope.',
      inputSchema: { text: z.string().min(1).max(500).describe('The note') },
      annotations: { readOnlyHint: false, destructiveHint: false },
      _meta: { securitySchemes: [{ type: 'oauth2', scopes: ['notes:write'] }] },
    },
    async ({ text }, { authInfo }) => {
      if (!authInfo?.scopes.includes('notes:write')) return signInNeeded('Adding a note needs the notes:write scope', ['notes:write']);
      const user = String(authInfo.extra?.sub);
      notes.set(user, [...(notes.get(user) ?? []), text].slice(-100));
      return { content: [{ type: 'text', text: `Added. You have ${notes.get(user)!.length} note(s).` }] };
    },
  );

  server.registerResource('profile-widget', WIDGET_URI, { title: 'Profile card', mimeType: WIDGET_MIME }, async () => ({
    contents: [{ uri: WIDGET_URI, mimeType: WIDGET_MIME, text: widgetHtml }],
  }));
  return server;
}

/**
 * ChatGPT reads `securitySchemes` at the top level of each tool in tools/list. The MCP SDK (1.32) keeps only the keys
 * it knows, so the tools above carry it in `_meta` and this copies it up on the way out.
 */
export function withSecuritySchemes<T extends Transport>(transport: T): T {
  const send = transport.send.bind(transport);
  transport.send = (message, options) => send(liftSecuritySchemes(message), options);
  return transport;
}

function liftSecuritySchemes(message: JSONRPCMessage): JSONRPCMessage {
  if (!('result' in message) || !Array.isArray(message.result.tools)) return message;
  const tools = (message.result.tools as Array<{ _meta?: { securitySchemes?: unknown } }>).map((tool) => ({
    ...tool,
    securitySchemes: tool._meta?.securitySchemes,
  }));
  return { ...message, result: { ...message.result, tools } };
}
