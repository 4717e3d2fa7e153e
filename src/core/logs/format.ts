// How an event reads in the CLI and the panel: one summary line, the diagnosis lines, and the full JSON.

import { fixLines } from '../plan/fix-text';
import type { LogDiagnosis } from './diagnose';
import { eventMessage, type LogEvent } from './event';

export interface EventSummary {
  /** "2026-03-01 12:34:56" in UTC, or the raw date when unparsable. */
  time: string;
  type: string;
  description: string;
  client: string;
  user: string;
}

export function summarize(event: LogEvent): EventSummary {
  return {
    time: formatTime(event.date),
    type: event.type || '?',
    description: oneLine(eventMessage(event)) || '(no description)',
    client: event.client_name ? `${event.client_name} (${event.client_id ?? '?'})` : (event.client_id ?? ''),
    user: event.user_name ?? event.user_id ?? '',
  };
}

/** time  type  description  client=…  user=… — the parts that are empty are left out. */
export function summaryLine(event: LogEvent): string {
  const s = summarize(event);
  return [s.time, s.type.padEnd(6), s.description, s.client && `client=${s.client}`, s.user && `user=${s.user}`].filter(Boolean).join('  ');
}

/** The indented lines under a recognised event: what happened, what to do, and the one-click fix. */
export function diagnosisLines(d: LogDiagnosis): string[] {
  return [`  → ${d.explanation}`, ...fixLines({ fix: d.fix, action: d.action }, '  ')];
}

/** "Copy event as JSON": the event exactly as Auth0 sent it, pretty-printed. */
export function eventJson(event: LogEvent): string {
  return JSON.stringify(event, null, 2);
}

/** One line of `logs --json`: the event and, when recognised, its diagnosis. */
export function eventJsonLine(event: LogEvent, d: LogDiagnosis | undefined): string {
  const diagnosis = d && { id: d.entry.id, explanation: d.explanation, fix: d.fix, ...(d.action ? { action: d.action } : {}) };
  return JSON.stringify({ event, diagnosis: diagnosis ?? null });
}

function formatTime(date: string): string {
  const ms = Date.parse(date);
  return Number.isNaN(ms)
    ? date || '?'
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
