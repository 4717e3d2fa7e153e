// Which events the panel and the CLI show by default (pure): the ones about this setup, and anything that failed.

import { diagnose } from './diagnose';
import { isFailureType, type LogEvent } from './event';
import { VERIFY_CLIENT_NAME, VERIFY_CONTROL_ORIGIN } from './catalogue';

export interface RelevanceContext {
  /** The API identifier (the MCP server's resource URL), when known. */
  audience?: string;
  /** The "show everything" toggle. */
  showAll?: boolean;
}

export function isRelevant(event: LogEvent, context: RelevanceContext = {}): boolean {
  if (context.showAll) return true;
  if (isFailureType(event.type)) return true;
  // Management writes: the engine's own changes, and DCR ("Dynamic client registration") shows up as sapi.
  if (event.type === 'sapi') return true;
  if (event.client_id?.startsWith('tpc_')) return true;
  const audience = context.audience;
  if (audience && (event.audience === audience || (event.description ?? '').includes(audience))) return true;
  // Whatever the catalogue can explain is worth showing (e.g. a success that got an opaque token).
  return diagnose(event) !== undefined;
}

export function filterRelevant(events: readonly LogEvent[], context: RelevanceContext = {}): LogEvent[] {
  return events.filter((e) => isRelevant(e, context));
}

/**
 * An event "Verify like ChatGPT" caused: its test client's (by the name it registers, which Auth0 logs with each
 * event) or its control request's (the made-up resource). Its refusals are expected or already on the Verify row,
 * so the panel marks them as the verifier's and never shows them as failures.
 */
export function isVerifierEvent(event: LogEvent): boolean {
  if (event.client_name === VERIFY_CLIENT_NAME) return true;
  const mentions = (value: unknown) => typeof value === 'string' && value.includes(VERIFY_CONTROL_ORIGIN);
  return mentions(event.audience) || mentions(event.description);
}
