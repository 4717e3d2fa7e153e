// The network guard every vitest file runs under (test/support/no-network.ts): loopback only.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';

describe('test network guard', () => {
  it('refuses a connection to a public host, naming it', async () => {
    const error = await fetch('http://tenant.us.auth0.com/.well-known/openid-configuration').then(
      () => undefined,
      (e: Error & { cause?: Error }) => e,
    );
    expect(String(error?.cause?.message ?? error?.message)).toMatch(/test network guard: a connection to tenant\.us\.auth0\.com/);
  });

  it('lets loopback through', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(await response.text()).toBe('ok');
    } finally {
      server.close();
    }
  });
});
