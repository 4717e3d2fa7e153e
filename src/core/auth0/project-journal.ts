// The restore journal of a project: .auth0-mcp/restore-<host>.jsonl in the folder (the CLI's working directory, the
// extension's workspace folder), git-ignored from inside. The CLI and the extension share it, so "restore" from either
// returns to the tenant as first found; appending is what makes sharing safe (see restore-journal.ts).

import { readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { refuseSymlink, writeFileAtomic } from '../files/atomic-write';
import { fileRestoreJournal, type RestoreJournal } from './restore-journal';
import { legacyRestoreEntries } from './restore-record';

export function restoreFilePath(cwd: string, host: string): string {
  return join(cwd, '.auth0-mcp', `restore-${host.replace(/[^a-z0-9.-]/gi, '_')}.jsonl`);
}

/** The journal for this tenant; the first entry it records creates the folder and its .gitignore. */
export function projectRestoreJournal(cwd: string, host: string): RestoreJournal & { path: string } {
  const journal = fileRestoreJournal(restoreFilePath(cwd, host), host);
  let ready: Promise<void> | undefined;
  // A .auth0-mcp/ planted as a link would put the journal (and the writes it guards) somewhere else: refused.
  const prepare = () => (ready ??= refuseSymlink(join(cwd, '.auth0-mcp')).then(() => migrateLegacyRecord(cwd, host, journal)));
  return {
    ...journal,
    async read() {
      await prepare();
      return journal.read();
    },
    async record(entries) {
      await prepare();
      await gitIgnoreFolder(join(cwd, '.auth0-mcp'));
      return journal.record(entries);
    },
    async markRestored(keys) {
      await prepare();
      await journal.markRestored(keys);
    },
    async voidEntries(ids) {
      await prepare();
      await journal.voidEntries(ids);
    },
  };
}

/** An earlier version kept one JSON record (restore-<host>.json): move its values into the journal, once. */
async function migrateLegacyRecord(cwd: string, host: string, journal: RestoreJournal): Promise<void> {
  const legacy = restoreFilePath(cwd, host).replace(/\.jsonl$/, '.json');
  const text = await readFile(legacy, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return; // not ours to interpret: left in place
  }
  const entries = legacyRestoreEntries(value);
  if (entries.length) await journal.record(entries);
  await rename(legacy, `${legacy}.migrated`);
}

/** Git-ignore the directory from inside, whatever the project's .gitignore says. */
async function gitIgnoreFolder(dir: string): Promise<void> {
  const file = join(dir, '.gitignore');
  const exists = await stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) await writeFileAtomic(file, '*\n', { mode: 0o644 });
}
