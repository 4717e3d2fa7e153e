// RFC 9728 Protected Resource Metadata. Written by hand because the SDK's mcpAuthMetadataRouter serves only the
// path-suffixed URL and refuses http issuers other than localhost; ChatGPT tries the path form, then the root.

import type { RequestHandler } from 'express';

export const PRM_PATHS = ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'];

export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported: string[];
  resource_name: string;
  bearer_methods_supported: string[];
}

export function protectedResourceMetadata(input: { resourceUrl: string; issuer: string; scopes: string[]; resourceName: string }): ProtectedResourceMetadata {
  return {
    resource: input.resourceUrl,
    authorization_servers: [input.issuer],
    scopes_supported: input.scopes,
    resource_name: input.resourceName,
    bearer_methods_supported: ['header'],
  };
}

/** Serves the current document; it is read per request because the public URL can change at run time. */
export function protectedResourceHandler(current: () => ProtectedResourceMetadata): RequestHandler {
  return (_req, res) => {
    res.set('Cache-Control', 'no-store');
    // Browser-based clients (MCP Inspector) read this cross-origin; it is public by design.
    res.set('Access-Control-Allow-Origin', '*');
    res.json(current());
  };
}
