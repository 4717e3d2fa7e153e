// The server reference shipped with the extension must not rot: its sketch imports only modules that exist, and the
// SDK functions it calls behave as the text says.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';

const doc = readFileSync(join(__dirname, '../../media/server-reference.md'), 'utf8');
const sketch = /```ts\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';

describe('server reference', () => {
  it('has a sketch whose imports all resolve', () => {
    const imports = [...sketch.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(expect.arrayContaining(['jose', '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js']));
    for (const specifier of imports) expect(() => require.resolve(specifier), specifier).not.toThrow();
  });

  it('names the metadata URL the challenge must carry, as the SDK computes it', () => {
    expect(getOAuthProtectedResourceMetadataUrl(new URL('https://a.ngrok.app'))).toBe('https://a.ngrok.app/.well-known/oauth-protected-resource');
    expect(doc).toContain('resource_metadata="https://<public host>/.well-known/oauth-protected-resource"');
    expect(typeof requireBearerAuth).toBe('function');
  });
});
