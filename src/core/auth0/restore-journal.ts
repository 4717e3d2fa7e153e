// Where restore entries live: an append-only journal, one JSON line per event, flushed to disk before the tenant
// write it prepares. Append-only is what lets the CLI and the extension (or two windows) record for one tenant at
// once: O_APPEND never overwrites another process's line, and no process ever rewrites the file, so there is no
// read-modify-write to race and no lock to leave behind after a crash. A line torn by a crash is skipped.
// Reading folds the lines: the first entry per value wins (the value as first found), a "restored" line retires it.

import { readFile } from 'node:fs/promises';
import { appendLineDurably } from '../files/atomic-write';
import { entryKey, type RestoreEntry, type RestoreRecord } from './restore-record';

export interface RestoreJournal {
  /** Durably records previous values; resolves only once they would survive a crash. */
  record(entries: RestoreEntry[]): Promise<void>;
  /** The entries still to restore. */
  read(): Promise<RestoreRecord>;
  /** Retires entries a restore put back. */
  markRestored(keys: string[]): Promise<void>;
}

type JournalLine = { v: 1; at: string; pid: number; entry: RestoreEntry } | { v: 1; at: string; pid: number; restored: string[] };

export function foldJournal(host: string, lines: readonly JournalLine[]): RestoreRecord {
  const live = new Map<string, RestoreEntry>();
  for (const line of lines) {
    if ('entry' in line) {
      const key = entryKey(line.entry);
      if (!live.has(key)) live.set(key, line.entry);
    } else {
      for (const key of line.restored) live.delete(key);
    }
  }
  return { host, entries: [...live.values()] };
}

export function parseJournal(text: string): JournalLine[] {
  const lines: JournalLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    try {
      const line = JSON.parse(raw) as JournalLine;
      if (line?.v !== 1) continue;
      if (('entry' in line && line.entry && typeof line.entry.kind === 'string') || ('restored' in line && Array.isArray(line.restored))) lines.push(line);
    } catch {
      // A line cut short by a crash mid-append: the write it prepared never went out.
    }
  }
  return lines;
}

/** The journal in a file (the CLI: .auth0-mcp/restore-<host>.jsonl; the extension: its global storage). */
export function fileRestoreJournal(path: string, host: string): RestoreJournal & { path: string } {
  const append = (line: object) => appendLineDurably(path, JSON.stringify({ v: 1, at: new Date().toISOString(), pid: process.pid, ...line }));
  return {
    path,
    async record(entries) {
      // One line per entry: each line is small, so each append is a single write.
      for (const entry of entries) await append({ entry });
    },
    async read() {
      const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      return foldJournal(host, parseJournal(text));
    },
    async markRestored(keys) {
      if (keys.length) await append({ restored: keys });
    },
  };
}

/** For callers that keep nothing on disk (tests, benchmarks, one-off scripts). */
export function memoryRestoreJournal(host: string): RestoreJournal {
  const lines: JournalLine[] = [];
  const stamp = () => ({ v: 1 as const, at: new Date().toISOString(), pid: process.pid });
  return {
    async record(entries) {
      for (const entry of entries) lines.push({ ...stamp(), entry });
    },
    async read() {
      return foldJournal(host, lines);
    },
    async markRestored(keys) {
      lines.push({ ...stamp(), restored: keys });
    },
  };
}
