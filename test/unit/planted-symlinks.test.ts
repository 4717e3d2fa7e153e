// Issue #21, case 5: the journal and its folder are never written through a symlink planted in a repository, and an
// identifier is a canonical https URL only (nothing a shell reading the .env or journal could run).

import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, checkPlan, createManagementSession, desiredTenant, projectRestoreJournal } from '../../src/core/auth0';
import { standinConnection, startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';

const RESOURCE = 'https://my-app.ngrok-free.app';
const posix = process.platform !== 'win32';
let dir: string;
let standin: ManagementApiStandin;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth0-mcp-symlinks-'));
  standin = await startManagementApiStandin();
});
afterEach(async () => {
  await standin.close();
  await rm(dir, { recursive: true, force: true });
});

async function applyIn(cwd: string) {
  const session = createManagementSession(standinConnection(standin));
  const plan = await checkPlan(session, desiredTenant({ domain: standin.host, resourceUrl: RESOURCE }));
  return applyPlan(session, plan, { journal: projectRestoreJournal(cwd, standin.host) });
}

describe.runIf(posix)('no write through a planted symlink', () => {
  it('a journal file linked to ~/.bashrc is refused with a clear message; the target is untouched and no tenant write goes out', async () => {
    const cwd = join(dir, 'repo');
    const bashrc = join(dir, 'home', '.bashrc');
    await mkdir(join(cwd, '.auth0-mcp'), { recursive: true });
    await mkdir(join(dir, 'home'));
    await writeFile(bashrc, 'export PS1=$ \n');
    await symlink(bashrc, join(cwd, '.auth0-mcp', `restore-${standin.host}.jsonl`));
    const report = await applyIn(cwd);
    expect(await readFile(bashrc, 'utf8')).toBe('export PS1=$ \n');
    expect(standin.writes()).toEqual([]);
    const failed = report.outcomes.find((o) => o.result === 'failed');
    expect(failed?.error?.code).toBe('path_unsafe');
    expect(failed?.error?.message).toMatch(/is a symbolic link/);
    expect(failed?.error?.fix).toMatch(/Remove the link/);
  });

  it('a .auth0-mcp/ folder linked elsewhere is refused: nothing lands in its target', async () => {
    const cwd = join(dir, 'repo');
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(cwd);
    await mkdir(elsewhere);
    await symlink(elsewhere, join(cwd, '.auth0-mcp'));
    await expect(applyIn(cwd)).resolves.toMatchObject({ complete: false });
    expect(await readdir(elsewhere)).toEqual([]);
    expect(standin.writes()).toEqual([]);
    await expect(projectRestoreJournal(cwd, standin.host).read()).rejects.toMatchObject({ code: 'path_unsafe' });
  });
});

describe('identifiers are canonical https URLs only', () => {
  it.each([
    'https://my-app.ngrok-free.app/$(touch pwned)',
    "https://my-app.ngrok-free.app/a'b",
    'https://my-app.ngrok-free.app/a%20b',
    'https://My-App.ngrok-free.app',
    'https://my-app.ngrok-free.app:443',
    'https://my-app.ngrok-free.app/`id`',
  ])('refuses %s with the canonical form where there is one', (resourceUrl) => {
    expect(() => desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl })).toThrow(expect.objectContaining({ code: 'url_invalid' }));
  });

  it('suggests the canonical form', () => {
    expect(() => desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl: 'https://My-App.ngrok-free.app:443' })).toThrow(
      expect.objectContaining({ fix: 'Use "https://my-app.ngrok-free.app".' }),
    );
    expect(desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl: 'https://my-app.ngrok-free.app/' }).identifier).toBe('https://my-app.ngrok-free.app/');
    expect(desiredTenant({ domain: 'tenant.us.auth0.com', resourceUrl: 'https://my-app.ngrok-free.app/mcp' }).identifier).toBe('https://my-app.ngrok-free.app/mcp');
  });
});
