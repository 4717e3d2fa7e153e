// Where restore entries live: an append-only journal, one JSON line per event, flushed to disk before the tenant
// write it prepares. Append-only is what lets the CLI and the extension (or two windows) record for one tenant at
// once: O_APPEND never overwrites another process's line, and no process ever rewrites the file, so there is no
// read-modify-write to race and no lock to leave behind after a crash. A line torn by a crash is skipped, and the
// next append starts on a line of its own. Reading folds the lines: the first entry per value wins (the value as
// first found), a "restored" line retires it, a "void" line cancels the entries of a write the tenant refused.
// Entries this product could not have written are refused and named (restore-validate.ts), never restored.

import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { appendLineDurably, type ChunkWriter } from '../files/atomic-write';
import { UserError } from '../plan/types';
import { entryKey, type RestoreEntry, type RestoreRecord } from './restore-record';
import { checkRestoreEntry, describeForeign } from './restore-validate';

export interface RestoreJournal {
  /** Durably records previous values; resolves only once they would survive a crash. Returns the lines' ids. */
  record(entries: RestoreEntry[]): Promise<string[]>;
  /** The entries still to restore. */
  read(): Promise<RestoreRecord>;
  /** Retires entries a restore put back. */
  markRestored(keys: string[]): Promise<void>;
  /** Cancels recorded entries whose write the tenant refused (nothing changed, so nothing to put back). */
  voidEntries(ids: string[]): Promise<void>;
}

type Stamp = { v: 1; at: string; pid: number };
type JournalLine =
  | (Stamp & { id?: string; entry: unknown })
  | (Stamp & { restored: string[] })
  | (Stamp & { void: string[] });

/** A journal past this is not one apply wrote (1000 scopes twice over is under 1 MB): refused, not read into memory. */
export const MAX_JOURNAL_BYTES = 4 * 1024 * 1024;

export function foldJournal(host: string, lines: readonly JournalLine[]): RestoreRecord {
  const voided = new Set(lines.flatMap((l) => ('void' in l && Array.isArray(l.void) ? l.void : [])));
  const live = new Map<string, RestoreEntry>();
  const refused = new Map<string, { what: string; reason: string }>();
  for (const line of lines) {
    if ('entry' in line) {
      if (line.id && voided.has(line.id)) continue;
      const checked = checkRestoreEntry(line.entry);
      if (!checked.ok) {
        const what = describeForeign(line.entry);
        refused.set(what, { what, reason: checked.reason });
        continue;
      }
      const key = entryKey(checked.entry);
      if (!live.has(key)) live.set(key, checked.entry);
    } else if ('restored' in line) {
      for (const key of line.restored) live.delete(key);
    }
  }
  return { host, entries: [...live.values()], ...(refused.size ? { refused: [...refused.values()] } : {}) };
}

export function parseJournal(text: string): JournalLine[] {
  const lines: JournalLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    try {
      const line = JSON.parse(raw) as JournalLine;
      if (line?.v !== 1) continue;
      if ('entry' in line || ('restored' in line && Array.isArray(line.restored)) || ('void' in line && Array.isArray(line.void))) lines.push(line);
    } catch {
      // A line cut short by a crash mid-append: the write it prepared never went out.
    }
  }
  return lines;
}

export interface FileJournalOptions {
  /** Tests inject a full disk here (see appendLineDurably). */
  write?: ChunkWriter;
}

/** The journal in a file (the CLI: .auth0-mcp/restore-<host>.jsonl; the extension: its global storage). */
export function fileRestoreJournal(path: string, host: string, options: FileJournalOptions = {}): RestoreJournal & { path: string } {
  const append = async (line: object) => {
    try {
      await appendLineDurably(path, JSON.stringify({ v: 1, at: new Date().toISOString(), pid: process.pid, ...line }), { write: options.write });
    } catch (error) {
      throw journalError(error, path);
    }
  };
  return {
    path,
    async record(entries) {
      const ids: string[] = [];
      // One line per entry: each line is small, so each append is a single write.
      for (const entry of entries) {
        const id = randomBytes(8).toString('hex');
        await append({ id, entry });
        ids.push(id);
      }
      return ids;
    },
    async read() {
      return foldJournal(host, parseJournal(await readBounded(path)));
    },
    async markRestored(keys) {
      if (keys.length) await append({ restored: keys });
    },
    async voidEntries(ids) {
      if (ids.length) await append({ void: ids });
    },
  };
}

/** The journal's text, read at most MAX_JOURNAL_BYTES (a larger file is refused without reading it all). */
async function readBounded(path: string): Promise<string> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(MAX_JOURNAL_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (!bytesRead) break;
      length += bytesRead;
    }
    if (length > MAX_JOURNAL_BYTES) {
      throw new UserError(
        `${path} is larger than ${MAX_JOURNAL_BYTES / 1024 / 1024} MB: not a journal this product wrote.`,
        'Check where it came from; move it away to start a new journal (restore then has nothing to put back).',
        'too_large',
      );
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** A journal that could not be written stops the write it guards, saying why. */
function journalError(error: unknown, path: string): unknown {
  if (error instanceof UserError) return error;
  const e = error as NodeJS.ErrnoException;
  return new UserError(
    `The restore journal ${path} could not be written (${e.code === 'ENOSPC' ? 'no space left on the disk' : e.message}); the tenant write it guards was not sent.`,
    e.code === 'ENOSPC' ? 'Free some disk space, then run apply again.' : 'Check that the folder is writable, then run apply again.',
    'journal_failed',
  );
}

/** For callers that keep nothing on disk (tests, benchmarks, one-off scripts). */
export function memoryRestoreJournal(host: string): RestoreJournal {
  const lines: JournalLine[] = [];
  const stamp = () => ({ v: 1 as const, at: new Date().toISOString(), pid: process.pid });
  return {
    async record(entries) {
      const ids = entries.map(() => randomBytes(8).toString('hex'));
      entries.forEach((entry, i) => lines.push({ ...stamp(), id: ids[i], entry }));
      return ids;
    },
    async read() {
      return foldJournal(host, lines);
    },
    async markRestored(keys) {
      lines.push({ ...stamp(), restored: keys });
    },
    async voidEntries(ids) {
      lines.push({ ...stamp(), void: ids });
    },
  };
}
