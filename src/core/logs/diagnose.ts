// Matches one log event against the catalogue and fills in its texts and its fix (pure).

import type { Diagnosis, FixAction } from '../plan/types';
import { CATALOGUE, type CatalogueAction, type CatalogueEntry, type CatalogueMatch } from './catalogue';
import { dashboardUrl, type DashboardPage } from './dashboard';
import { eventMessage, type LogEvent } from './event';

export interface LogDiagnosis {
  entry: CatalogueEntry;
  explanation: string;
  fix: string;
  action?: FixAction;
}

export interface DiagnoseContext {
  /** The tenant domain, for dashboard links; without it guided fixes open https://manage.auth0.com/. */
  domain?: string;
  /** Another table, for tests; defaults to CATALOGUE. */
  catalogue?: readonly CatalogueEntry[];
}

export function diagnose(event: LogEvent, context: DiagnoseContext = {}): LogDiagnosis | undefined {
  for (const entry of context.catalogue ?? CATALOGUE) {
    const groups = matchEntry(entry.match, event);
    if (!groups) continue;
    const vars = { ...placeholders(event), ...definedOnly(groups) };
    return {
      entry,
      explanation: fill(entry.explanation, vars),
      fix: fill(entry.fix, vars),
      action: entry.action && resolveAction(entry.action, event, context.domain),
    };
  }
  return undefined;
}

/** The product-wide vocabulary (problem + fix + action), for the Setup tree and the verifier's faces. */
export function asDiagnosis(d: LogDiagnosis): Diagnosis {
  return { problem: d.explanation, fix: d.fix, action: d.action };
}

/** Returns the pattern's named groups on a match, undefined otherwise. */
function matchEntry(match: CatalogueMatch, event: LogEvent): Record<string, string | undefined> | undefined {
  if (match.types && !match.types.includes(event.type)) return undefined;
  for (const [field, pattern] of Object.entries(match.fields ?? {})) {
    const value = event[field];
    if (typeof value !== 'string' || !pattern?.test(value)) return undefined;
  }
  if (!match.description) return {};
  const found = match.description.exec(eventMessage(event));
  return found ? { ...found.groups } : undefined;
}

function placeholders(event: LogEvent): Record<string, string> {
  const client = event.client_name && event.client_id ? `${event.client_name} (${event.client_id})` : (event.client_name ?? event.client_id);
  return {
    client: client || 'the application',
    clientRef: event.client_id || 'the application',
    user: event.user_name || 'the user',
    audience: event.audience || 'the API',
    resource: event.audience || 'the API',
    description: eventMessage(event) || event.type,
    scopes: 'a scope',
    grant: 'requested',
  };
}

function definedOnly(groups: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(groups).filter((e): e is [string, string] => Boolean(e[1]?.trim())));
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

function resolveAction(action: CatalogueAction, event: LogEvent, domain: string | undefined): FixAction {
  if (action.kind === 'apply') return { kind: 'apply', stepId: action.stepId, label: action.label };
  return { kind: 'open', url: dashboardUrl(domain, pageFor(action.page, event)), label: action.label };
}

function pageFor(page: DashboardPage['page'], event: LogEvent): DashboardPage {
  switch (page) {
    case 'client-settings':
    case 'client-apis':
      return { page, clientId: event.client_id };
    case 'log':
      return { page, logId: event.log_id };
    default:
      return { page };
  }
}
