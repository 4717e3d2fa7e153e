import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileRestoreJournal } from '../../src/core/auth0';
import { describeRestoreEntry } from '../../src/core/auth0/restore-preview';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth0-mcp-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the restore journal', () => {
  it('keeps the value each field had when first changed, across runs', async () => {
    const journal = fileRestoreJournal(join(dir, 'restore.jsonl'), 't.auth0.com');
    await journal.record([
      { kind: 'setting', field: 'default_audience', previous: '' },
      { kind: 'connection', id: 'c1', name: 'db', previous: false },
    ]);
    await journal.record([
      { kind: 'setting', field: 'default_audience', previous: 'https://a.example.com' },
      { kind: 'setting', field: 'resource_parameter_profile', previous: 'audience' },
    ]);
    const record = await fileRestoreJournal(join(dir, 'restore.jsonl'), 't.auth0.com').read();
    expect(record.entries).toEqual([
      { kind: 'setting', field: 'default_audience', previous: '' },
      { kind: 'connection', id: 'c1', name: 'db', previous: false },
      { kind: 'setting', field: 'resource_parameter_profile', previous: 'audience' },
    ]);
  });

  it('retires what a restore put back, so the next apply records afresh', async () => {
    const journal = fileRestoreJournal(join(dir, 'restore.jsonl'), 't.auth0.com');
    await journal.record([
      { kind: 'setting', field: 'default_audience', previous: '' },
      { kind: 'created-api', identifier: 'https://x' },
    ]);
    await journal.markRestored(['setting:default_audience']);
    expect((await journal.read()).entries).toEqual([{ kind: 'created-api', identifier: 'https://x' }]);
    await journal.record([{ kind: 'setting', field: 'default_audience', previous: 'https://old' }]);
    expect((await journal.read()).entries).toContainEqual({ kind: 'setting', field: 'default_audience', previous: 'https://old' });
  });

  it('skips a line a crash cut short, and keeps every whole line', async () => {
    const path = join(dir, 'restore.jsonl');
    const journal = fileRestoreJournal(path, 't.auth0.com');
    await journal.record([{ kind: 'flag', field: 'enable_dynamic_client_registration', previous: false }]);
    await writeFile(path, (await readFile(path, 'utf8')) + '{"v":1,"at":"2026-01-01","entry":{"kind":"sett', { flag: 'w' });
    expect((await journal.read()).entries).toEqual([{ kind: 'flag', field: 'enable_dynamic_client_registration', previous: false }]);
  });

  it('loses no entry when many writers append at once, and the file is private', async () => {
    const path = join(dir, 'restore.jsonl');
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        fileRestoreJournal(path, 't.auth0.com').record([{ kind: 'connection', id: `con_${i}`, name: `c${i}`, previous: false }]),
      ),
    );
    const record = await fileRestoreJournal(path, 't.auth0.com').read();
    expect(record.entries.map((e) => (e as { id: string }).id).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `con_${i}`).sort());
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('is empty when the file does not exist, and describes each entry for the preview', async () => {
    expect((await fileRestoreJournal(join(dir, 'none.jsonl'), 't').read()).entries).toEqual([]);
    expect(describeRestoreEntry({ kind: 'created-api', identifier: 'https://x' })).toBe('delete the API https://x (created by apply)');
    expect(describeRestoreEntry({ kind: 'setting', field: 'default_audience', previous: '' })).toBe('default_audience → ""');
  });
});
