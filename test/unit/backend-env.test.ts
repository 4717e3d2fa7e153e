import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBackendEnv, writeBackendEnv } from '../../src/core/config/backend-env';

function workspace(gitignore?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'env-step-'));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  if (gitignore !== undefined) writeFileSync(join(dir, '.gitignore'), gitignore);
  return dir;
}

const input = (dir: string) => ({ workspace: dir, file: '.env', domain: 't.us.auth0.com', resourceUrl: 'https://a.ngrok.app' });

describe('backend .env step', () => {
  it('plans the two keys for a missing file, writes them, then reports ok', async () => {
    const dir = workspace('.env\n');
    const before = await checkBackendEnv(input(dir));
    expect(before.step).toMatchObject({ status: 'change', diagnosis: { action: { kind: 'apply', stepId: 'env' } } });
    expect(before.exists).toBe(false);
    await writeBackendEnv(before);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toContain('AUTH0_RESOURCE_SERVER_URL=https://a.ngrok.app');
    const after = await checkBackendEnv(input(dir));
    expect(after.step.status).toBe('ok');
  });

  it('creates a new .env readable by its owner only, and keeps the mode of an existing one', async () => {
    const dir = workspace('.env\n');
    expect(await writeBackendEnv(await checkBackendEnv(input(dir)))).toBe('written');
    if (process.platform !== 'win32') expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    chmodSync(join(dir, '.env'), 0o640);
    expect(await writeBackendEnv(await checkBackendEnv({ ...input(dir), resourceUrl: 'https://b.ngrok.app' }))).toBe('written');
    if (process.platform !== 'win32') expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing when the file changed after the preview; checking again shows the new diff and keeps the new line', async () => {
    const dir = workspace('.env\n');
    writeFileSync(join(dir, '.env'), 'PORT=3000\n');
    const previewed = await checkBackendEnv(input(dir));
    writeFileSync(join(dir, '.env'), 'PORT=3000\nDATABASE_URL=postgres://added-meanwhile\n'); // saved in an editor meanwhile
    expect(await writeBackendEnv(previewed)).toBe('changed-since-preview');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('PORT=3000\nDATABASE_URL=postgres://added-meanwhile\n');
    const again = await checkBackendEnv(input(dir));
    expect(again.edit.text).toContain('DATABASE_URL=postgres://added-meanwhile');
    expect(await writeBackendEnv(again)).toBe('written');
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(
      'PORT=3000\nDATABASE_URL=postgres://added-meanwhile\nAUTH0_DOMAIN=t.us.auth0.com\nAUTH0_RESOURCE_SERVER_URL=https://a.ngrok.app\n',
    );
  });

  it('notices a file created or deleted after the preview', async () => {
    const dir = workspace('.env\n');
    const previewed = await checkBackendEnv(input(dir));
    writeFileSync(join(dir, '.env'), '');
    expect(await writeBackendEnv(previewed)).toBe('changed-since-preview');
  });

  it('warns when the matching file is not git-ignored', async () => {
    const dir = workspace('node_modules\n');
    writeFileSync(join(dir, '.env'), 'AUTH0_DOMAIN=t.us.auth0.com\nAUTH0_RESOURCE_SERVER_URL=https://a.ngrok.app\n');
    const state = await checkBackendEnv(input(dir));
    expect(state.gitIgnored).toBe(false);
    expect(state.step).toMatchObject({ status: 'warning', summary: '.env is not git-ignored' });
  });

  it('waits for a domain and a public URL before planning anything', async () => {
    const dir = workspace();
    const state = await checkBackendEnv({ ...input(dir), resourceUrl: undefined });
    expect(state.step.status).toBe('unknown');
    expect(state.edit.changes).toEqual([]);
  });
});
