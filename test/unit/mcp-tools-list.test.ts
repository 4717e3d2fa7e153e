import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { liftSecuritySchemes } from '../../src/core/mcp/security-schemes';
import { challengeDescription } from '../../src/core/mcp/request-log';
import { identityOf } from '../../src/core/mcp/tools';

describe('securitySchemes lifting', () => {
  it('copies _meta.securitySchemes to the top level of each tool in a tools/list result', () => {
    const message = {
      jsonrpc: '2.0',
      id: 3,
      result: {
        tools: [
          { name: 'a', inputSchema: { type: 'object' }, _meta: { securitySchemes: [{ type: 'oauth2', scopes: ['x'] }] } },
          { name: 'b', inputSchema: { type: 'object' } },
        ],
      },
    } as JSONRPCMessage;
    const lifted = liftSecuritySchemes(message) as unknown as { result: { tools: Array<Record<string, unknown>> } };
    expect(lifted.result.tools[0]?.securitySchemes).toEqual([{ type: 'oauth2', scopes: ['x'] }]);
    expect(lifted.result.tools[1]).not.toHaveProperty('securitySchemes');
  });

  it('leaves other messages alone', () => {
    const message = { jsonrpc: '2.0', id: 1, result: { content: [] } } as JSONRPCMessage;
    expect(liftSecuritySchemes(message)).toBe(message);
    const error = { jsonrpc: '2.0', id: 1, error: { code: -1, message: 'x' } } as JSONRPCMessage;
    expect(liftSecuritySchemes(error)).toBe(error);
  });
});

describe('whoami identity', () => {
  it('reports subject, client, scopes and the exact expiry as ISO', () => {
    expect(identityOf({ token: 't', clientId: 'c1', scopes: ['a'], expiresAt: 1_900_000_030, extra: { sub: 'auth0|1', exp: 1_900_000_000 } })).toEqual({
      subject: 'auth0|1',
      clientId: 'c1',
      scopes: ['a'],
      expiresAt: new Date(1_900_000_000_000).toISOString(),
    });
    expect(identityOf(undefined)).toEqual({ subject: null, clientId: null, scopes: [], expiresAt: null });
  });
});

describe('challenge description for the log', () => {
  it('extracts error and description from WWW-Authenticate', () => {
    expect(challengeDescription('Bearer error="invalid_token", error_description="The access token has expired", resource_metadata="https://h/x"')).toBe(
      'invalid_token: The access token has expired',
    );
  });
});
