// A host:port Auth0 domain behind a private CA (a proxy, a local stand-in): TLS trust follows Node's
// NODE_EXTRA_CA_CERTS. Runs the real CLI in a child process, because Node reads that variable only at start-up.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { bundleCli } from '../support/run-cli';

const tls = join(__dirname, '../fixtures/tls');
let proxy: Server;
let standin: ManagementApiStandin;
let cli: string;
let domain: string;

beforeAll(async () => {
  // An HTTPS front (certificate for localhost, signed by the test CA) passing everything to the stand-in.
  let target = '';
  proxy = createServer({ key: readFileSync(join(tls, 'localhost.key')), cert: readFileSync(join(tls, 'localhost.pem')) }, (req, res) => {
    const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  domain = `localhost:${(proxy.address() as AddressInfo).port}`;
  standin = await startManagementApiStandin({ host: domain });
  target = standin.origin;

  cli = await bundleCli(mkdtempSync(join(tmpdir(), 'auth0-mcp-cli-')));
});

afterAll(async () => {
  await standin?.close();
  await new Promise((r) => proxy?.close(r));
});

/** Async on purpose: the proxy and the stand-in live in this process, so it must keep serving while the CLI runs. */
function plan(extraEnv: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AUTH0_DOMAIN: domain,
    AUTH0_CLIENT_ID: standin.application.clientId,
    AUTH0_CLIENT_SECRET: standin.application.clientSecret,
    AUTH0_RESOURCE_SERVER_URL: 'https://my-app.ngrok-free.app',
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'plan', '--json'], { encoding: 'utf8', env, cwd: tmpdir(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('Auth0 domain as host:port behind a private CA', () => {
  it('is refused with the NODE_EXTRA_CA_CERTS fix when the CA is not trusted', async () => {
    const result = await plan({});
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/TLS certificate is not trusted/);
    expect(result.stderr).toMatch(/NODE_EXTRA_CA_CERTS/);
  });

  it('works once NODE_EXTRA_CA_CERTS names the CA', async () => {
    const result = await plan({ NODE_EXTRA_CA_CERTS: join(tls, 'ca.pem') });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(3); // changes pending on the empty stand-in tenant
    expect(JSON.parse(result.stdout).steps.find((s: { id: string }) => s.id === 'auth0.api').status).toBe('change');
  });
});
