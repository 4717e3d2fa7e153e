// Every file the product writes goes through here, so a crash or a concurrent reader never sees half a file:
// replaced files are written to a temporary sibling, flushed to disk and renamed over the original; journals
// grow by whole lines appended and flushed before the caller goes on.

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

export interface AtomicWriteOptions {
  /** Mode for a file that does not exist yet (default 0600: it may hold secrets). A replaced file keeps its mode. */
  mode?: number;
}

/** Writes `data` to `path` all at once: readers see the old file or the new one, never a mix. */
export async function writeFileAtomic(path: string, data: string, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const existingMode = await stat(path).then(
    (s) => s.mode & 0o777,
    () => undefined,
  );
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', existingMode ?? options.mode ?? 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    // The umask may have narrowed the mode at creation; an existing file's mode is carried over exactly.
    if (existingMode !== undefined) await handle.chmod(existingMode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Appends one line and flushes it to disk before returning. O_APPEND puts each write at the current end, so
 * several processes appending to one journal never overwrite each other's lines.
 */
export async function appendLineDurably(path: string, line: string, options: AtomicWriteOptions = {}): Promise<void> {
  if (line.includes('\n')) throw new Error('A journal line must not contain a newline.');
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const created = await stat(path).then(
    () => false,
    () => true,
  );
  const handle = await open(path, 'a', options.mode ?? 0o600);
  try {
    await handle.write(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(dir); // the new file's name must survive a crash too
}

/** Makes a rename durable (POSIX); Windows cannot open a directory and does not need it. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}
