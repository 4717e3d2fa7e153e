// auth0-mcp serve as a user runs it: configuration from .env, the ready line, a clean exit on SIGINT.

import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function harness(argv: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  let stop!: (signal: string) => void;
  const stopSignal = new Promise<string>((resolve) => (stop = resolve));
  const ready = new Promise<string>((resolve) => {
    const push = out.push.bind(out);
    out.push = (...lines: string[]) => {
      for (const line of lines) if (line.startsWith('MCP server ready at ')) resolve(line.slice('MCP server ready at '.length));
      return push(...lines);
    };
  });
  const exit = main({ argv, env, cwd, out: (l) => out.push(l), err: (l) => err.push(l), stopSignal });
  return { out, err, stop, ready, exit };
}

describe('auth0-mcp serve', () => {
  it('reads .env, prints the local URL when ready, serves metadata, and exits 0 on SIGINT', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'serve-'));
    dirs.push(cwd);
    await writeFile(join(cwd, '.env'), 'AUTH0_DOMAIN=my-tenant.us.auth0.com\nAUTH0_RESOURCE_SERVER_URL="https://calm-otter.ngrok-free.app"\n');
    const run = harness(['serve', '--port', '0'], {}, cwd);
    const url = await Promise.race([run.ready, run.exit.then((code) => `exited ${code}: ${run.err.join('\n')}`)]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const prm = await (await fetch(new URL('/.well-known/oauth-protected-resource', url))).json();
    expect(prm).toMatchObject({ resource: 'https://calm-otter.ngrok-free.app', authorization_servers: ['https://my-tenant.us.auth0.com/'] });
    // Mixed auth by default: a signed-out tools/call of a tool needing a sign-in answers with the tool-level challenge.
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'show_profile_card', arguments: {} } };
    const challenge = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(call),
    });
    expect(challenge.status).toBe(200);
    const result = ((await challenge.json()) as { result: { isError: boolean; _meta: Record<string, string[]> } }).result;
    expect(result.isError).toBe(true);
    expect(result._meta['mcp/www_authenticate']?.[0]).toContain('resource_metadata="https://calm-otter.ngrok-free.app/.well-known/oauth-protected-resource"');
    run.stop('SIGINT');
    expect(await run.exit).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('--require-auth: every request needs sign-in (401 with the challenge)', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'serve-'));
    dirs.push(cwd);
    await writeFile(join(cwd, '.env'), 'AUTH0_DOMAIN=my-tenant.us.auth0.com\nAUTH0_RESOURCE_SERVER_URL=https://calm-otter.ngrok-free.app\n');
    const run = harness(['serve', '--port', '0', '--require-auth'], {}, cwd);
    const url = await Promise.race([run.ready, run.exit.then((code) => `exited ${code}: ${run.err.join('\n')}`)]);
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(initialize),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('resource_metadata="https://calm-otter.ngrok-free.app/.well-known/oauth-protected-resource"');
    run.stop('SIGINT');
    expect(await run.exit).toBe(0);
  });

  it('flags win over the environment', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'serve-'));
    dirs.push(cwd);
    const run = harness(
      ['serve', '--port=0', '--domain', 'flag-tenant.eu.auth0.com', '--resource-url', 'https://flag.example.com/mcp'],
      { AUTH0_DOMAIN: 'env-tenant.us.auth0.com', AUTH0_RESOURCE_SERVER_URL: 'https://env.example.com' },
      cwd,
    );
    const url = await run.ready;
    const prm = await (await fetch(new URL('/.well-known/oauth-protected-resource/mcp', url))).json();
    expect(prm).toMatchObject({ resource: 'https://flag.example.com/mcp', authorization_servers: ['https://flag-tenant.eu.auth0.com/'] });
    run.stop('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('fails with the missing setting and its fix', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'serve-'));
    dirs.push(cwd);
    const run = harness(['serve', '--domain', 'tenant.us.auth0.com'], {}, cwd);
    expect(await run.exit).toBe(1);
    expect(run.err.join('\n')).toMatch(/No resource URL.*\nFix: Set AUTH0_RESOURCE_SERVER_URL/s);
  });
});
