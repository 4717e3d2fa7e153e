// What the tenant should look like for a ChatGPT app, derived from the domain, the resource URL and the user's choices.

import { parseAuth0Domain } from '../config/domain';
import { isCanonicalIdentifier, parsePublicUrl } from '../config/resource-url';
import { UserError } from '../plan/types';
import type { ScopeNeed } from '../scopes/tool-scopes';

export const DEFAULT_CONNECTION = 'Username-Password-Authentication';
/** Above this many DCR clients the plan suggests a cleanup. */
const STALE_CLIENT_THRESHOLD = 10;

/** Tenant-wide settings the user may keep as they are (each defaults to on). */
export interface TenantToggles {
  defaultAudience: boolean;
  resourceParameterProfile: boolean;
  issuerParameter: boolean;
}

export interface DesiredTenant {
  host: string;
  managementAudience: string;
  /** The API identifier: exactly the resource URL the MCP server advertises, byte for byte. */
  identifier: string;
  apiName: string;
  connectionNames: string[];
  toggles: TenantToggles;
  staleClientThreshold: number;
  /** Identifiers of APIs the product created for earlier URLs, newest first: offered for deletion, never deleted silently. */
  previousIdentifiers: string[];
  /** The scopes the server's tools declare (and any added by hand): the API must define them, the default grant name them. */
  scopeNeeds: ScopeNeed[];
  /** Why the server's tools could not be read: the Scopes step is then unknown (nothing is written from a guess). */
  scopeProblem?: UserError;
  /** False when no tool source was given (a CLI run without --tools-from): "no scope needed" is then not the server's word. */
  toolsRead: boolean;
  /** The Management API is reached through the product's own application: one of the tenant's applications too. */
  ownApplication: boolean;
}

export interface DesiredTenantInput {
  domain: string;
  resourceUrl: string | undefined;
  connectionNames?: readonly string[];
  toggles?: Partial<TenantToggles>;
  staleClientThreshold?: number;
  previousIdentifiers?: readonly string[];
  /** From the server (its tools/list) and the settings: the caller reads them, see src/core/scopes. */
  scopeNeeds?: readonly ScopeNeed[];
  scopeProblem?: UserError;
  /** Default true. */
  toolsRead?: boolean;
  /** Default false. */
  ownApplication?: boolean;
}

export function desiredTenant(input: DesiredTenantInput): DesiredTenant {
  const domain = parseAuth0Domain(input.domain);
  const identifier = (input.resourceUrl ?? '').trim();
  // Validated and kept verbatim (a path is part of the identifier); it must already be canonical, since it is written
  // to the tenant, the journal and the backend .env exactly as given.
  const url = parsePublicUrl(identifier, 'resource URL (AUTH0_RESOURCE_SERVER_URL)');
  if (identifier === domain.managementAudience || url.host === domain.host) {
    throw new UserError(
      `The resource URL "${identifier}" points at the Auth0 tenant itself.`,
      'Use the public URL of your MCP server (your tunnel or deployment), e.g. "https://my-app.ngrok-free.app".',
      'url_invalid',
    );
  }
  if (!isCanonicalIdentifier(identifier)) {
    const canonical = `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
    throw new UserError(
      `The resource URL "${String(identifier).slice(0, 200)}" is not a canonical https URL: only a lower-case host, an optional port and a path of letters, digits, ".", "_", "~" and "-".`,
      isCanonicalIdentifier(canonical) ? `Use "${canonical}".` : 'Use the plain public URL of your MCP server, e.g. "https://my-app.ngrok-free.app".',
      'url_invalid',
    );
  }
  const names = [...new Set((input.connectionNames ?? []).map((n) => n.trim()).filter(Boolean))];
  return {
    host: domain.host,
    managementAudience: domain.managementAudience,
    identifier,
    apiName: `ChatGPT MCP server (${url.host})`,
    connectionNames: names.length ? names : [DEFAULT_CONNECTION],
    toggles: { defaultAudience: true, resourceParameterProfile: true, issuerParameter: true, ...input.toggles },
    staleClientThreshold: input.staleClientThreshold ?? STALE_CLIENT_THRESHOLD,
    previousIdentifiers: (input.previousIdentifiers ?? []).filter((id) => id !== identifier),
    scopeNeeds: (input.scopeNeeds ?? []).map((n) => ({ ...n, tools: [...n.tools] })),
    ...(input.scopeProblem ? { scopeProblem: input.scopeProblem } : {}),
    toolsRead: input.toolsRead ?? true,
    ownApplication: input.ownApplication ?? false,
  };
}
