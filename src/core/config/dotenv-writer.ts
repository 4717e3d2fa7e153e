// Sets a few keys in a .env file and keeps everything else byte for byte: other entries, comments (a replaced
// line's own inline comment too), blank lines, line endings, `export ` prefixes and quoting style.

import type { FieldChange } from '../plan/types';
import { parseDotenv } from './dotenv';

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
      replaced.set(entry.start, { end: entry.end, line: formatEntry(key, value, entry.quote, entry.exported, lines[entry.start]) + entry.comment });
    }
  }
  if (changes.length === 0) return { text: original, changes };

  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const edit = replaced.get(i);
    if (edit) {
      out.push(edit.line);
      i = edit.end;
    } else {
      out.push(lines[i]);
    }
  }
  if (out.length === 1 && out[0] === '' && text === undefined) out.pop();
  out.push(...appended);
  const eol = parsed.eol;
  return { text: bom + out.join(eol) + eol, changes };
}

/** KEY=value, keeping the old line's `export ` and quote style; quotes only when the value needs them. */
function formatEntry(key: string, value: string, quote: string, exported: boolean, oldLine?: string): string {
  const indent = oldLine ? (/^\s*/.exec(oldLine)?.[0] ?? '') : '';
  const needsQuotes = /[\s#"'`\\]/.test(value) || value === '';
  const q = quote || (needsQuotes ? '"' : '');
  const body = q === '"' ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
  return `${indent}${exported ? 'export ' : ''}${key}=${q}${body}${q}`;
}
