// ChatGPT reads each tool's `securitySchemes` at the top level of the tools/list entry. SDK 1.32.2's registerTool
// drops unknown top-level keys, so tools carry it in _meta and this lifts it into place on the way out.

import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export type SecurityScheme = { type: 'noauth' } | { type: 'oauth2'; scopes?: string[] };

export function liftSecuritySchemes(message: JSONRPCMessage): JSONRPCMessage {
  if (!('result' in message) || !message.result || !Array.isArray((message.result as { tools?: unknown }).tools)) return message;
  const result = message.result as { tools: Array<Record<string, unknown>> };
  const tools = result.tools.map((tool) => {
    const schemes = (tool._meta as { securitySchemes?: unknown } | undefined)?.securitySchemes;
    return schemes === undefined ? tool : { ...tool, securitySchemes: schemes };
  });
  return { ...message, result: { ...result, tools } } as JSONRPCMessage;
}

/** Wraps a server transport's send so every tools/list result carries top-level securitySchemes. */
export function withTopLevelSecuritySchemes<T extends Transport>(transport: T): T {
  const send = transport.send.bind(transport);
  transport.send = (message, options) => send(liftSecuritySchemes(message), options);
  return transport;
}

/**
 * The tool-level challenge (Apps SDK): an error result whose `_meta["mcp/www_authenticate"]` holds an RFC 6750
 * challenge; ChatGPT answers it with its sign-in, asking for the scopes it names.
 */
export function toolChallenge(resourceMetadataUrl: string, scopes: readonly string[], description: string): CallToolResult {
  const scope = scopes.length ? `, scope="${scopes.join(' ')}"` : '';
  return {
    isError: true,
    content: [{ type: 'text', text: description }],
    _meta: {
      'mcp/www_authenticate': [`Bearer resource_metadata="${resourceMetadataUrl}", error="insufficient_scope"${scope}, error_description="${description}"`],
    },
  };
}
