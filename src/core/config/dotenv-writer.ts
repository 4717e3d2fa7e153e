// Sets a few keys in a .env file and keeps everything else byte for byte: other entries, comments (a replaced
// line's own inline comment too), blank lines, each line's own ending, `export ` prefixes and quoting style. A value
// is written in the line's quote style only when it reads back the same in it; the whole new file is read back
// before it is offered, so a write never makes a key vanish or change.

import { UserError, type FieldChange } from '../plan/types';
import { parseDotenv, type DotenvQuote } from './dotenv';

export interface DotenvEdit {
  /** The new file text (unchanged when nothing differs). */
  text: string;
  /** One entry per key whose value changes (current undefined = the key is added). */
  changes: FieldChange[];
}

/**
 * Every occurrence of a key gets the new value (duplicates stay, but no longer disagree); a missing key is
 * appended at the end. `text` undefined means the file does not exist yet.
 */
export function updateDotenv(text: string | undefined, updates: Record<string, string>): DotenvEdit {
  const original = text ?? '';
  const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
  const parsed = parseDotenv(original);
  const lines = [...parsed.lines];
  const changes: FieldChange[] = [];
  const replaced = new Map<number, { end: number; line: string }>();
  const appended: string[] = [];

  for (const [key, value] of Object.entries(updates)) {
    const entries = parsed.items.filter((i) => i.kind === 'entry' && i.key === key);
    const current = parsed.values[key];
    if (current === value && entries.every((e) => e.kind === 'entry' && e.value === value)) continue;
    changes.push({ field: key, current, desired: value });
    if (entries.length === 0) {
      appended.push(formatEntry(key, value, '', false));
      continue;
    }
    for (const entry of entries) {
      if (entry.kind !== 'entry') continue;
      replaced.set(entry.start, { end: entry.end, line: formatEntry(key, value, entry.quote, entry.exported, lines[entry.start], entry.comment) });
    }
  }
  if (changes.length === 0) return { text: original, changes };

  let body = '';
  for (let i = 0; i < lines.length; i++) {
    const edit = replaced.get(i);
    if (edit) {
      body += edit.line + parsed.eols[edit.end];
      i = edit.end;
    } else {
      body += lines[i] + parsed.eols[i];
    }
  }
  if (appended.length) {
    if (body && !/[\r\n]$/.test(body)) body += parsed.eol;
    body += appended.map((line) => line + parsed.eol).join('');
  }
  const result = bom + body;
  assertReadsBack(parsed.values, parseDotenv(result).values, updates);
  return { text: result, changes };
}

/** Every updated key reads back as set, every other key as it was: otherwise nothing is offered for writing. */
function assertReadsBack(before: Record<string, string>, after: Record<string, string>, updates: Record<string, string>): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(updates)]);
  for (const key of keys) {
    const expected = key in updates ? updates[key] : before[key];
    if (after[key] !== expected) {
      throw new UserError(
        `The .env could not be updated so that ${key} reads back unchanged; nothing was written.`,
        'Check the line for unusual quoting (an unterminated quote, a value spanning lines) and fix it by hand.',
        'unexpected',
      );
    }
  }
}

/**
 * KEY=value, keeping the old line's `export ` and quote style when the value reads back the same in it (a `'` inside
 * single quotes would end them early); otherwise double quotes with escapes. Quotes only when the value needs them.
 */
function formatEntry(key: string, value: string, quote: DotenvQuote, exported: boolean, oldLine?: string, comment = ''): string {
  const indent = oldLine ? (/^\s*/.exec(oldLine)?.[0] ?? '') : '';
  const prefix = `${indent}${exported ? 'export ' : ''}${key}=`;
  const needsQuotes = /[\s#"'`\\]/.test(value) || value === '';
  const styles: DotenvQuote[] = [...new Set<DotenvQuote>([quote || (needsQuotes ? '"' : ''), '"'])];
  for (const q of styles) {
    const line = `${prefix}${q}${q === '"' ? escapeDouble(value) : value}${q}${comment}`;
    const read = parseDotenv(line);
    if (read.items.length === 1 && read.values[key] === value) return line;
  }
  return `${prefix}"${escapeDouble(value)}"${comment}`;
}

function escapeDouble(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
