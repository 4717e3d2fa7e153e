// The restore crash matrix: `auth0-mcp apply` really killed (SIGKILL, in a child process) just before and just after
// every tenant write it makes, and every write timing out with its outcome unknown; each time `auth0-mcp restore`
// must return the stand-in tenant to exactly what it was. Also: the first Ctrl-C finishes the write in flight.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { applyPlan, checkPlan, createManagementSession, desiredTenant, fileRestoreJournal, restoreTenant } from '../../src/core/auth0';
import { standinConnection, startManagementApiStandin, type ManagementApiStandin, type TenantData } from '../support/management-api-standin';
import { bundleCli } from '../support/run-cli';

const RESOURCE = 'https://my-app.ngrok-free.app';
const dirs: string[] = [];
let cli: string;

beforeAll(async () => {
  cli = await bundleCli(tempDir());
});

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'auth0-mcp-crash-'));
  dirs.push(dir);
  return dir;
}

function env(standin: ManagementApiStandin): Record<string, string> {
  return {
    AUTH0_DOMAIN: standin.host,
    AUTH0_CLIENT_ID: standin.application.clientId,
    AUTH0_CLIENT_SECRET: standin.application.clientSecret,
    AUTH0_RESOURCE_SERVER_URL: RESOURCE,
    AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin,
  };
}

interface Child {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
  stderr(): string;
}

/** The real CLI in its own process; async, because the stand-in lives in this one and must keep answering. */
function applyInChild(standin: ManagementApiStandin, cwd: string, extra: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, [cli, 'apply', '--yes'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env(standin), ...extra },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    done: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr }))),
    kill: (signal) => child.kill(signal),
    stderr: () => stderr,
  };
}

async function restore(standin: ManagementApiStandin, cwd: string): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main({ argv: ['restore', '--yes'], cwd, env: env(standin), out: () => {}, err: (l) => err.push(l), stopSignal: new Promise(() => {}) });
  return { code, err: err.join('\n') };
}

/**
 * The tenant as a user sees it. The Management API cannot unset these three, so "absent" is written back as the
 * value Auth0 reads absence as: "" (no default audience), false (no iss parameter), false (DCR off).
 */
function observable(data: TenantData): TenantData {
  const { default_audience, authorization_response_iss_parameter_supported, flags, ...settings } = data.settings as Record<string, unknown>;
  const { enable_dynamic_client_registration, ...otherFlags } = (flags ?? {}) as Record<string, unknown>;
  return {
    ...structuredClone(data),
    logs: [],
    settings: {
      ...settings,
      ...(default_audience ? { default_audience } : {}),
      ...(authorization_response_iss_parameter_supported ? { authorization_response_iss_parameter_supported } : {}),
      flags: { ...otherFlags, ...(enable_dynamic_client_registration ? { enable_dynamic_client_registration } : {}) },
    },
  };
}

/** Every write a full apply makes on a new tenant, as "METHOD /path-prefix #n" (ids cut off, n-th of its kind). */
async function writesOfAFullApply(): Promise<string[]> {
  const standin = await startManagementApiStandin();
  try {
    const session = createManagementSession(standinConnection(standin));
    await applyPlan(session, await checkPlan(session, desiredTenant({ domain: standin.host, resourceUrl: RESOURCE })));
    const seen = new Map<string, number>();
    return standin.writes().map((w) => {
      const prefix = w.path.startsWith('/api/v2/tenants/') ? w.path : w.path.replace(/^(\/api\/v2\/[^/]+)\/.+$/, '$1/');
      const kind = `${w.method} ${prefix}`;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      return `${kind} #${seen.get(kind)}`;
    });
  } finally {
    await standin.close();
  }
}

const writes = await writesOfAFullApply();

describe('apply killed at every write, then restore', () => {
  it('covers every kind of write apply makes', () => {
    expect(writes.map((w) => w.replace(/ #\d+$/, '')).sort()).toEqual(
      [
        'PATCH /api/v2/connections/',
        'PATCH /api/v2/tenants/settings',
        'PATCH /api/v2/tenants/settings',
        'POST /api/v2/client-grants',
        'POST /api/v2/resource-servers',
      ].sort(),
    );
  });

  for (const write of writes) {
    for (const when of ['before', 'after'] as const) {
      it(`killed ${when} ${write}: restore puts back exactly what was there`, async () => {
        const standin = await startManagementApiStandin();
        try {
          const original = observable(standin.data);
          const cwd = tempDir();
          const [method, prefix] = write.split(' ');
          const matching = () => standin.writes().filter((w) => w.method === method && w.path.startsWith(prefix)).length;
          const result = await applyInChild(standin, cwd, { AUTH0_MCP_TEST_CRASH: `${when} ${write}` }).done;
          expect(result.signal).toBe('SIGKILL');
          const n = Number(write.split('#')[1]);
          // Killed before: that write never reached the tenant. Killed after: it did.
          expect(matching()).toBe(when === 'before' ? n - 1 : n);
          if (when === 'after') expect(observable(standin.data)).not.toEqual(original);

          const restored = await restore(standin, cwd);
          expect(restored.err).toBe('');
          expect(restored.code).toBe(0);
          expect(observable(standin.data)).toEqual(original);
        } finally {
          await standin.close();
        }
      });
    }
  }
});

describe('a write whose answer never comes', () => {
  for (const write of writes) {
    it(`${write} times out on every attempt but lands: restore still puts everything back`, async () => {
      const standin = await startManagementApiStandin();
      try {
        const original = observable(standin.data);
        const [method, prefix, nth] = write.split(' ');
        const session = createManagementSession({ ...standinConnection(standin), attemptTimeoutMs: 200, maxRetries: 1 });
        const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE });
        const plan = await checkPlan(session, desired);
        // Earlier writes of the same kind answer normally; this one is slow on both attempts, yet the tenant applies it.
        standin.fail({ status: 200, delayMs: 600, method, path: prefix, skip: Number(nth.slice(1)) - 1, times: 2 });
        const journal = fileRestoreJournal(join(tempDir(), 'restore.jsonl'), standin.host);
        const report = await applyPlan(session, plan, { journal });
        expect(report.outcomes.some((o) => o.result === 'failed' && /did not answer in time|timed out|in time/.test(o.error?.message ?? ''))).toBe(true);
        await until(() => standin.requests.every((r) => r.status !== undefined)); // the slow attempts land
        const record = await journal.read();
        const result = await restoreTenant(session, record);
        expect(result.failed).toEqual([]);
        expect(observable(standin.data)).toEqual(original);
      } finally {
        await standin.close();
      }
    });
  }
});

describe('Ctrl-C during apply', () => {
  const sent = (standin: ManagementApiStandin) => standin.requests.some((r) => r.method === 'POST' && r.path === '/api/v2/resource-servers');

  it('the first finishes the write in flight, says how to abort, and starts no other write', async () => {
    const standin = await startManagementApiStandin();
    try {
      const original = observable(standin.data);
      const cwd = tempDir();
      standin.fail({ status: 200, delayMs: 1500, method: 'POST', path: '/api/v2/resource-servers' });
      const child = applyInChild(standin, cwd);
      await until(() => sent(standin));
      child.kill('SIGINT');
      const result = await child.done;
      expect(result.signal).toBeNull();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('finishing the write in flight');
      expect(result.stderr).toContain('Press Ctrl-C again to abort now');
      expect(standin.data.resourceServers.some((r) => r.identifier === RESOURCE)).toBe(true);
      expect(standin.writes().map((w) => `${w.method} ${w.path}`)).toEqual(['POST /api/v2/resource-servers']);
      expect((await restore(standin, cwd)).code).toBe(0);
      expect(observable(standin.data)).toEqual(original);
    } finally {
      await standin.close();
    }
  });

  it('the second stops at once, and restore still puts back what the abandoned write did', async () => {
    const standin = await startManagementApiStandin();
    try {
      const original = observable(standin.data);
      const cwd = tempDir();
      standin.fail({ status: 200, delayMs: 1500, method: 'POST', path: '/api/v2/resource-servers' });
      const child = applyInChild(standin, cwd);
      await until(() => sent(standin));
      child.kill('SIGINT');
      await until(() => child.stderr().includes('Ctrl-C again'));
      child.kill('SIGINT');
      expect((await child.done).signal).toBe('SIGINT');
      await until(() => standin.requests.every((r) => r.status !== undefined)); // the abandoned create lands anyway
      expect((await restore(standin, cwd)).code).toBe(0);
      expect(observable(standin.data)).toEqual(original);
    } finally {
      await standin.close();
    }
  });
});

describe('concurrent runs on one tenant', () => {
  it('two applies at once, one killed midway, share one journal; restore puts back exactly what was there', async () => {
    const standin = await startManagementApiStandin({ latencyMs: 30 });
    try {
      const original = observable(standin.data);
      const cwd = tempDir();
      const first = applyInChild(standin, cwd);
      const second = applyInChild(standin, cwd, { AUTH0_MCP_TEST_CRASH: 'after PATCH /api/v2/tenants/settings #1' });
      const [a, b] = await Promise.all([first.done, second.done]);
      expect(a.signal).toBeNull();
      expect(b.signal).toBe('SIGKILL');
      const restored = await restore(standin, cwd);
      expect(restored.err).toBe('');
      expect(observable(standin.data)).toEqual(original);
    } finally {
      await standin.close();
    }
  });
});
