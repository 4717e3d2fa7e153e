// Where the CLI keeps its restore journal: .auth0-mcp/restore-<host>.jsonl in the working directory, git-ignored
// from inside the folder. Entries are appended (and flushed) before each tenant write; see core/auth0/restore-journal.

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileRestoreJournal, type RestoreJournal } from '../core/auth0';
import { writeFileAtomic } from '../core/files/atomic-write';

export function restoreFilePath(cwd: string, host: string): string {
  return join(cwd, '.auth0-mcp', `restore-${host.replace(/[^a-z0-9.-]/gi, '_')}.jsonl`);
}

/** The journal for this tenant; the first entry it records creates the folder and its .gitignore. */
export function cliRestoreJournal(cwd: string, host: string): RestoreJournal & { path: string } {
  const journal = fileRestoreJournal(restoreFilePath(cwd, host), host);
  let ignored: Promise<void> | undefined;
  return {
    ...journal,
    async record(entries) {
      ignored ??= gitIgnoreFolder(join(cwd, '.auth0-mcp'));
      await ignored;
      await journal.record(entries);
    },
  };
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
