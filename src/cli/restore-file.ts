// Where the CLI keeps the previous values of tenant-wide settings it changed: .auth0-mcp/restore-<host>.json in the
// working directory, git-ignored from inside the folder.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isEmptyRestoreRecord, mergeRestoreRecords, parseRestoreRecord, type RestoreRecord } from '../core/auth0';

export function restoreFilePath(cwd: string, host: string): string {
  return join(cwd, '.auth0-mcp', `restore-${host.replace(/[^a-z0-9.-]/gi, '_')}.json`);
}

export async function readRestoreRecord(cwd: string, host: string): Promise<RestoreRecord | undefined> {
  return readFile(restoreFilePath(cwd, host), 'utf8').then(parseRestoreRecord, () => undefined);
}

/** Merges with what an earlier run kept, so restore returns to the tenant as it was first found. */
export async function saveRestoreRecord(cwd: string, record: RestoreRecord): Promise<string> {
  const file = restoreFilePath(cwd, record.host);
  await mkdir(join(cwd, '.auth0-mcp'), { recursive: true });
  // Git-ignore the directory from inside, whatever the project's .gitignore says.
  await writeFile(join(cwd, '.auth0-mcp', '.gitignore'), '*\n');
  const older = await readRestoreRecord(cwd, record.host);
  await writeFile(file, JSON.stringify(mergeRestoreRecords(older, record), null, 2) + '\n');
  return file;
}

/** After a restore: keep only what could not be put back, or remove the file. */
export async function replaceRestoreRecord(cwd: string, host: string, remaining: RestoreRecord): Promise<void> {
  const file = restoreFilePath(cwd, host);
  if (isEmptyRestoreRecord(remaining)) await rm(file, { force: true });
  else await writeFile(file, JSON.stringify(remaining, null, 2) + '\n');
}
