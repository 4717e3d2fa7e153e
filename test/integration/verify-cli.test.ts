// auth0-mcp verify: exit codes, JSON and human output, against the offline stack; and the Management API deleter.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import type { CliIO } from '../../src/cli/io';
import { managementAccess, runVerify } from '../../src/cli/verify';
import { startManagementApiStandin } from '../support/management-api-standin';
import { startVerifyStack, type VerifyStack } from './verify-stack';

let stack: VerifyStack;
let cwd: string;

beforeAll(async () => {
  stack = await startVerifyStack();
  cwd = await mkdtemp(join(tmpdir(), 'verify-cli-')); // no .env here
});
afterAll(async () => {
  await stack?.close();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

function io(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIO = {
    argv,
    env: { AUTH0_MCP_PUBLIC_URL: stack.publicUrl, ...env },
    cwd,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stopSignal: new Promise(() => undefined),
  };
  return { io: value, out, err };
}

describe('auth0-mcp verify', () => {
  it('--json --no-login: exit 0, the unattended checks pass, the rest skipped, the undeleted client reported', async () => {
    const run = io(['verify', '--json', '--no-login']);
    expect(await main(run.io)).toBe(0);
    const report = JSON.parse(run.out.join('\n'));
    expect(report.ok).toBe(true);
    expect(report.checks.map((c: { status: string }) => c.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'skip',
      'pass',
      'pass',
      'pass',
      'skip',
      'skip',
      'skip',
      'skip',
    ]);
    expect(report.testClient.detail).toMatch(/^not deleted: no Management API credentials/);
  });

  it('--json with a wrong --resource-url: exit 1 and the failed check with its fix', async () => {
    const run = io(['verify', '--json', '--no-login', '--resource-url', `${stack.publicUrl}/`]);
    expect(await main(run.io)).toBe(1);
    const report = JSON.parse(run.out.join('\n'));
    expect(report.ok).toBe(false);
    expect(report.checks[0]).toMatchObject({ id: 'metadata', status: 'fail' });
    expect(report.checks[0].diagnosis.problem).toMatch(/trailing slash/);
  });

  it('AUTH0_RESOURCE_SERVER_URL is the expected identifier when no flag is given', async () => {
    const run = io(['verify', '--json', '--no-login'], { AUTH0_RESOURCE_SERVER_URL: 'https://stale.example.com' });
    expect(await main(run.io)).toBe(1);
    expect(JSON.parse(run.out.join('\n')).checks[0].diagnosis.problem).toMatch(/another host/);
  });

  it('human output: one line per check with ✓, the sign-in URL on stderr, exit 0', async () => {
    const run = io(['--url', stack.publicUrl]);
    const opened: string[] = [];
    const code = await runVerify(run.io, {
      openBrowser: async (url) => {
        opened.push(url);
        await stack.openBrowser(url);
      },
    });
    expect(code).toBe(0);
    const checkLines = run.out.filter((l) => /^[✓✗–] /.test(l));
    expect(checkLines).toHaveLength(11);
    expect(checkLines.filter((l) => l.startsWith('✓ '))).toHaveLength(10);
    expect(checkLines).toContain(
      '– Tenant configuration (Management API): needs Management API credentials (the unattended probe checks the tenant without them)',
    );
    expect(run.out.at(-1)).toBe(`OK: 10 passed, 1 skipped. App URL for ChatGPT: ${stack.publicUrl}/mcp`);
    expect(run.err.join('\n')).toContain(opened[0]);
  });

  it('human output of a failure: ✗ with the fix, skipped checks with –, exit 1', async () => {
    const run = io(['verify', '--no-login', '--resource-url', `${stack.publicUrl}/mcp`]);
    expect(await main(run.io)).toBe(1);
    const text = run.out.join('\n');
    expect(text).toMatch(/^✗ Protected Resource Metadata: /m);
    expect(text).toMatch(/^ {4}Fix: .*AUTH0_RESOURCE_SERVER_URL/m);
    expect(text).toMatch(/^ {4}Automatic fix: Update the backend \.env \(step env\)/m);
    expect(text).toMatch(/^– Dynamic Client Registration: needs/m);
    expect(run.out.at(-1)).toMatch(/^FAILED: /);
  });

  it('usage errors: no public URL (exit 1 with the fix) and an unknown flag (exit 2)', async () => {
    const noUrl = io(['verify', '--no-login'], { AUTH0_MCP_PUBLIC_URL: '' });
    expect(await main(noUrl.io)).toBe(1);
    expect(noUrl.err.join('\n')).toMatch(/No public URL to verify[\s\S]*AUTH0_MCP_PUBLIC_URL/);
    const unknown = io(['verify', '--nope']);
    expect(await main(unknown.io)).toBe(2);
  });
});

describe('the CLI deletes the test client through the Management API engine', () => {
  it('deletes a tpc_ client at the Management API, and refuses any other client', async () => {
    const standin = await startManagementApiStandin({ seed: { clients: [{ client_id: 'tpc_verify1', name: 'verify', is_first_party: false }] } });
    try {
      const env = {
        AUTH0_DOMAIN: standin.host,
        AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin,
        AUTH0_CLIENT_ID: standin.application.clientId,
        AUTH0_CLIENT_SECRET: standin.application.clientSecret,
      };
      const { deleteClient } = await managementAccess([{ name: 'the environment', values: env, overrides: true }]);
      await deleteClient!('tpc_verify1');
      expect(standin.data.clients.some((c) => c.client_id === 'tpc_verify1')).toBe(false);
      await expect(deleteClient!('first-party-app')).rejects.toThrow(/not a dynamically registered/);
      expect(await managementAccess([{ name: 'the environment', values: { AUTH0_DOMAIN: standin.host }, overrides: true }])).toEqual({ noDeleteReason: 'no Management API credentials' });
    } finally {
      await standin.close();
    }
  });
});
