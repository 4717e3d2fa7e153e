// Reads .env files: KEY=VALUE with quotes, comments, `export ` prefixes, and any line ending (LF, CRLF, or a lone CR,
// which the dotenv library also reads as a line break).
// The parser keeps every line (with its kind and span) so a later writer can change one entry and leave the rest byte-for-byte.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type DotenvQuote = '"' | "'" | '`' | '';

export type DotenvLine =
  | { kind: 'blank' | 'comment'; start: number; end: number }
  | { kind: 'invalid'; start: number; end: number; reason: string }
  | {
      kind: 'entry';
      /** First and last line index (inclusive); they differ only for multi-line quoted values. */
      start: number;
      end: number;
      key: string;
      value: string;
      quote: DotenvQuote;
      exported: boolean;
      /** What follows the value on its last line, as written (" # production tenant"); '' when nothing. */
      comment: string;
    };

export interface ParsedDotenv {
  /** The physical lines, without their line endings. */
  lines: string[];
  /** Each line's own ending ('\n', '\r\n', '\r', or '' for a last line without one), so a writer keeps it. */
  eols: string[];
  /** One item per logical line (an entry may span several physical lines). */
  items: DotenvLine[];
  /** Last occurrence wins, as in every dotenv implementation. */
  values: Record<string, string>;
  /** The ending for a line the writer adds: the last line's, else the first one found, else '\n'. */
  eol: '\n' | '\r\n' | '\r';
}

const ENTRY = /^\s*(export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

export function parseDotenv(text: string): ParsedDotenv {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const parts = body.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const eols: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    eols.push(parts[i + 1] ?? '');
  }
  if (lines.length > 1 && lines[lines.length - 1] === '') {
    lines.pop();
    eols.pop();
  }
  const endings = eols.filter(Boolean);
  const eol = (eols[eols.length - 1] || endings[0] || '\n') as ParsedDotenv['eol'];
  const items: DotenvLine[] = [];
  const values: Record<string, string> = {};

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (!trimmed) {
      items.push({ kind: 'blank', start: i, end: i });
      continue;
    }
    if (trimmed.startsWith('#')) {
      items.push({ kind: 'comment', start: i, end: i });
      continue;
    }
    const match = ENTRY.exec(line);
    if (!match) {
      items.push({ kind: 'invalid', start: i, end: i, reason: 'expected KEY=VALUE' });
      continue;
    }
    const [, exportPrefix, key, rest] = match;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      const closed = readQuoted(lines, i, line.length - rest.length + 1, quote);
      if (!closed) {
        items.push({ kind: 'invalid', start: i, end: i, reason: `unterminated ${quote} quote` });
        continue;
      }
      const value = quote === '"' ? unescapeDouble(closed.raw) : closed.raw;
      items.push({ kind: 'entry', start: i, end: closed.endLine, key, value, quote, exported: Boolean(exportPrefix), comment: closed.trailing });
      values[key] = value;
      i = closed.endLine;
      continue;
    }
    // Unquoted: an inline comment needs whitespace before the "#", so "a#b" keeps its hash.
    const comment = /\s+#.*$/.exec(rest)?.[0] ?? '';
    const value = rest.slice(0, rest.length - comment.length).trim();
    items.push({ kind: 'entry', start: i, end: i, key, value, quote: '', exported: Boolean(exportPrefix), comment: comment.trimEnd() });
    values[key] = value;
  }
  return { lines, eols, items, values, eol };
}

/** Finds the closing quote, possibly on a later line; what follows it may only be whitespace or a comment. */
function readQuoted(lines: string[], startLine: number, startCol: number, quote: string): { raw: string; endLine: number; trailing: string } | undefined {
  let raw = '';
  for (let lineIndex = startLine; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex];
    let col = lineIndex === startLine ? startCol : 0;
    while (col < line.length) {
      const ch = line[col];
      if (ch === '\\' && quote === '"' && col + 1 < line.length) {
        raw += ch + line[col + 1];
        col += 2;
        continue;
      }
      if (ch === quote) {
        const after = line.slice(col + 1).trim();
        if (after && !after.startsWith('#')) return undefined;
        return { raw, endLine: lineIndex, trailing: after ? line.slice(col + 1).trimEnd() : '' };
      }
      raw += ch;
      col++;
    }
    raw += '\n';
  }
  return undefined;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
}

/** Reads `<dir>/.env`; a missing file is an empty result, not an error. */
export async function readDotenvFile(dir: string, name = '.env'): Promise<ParsedDotenv | undefined> {
  try {
    return parseDotenv(await readFile(join(dir, name), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
