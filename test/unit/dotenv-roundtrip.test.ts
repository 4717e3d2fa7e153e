// Issue #21, case 7: a .env write keeps what it does not change byte for byte (each line's own ending: LF, CRLF or
// CR alone), quotes a value so it reads back the same, and follows a symlink only to a file the user owns inside
// the workspace.

import { mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBackendEnv, writeBackendEnv } from '../../src/core/config/backend-env';
import { parseDotenv } from '../../src/core/config/dotenv';
import { updateDotenv } from '../../src/core/config/dotenv-writer';

const desired = { AUTH0_DOMAIN: 't.us.auth0.com', AUTH0_RESOURCE_SERVER_URL: 'https://a.ngrok.app' };

describe('.env line endings, per line', () => {
  it('keeps mixed LF and CRLF lines as they are, and ends an appended line like the file', () => {
    const before = 'A=1\r\nB=2\nAUTH0_DOMAIN=old.auth0.com\r\nC=3\n';
    const edit = updateDotenv(before, desired);
    expect(edit.text).toBe('A=1\r\nB=2\nAUTH0_DOMAIN=t.us.auth0.com\r\nC=3\nAUTH0_RESOURCE_SERVER_URL=https://a.ngrok.app\n');
  });

  it('reads a CR-only file as lines: AUTH0_DOMAIN is replaced, not added a second time', () => {
    const before = 'A=1\rAUTH0_DOMAIN=old.auth0.com\rB=2\r';
    expect(parseDotenv(before).values).toEqual({ A: '1', AUTH0_DOMAIN: 'old.auth0.com', B: '2' });
    const edit = updateDotenv(before, desired);
    expect(edit.text).toBe('A=1\rAUTH0_DOMAIN=t.us.auth0.com\rB=2\rAUTH0_RESOURCE_SERVER_URL=https://a.ngrok.app\r');
    expect(edit.text.match(/AUTH0_DOMAIN=/g)).toHaveLength(1);
  });
});

describe('.env quoting reads back the same', () => {
  it.each([
    ["KEY='old'", "it's"],
    ['KEY=`old`', 'a`b'],
    ['KEY="old"', 'say "hi" \\ back\\slash'],
    ['KEY=old', 'two words # not a comment'],
    ["KEY='old'", 'line one\nline two'],
    ['KEY=old', 'carriage\rreturn'],
  ])('%s set to %j reads back exactly', (line, value) => {
    const edit = updateDotenv(`A=1\n${line} # keep me\nB=2\n`, { KEY: value });
    const parsed = parseDotenv(edit.text);
    expect(parsed.values).toEqual({ A: '1', KEY: value, B: '2' });
    expect(edit.text.startsWith('A=1\n')).toBe(true);
    expect(edit.text.endsWith(' # keep me\nB=2\n')).toBe(true);
  });

  it("keeps the single quotes when the value allows them", () => {
    expect(updateDotenv("export KEY='old'\n", { KEY: 'new' }).text).toBe("export KEY='new'\n");
  });
});

const posix = process.platform !== 'win32';
describe.runIf(posix)('.env symlinks', () => {
  let root: string;
  let workspace: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'auth0-mcp-envlink-'));
    workspace = join(root, 'workspace');
    await mkdir(join(workspace, 'config'), { recursive: true });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const input = () => ({ workspace, file: '.env', ...{ domain: desired.AUTH0_DOMAIN, resourceUrl: desired.AUTH0_RESOURCE_SERVER_URL } });

  it('a link to a file the user owns inside the workspace: the real target is written, the link stays a link', async () => {
    await writeFile(join(workspace, 'config', 'backend.env'), 'PORT=3000\n');
    await symlink('config/backend.env', join(workspace, '.env'));
    expect(await writeBackendEnv(await checkBackendEnv(input()))).toBe('written');
    expect((await lstat(join(workspace, '.env'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(workspace, '.env'))).toBe('config/backend.env');
    expect(await readFile(join(workspace, 'config', 'backend.env'), 'utf8')).toBe(
      'PORT=3000\nAUTH0_DOMAIN=t.us.auth0.com\nAUTH0_RESOURCE_SERVER_URL=https://a.ngrok.app\n',
    );
  });

  it('a link planted to a file outside the workspace (~/.bashrc) is refused with a clear message; nothing is written', async () => {
    const bashrc = join(root, 'home', '.bashrc');
    await mkdir(join(root, 'home'));
    await writeFile(bashrc, 'alias ll="ls -l"\n');
    await symlink(bashrc, join(workspace, '.env'));
    const state = await checkBackendEnv(input());
    expect(state.step).toMatchObject({ status: 'error', diagnosis: { problem: expect.stringContaining('outside the workspace') } });
    await expect(writeBackendEnv(state)).rejects.toMatchObject({
      code: 'path_unsafe',
      message: expect.stringContaining('outside the workspace'),
    });
    expect(await readFile(bashrc, 'utf8')).toBe('alias ll="ls -l"\n');
    expect((await lstat(join(workspace, '.env'))).isSymbolicLink()).toBe(true);
  });

  it('a folder link that leads out of the workspace is refused too', async () => {
    await mkdir(join(root, 'outside'));
    await symlink(join(root, 'outside'), join(workspace, 'linked'));
    await expect(writeBackendEnv(await checkBackendEnv({ ...input(), file: 'linked/.env' }))).rejects.toMatchObject({ code: 'path_unsafe' });
    await expect(readFile(join(root, 'outside', '.env'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
