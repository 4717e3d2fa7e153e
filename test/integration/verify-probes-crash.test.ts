// The other-audience probe's throwaway API and grant survive no interruption: `auth0-mcp verify` killed (SIGKILL, in a
// child process) just after creating the API, just before and just after granting it, then `auth0-mcp restore`
// returns the tenant to exactly what it was; a Ctrl-C (SIGINT) deletes them on the way out, with no restore needed.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProbeApiIdentifier } from '../../src/core/auth0';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { startOwnMcpServer, type OwnMcpServer } from '../support/own-mcp-server';
import { bundleCli, runCli, standinEnv } from '../support/run-cli';

const dirs: string[] = [];
let cli: string;
let server: OwnMcpServer;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verify-probe-crash-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  cli = await bundleCli(tempDir());
  // Names the stand-in tenant as its authorization server, so verify gets past the metadata and the challenge.
  server = await startOwnMcpServer({ issuer: 'https://tenant.standin.test/', jwksUri: 'http://127.0.0.1:9/.well-known/jwks.json' });
});
afterAll(async () => {
  await server?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const snapshot = (standin: ManagementApiStandin) =>
  JSON.stringify({ apis: standin.data.resourceServers.map((r) => r.identifier).sort(), grants: standin.data.clientGrants.map((g) => g.id).sort() });

function verifyInChild(standin: ManagementApiStandin, cwd: string, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, 'verify', '--no-login', '--url', server.resource], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...standinEnv(standin, server.resource), ...extra },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, done, stderr: () => stderr };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

describe('verify interrupted while its throwaway API exists', () => {
  for (const crash of ['after POST /api/v2/resource-servers', 'before POST /api/v2/client-grants', 'after POST /api/v2/client-grants']) {
    it(`killed ${crash}: restore deletes what verify made, and only that`, async () => {
      const standin = await startManagementApiStandin();
      try {
        const before = snapshot(standin);
        const cwd = tempDir();
        const run = verifyInChild(standin, cwd, { AUTH0_MCP_TEST_CRASH: crash });
        expect((await run.done).signal).toBe('SIGKILL');
        expect(standin.data.resourceServers.some((r) => isProbeApiIdentifier(String(r.identifier)))).toBe(true);
        if (crash.startsWith('after POST /api/v2/client-grants')) expect(snapshot(standin)).not.toBe(before);
        const restore = await runCli(['restore', '--yes'], { env: standinEnv(standin, server.resource), cwd });
        expect(restore.code).toBe(0);
        expect(snapshot(standin)).toBe(before);
        // Nothing is left to restore.
        expect((await runCli(['restore', '--yes'], { env: standinEnv(standin, server.resource), cwd })).out).toMatch(/^Nothing to restore/m);
      } finally {
        await standin.close();
      }
    });
  }

  it('restore never deletes an API outside the probe prefix, whatever a planted journal line says', async () => {
    const standin = await startManagementApiStandin({
      seed: { resourceServers: [{ id: 'real', identifier: 'https://my-real-api.example.com', name: 'Real' }], clientGrants: [] },
    });
    try {
      const cwd = tempDir();
      const before = snapshot(standin);
      await mkdir(join(cwd, '.auth0-mcp'), { recursive: true });
      const line = (entry: object) => JSON.stringify({ v: 1, at: new Date().toISOString(), pid: 1, entry });
      await writeFile(
        join(cwd, '.auth0-mcp', `restore-${standin.host}.jsonl`),
        `${line({ kind: 'probe-api', identifier: 'https://my-real-api.example.com' })}\n${line({ kind: 'probe-grant', audience: 'https://my-real-api.example.com', clientId: 'x' })}\n`,
      );
      const restore = await runCli(['restore', '--yes'], { env: standinEnv(standin, server.resource), cwd });
      expect(restore.code).toBe(1);
      expect(restore.err).toMatch(/not a probe API: left alone/);
      expect(snapshot(standin)).toBe(before);
    } finally {
      await standin.close();
    }
  });

  it('Ctrl-C: verify deletes the API and the grant on its way out', async () => {
    // Each Management API answer is slow enough for the signal to land while the probe objects exist.
    const standin = await startManagementApiStandin({ latencyMs: 150 });
    try {
      const before = snapshot(standin);
      const cwd = tempDir();
      const run = verifyInChild(standin, cwd);
      await until(() => standin.data.clientGrants.length > 0);
      run.child.kill('SIGINT');
      const { code } = await run.done;
      expect(code).not.toBeNull();
      expect(snapshot(standin)).toBe(before);
      expect((await runCli(['restore', '--yes'], { env: standinEnv(standin, server.resource), cwd })).out).toMatch(/^Nothing to restore/m);
    } finally {
      await standin.close();
    }
  });
});
