// Every file the product writes goes through here, so a crash or a concurrent reader never sees half a file:
// replaced files are written to a temporary sibling, flushed to disk and renamed over the original; journals
// grow by whole lines appended and flushed before the caller goes on.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, basename, relative, isAbsolute } from 'node:path';
import { UserError } from '../plan/types';

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

/** Writes some of `data` at the end of the file and says how many bytes went; tests inject a full disk here. */
export type ChunkWriter = (handle: FileHandle, data: Buffer) => Promise<number>;

export interface AppendOptions extends AtomicWriteOptions {
  write?: ChunkWriter;
}

const defaultWrite: ChunkWriter = async (handle, data) => (await handle.write(data, 0, data.length)).bytesWritten;

/**
 * Appends one line and flushes it to disk before returning; throws unless every byte landed. O_APPEND puts each
 * write at the current end, so several processes appending to one journal never overwrite each other's lines. A
 * file whose last line was torn (a crash mid-append, a full disk) gets a newline first, so the new line is never
 * merged into the fragment. The file itself is never a symbolic link (O_NOFOLLOW): see refuseSymlink.
 */
export async function appendLineDurably(path: string, line: string, options: AppendOptions = {}): Promise<void> {
  if (line.includes('\n')) throw new Error('A journal line must not contain a newline.');
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const handle = await open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | NOFOLLOW, options.mode ?? 0o600).catch((error: unknown) => {
    throw symlinkError(error, path);
  });
  let created: boolean;
  try {
    const { size } = await handle.stat();
    created = size === 0;
    const torn = size > 0 && (await lastByte(handle, size)) !== 0x0a;
    const data = Buffer.from(`${torn ? '\n' : ''}${line}\n`, 'utf8');
    const write = options.write ?? defaultWrite;
    for (let offset = 0; offset < data.length; ) {
      const written = await write(handle, data.subarray(offset));
      if (!(written > 0)) throw Object.assign(new Error(`Only ${offset} of ${data.length} bytes reached ${path}.`), { code: 'EIO' });
      offset += written;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(dir); // the new file's name must survive a crash too
}

async function lastByte(handle: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.alloc(1);
  await handle.read(buffer, 0, 1, size - 1);
  return buffer[0];
}

/** O_NOFOLLOW where the platform has it (not Windows, where creating a symlink needs privileges anyway). */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** A write refused because the path is a symbolic link, said so; any other error unchanged. */
export function symlinkError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ELOOP' && code !== 'EMLINK') return error;
  return new UserError(
    `${path} is a symbolic link; the product writes it only as a regular file, so a link planted in a repository cannot send the write elsewhere.`,
    `Remove the link (rm "${path}") and run the command again; the file is then created in place.`,
    'path_unsafe',
  );
}

/** Refuses a folder (or file) that is a symbolic link: the product's own folders are created in place. */
export async function refuseSymlink(path: string): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats?.isSymbolicLink()) throw symlinkError(Object.assign(new Error('symlink'), { code: 'ELOOP' }), path);
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

/**
 * Where a write to `path` may land: `path` itself, or, when it (or a folder on the way) is a symbolic link, the real
 * file it leads to, but only if that file is inside `root` (the workspace) and owned by this user. A link leading out
 * of the workspace (a repository's .env linked to ~/.bashrc) is refused with a clear message.
 */
export async function writeTargetWithin(root: string, path: string): Promise<string> {
  const realRoot = await realpath(root);
  const stats = await lstat(path).catch(() => undefined);
  let real: string;
  if (stats) {
    real = await realpath(path).catch(() => {
      throw unsafeTarget(path, 'a link to nothing', root);
    });
  } else {
    // A new file: the folder it goes in must be inside the workspace, whatever links lead there.
    const dir = await realpath(dirname(path)).catch(() => dirname(path));
    real = join(dir, basename(path));
  }
  const rel = relative(realRoot, real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw unsafeTarget(path, real, root);
  if (stats && real !== path) {
    const owner = (await stat(real)).uid;
    if (typeof process.getuid === 'function' && owner !== process.getuid()) throw unsafeTarget(path, `${real}, a file another user owns`, root);
  }
  return real;
}

function unsafeTarget(path: string, real: string, root: string): UserError {
  return new UserError(
    `${path} leads to ${real}, outside the workspace ${root} or not yours: a link planted in a repository must not redirect a write, so nothing was written.`,
    `Replace the link with the file itself (rm "${path}"), or keep the .env inside the workspace; then write it again.`,
    'path_unsafe',
  );
}
