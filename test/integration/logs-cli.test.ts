// auth0-mcp logs through main() with a fake CliIO, the environment pointing at the Management API stand-in.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import type { CliIO } from '../../src/cli/io';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { API, failures, ordinary } from '../support/log-events';

let standin: ManagementApiStandin;
let cwd: string;

beforeEach(async () => {
  standin = await startManagementApiStandin({
    seed: { logs: [ordinary['unrelated app success'](), failures['no-connections'](), ordinary['DCR registration'](), failures['wrong-password']()] },
  });
  cwd = await mkdtemp(join(tmpdir(), 'auth0-mcp-logs-'));
});

afterEach(async () => {
  await standin.close();
  await rm(cwd, { recursive: true, force: true });
});

function cli(argv: string[], stopSignal: Promise<string> = new Promise(() => {})) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    argv: ['logs', ...argv],
    cwd,
    env: {
      AUTH0_DOMAIN: standin.host,
      AUTH0_CLIENT_ID: standin.application.clientId,
      AUTH0_CLIENT_SECRET: standin.application.clientSecret,
      AUTH0_RESOURCE_SERVER_URL: API,
      AUTH0_MCP_MANAGEMENT_ORIGIN: standin.origin,
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stopSignal,
  };
  return { out, err, done: main(io) };
}

describe('auth0-mcp logs', () => {
  it('--json prints one object per relevant event, oldest first, each with its diagnosis', async () => {
    const { out, done } = cli(['--json']);
    expect(await done).toBe(0);
    const lines = out.map((l) => JSON.parse(l));
    expect(lines.map((l) => l.event.type)).toEqual(['f', 'sapi', 'fp']);
    expect(lines[0].diagnosis).toMatchObject({ id: 'no-connections', action: { kind: 'apply', stepId: 'auth0.connections' } });
    expect(lines[1].diagnosis).toBeNull();
    expect(lines[2].diagnosis).toMatchObject({ id: 'wrong-password', fix: expect.stringMatching(/^No fix needed/) });
    const search = standin.requests.find((r) => r.path === '/api/v2/logs')!;
    expect(search.query.get('sort')).toBe('date:-1');
  });

  it('--all shows every event; the plain output puts the explanation and the fix under the event', async () => {
    const { out, done } = cli(['--all']);
    expect(await done).toBe(0);
    expect(out.filter((l) => !l.startsWith('  '))).toHaveLength(4);
    const at = out.findIndex((l) => l.includes('no connections enabled for the client'));
    expect(out[at + 1]).toMatch(/^ {2}→ .*domain level/);
    expect(out[at + 2]).toBe('  Fix: Promote the login connection to domain level.');
  });

  it('--query narrows the search with q', async () => {
    const { out, done } = cli(['--json', '--query', 'type:fp']);
    expect(await done).toBe(0);
    expect(out.map((l) => JSON.parse(l).event.type)).toEqual(['fp']);
    expect(standin.requests.find((r) => r.path === '/api/v2/logs')?.query.get('q')).toBe('type:fp');
  });

  it('--follow prints new events as they come and exits 0 on the stop signal', async () => {
    let stop: (s: string) => void = () => {};
    const { out, err, done } = cli(['--follow', '--json', '--interval', '0.05'], new Promise((r) => (stop = r)));
    await waitFor(() => out.length === 3);
    standin.data.logs.push(failures['third-party-not-authorized']());
    await waitFor(() => out.length === 4);
    expect(JSON.parse(out[3]).diagnosis.id).toBe('third-party-not-authorized');
    stop('SIGINT');
    expect(await done).toBe(0);
    expect(err.join('\n')).toContain('Ctrl+C');
    // `done` resolves only once the tail has stopped (no timer) and its last poll has been answered: nothing is left
    // in flight or scheduled that could poll later.
    expect(standin.requests.filter((r) => r.status === undefined)).toEqual([]);
  });

  it('rejects a bad --interval with a usage message', async () => {
    const { err, done } = cli(['--interval', 'soon']);
    expect(await done).toBe(2);
    expect(err.join('\n')).toContain('--interval must be a number of seconds');
    expect(err.join('\n')).toContain('Usage: auth0-mcp logs');
  });
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
