// What the checks learn and pass on to the next one: the metadata, the issuer, the test client, the token.

import type { AuthorizationServerMetadata, OAuthClientInformationFull, OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { ScopeNeed, ToolAuth } from '../scopes/tool-scopes';
import type { FetchFn } from '../http/fetch';
import type { RedirectListener } from './loopback-redirect';
import type { TenantFinding, TenantPlanView, VerifyOptions } from './types';
import type { ProbeAudience } from '../auth0/probe-audience';
import type { TenantKeys } from './probe-tokens';

export interface VerifyContext {
  readonly publicOrigin: string;
  /** Public origin + /mcp: what the user pastes into ChatGPT. */
  readonly appUrl: string;
  /** The expected identifier. */
  readonly resource: string;
  readonly expectedIssuer?: string;
  readonly options: VerifyOptions;
  readonly fetch: FetchFn;
  prm?: OAuthProtectedResourceMetadata;
  /** The authorization server the metadata names (the tenant's issuer). */
  issuer?: string;
  asMetadata?: AuthorizationServerMetadata;
  redirect?: RedirectListener;
  redirectUri?: string;
  client?: OAuthClientInformationFull;
  accessToken?: string;
  /** The scopes the access token carries. */
  tokenScopes?: string[];
  /** Mixed auth: the tools as listed signed out, and the scopes they declare (with the tools needing each). */
  signedOutTools?: ToolAuth[];
  scopeNeeds?: ScopeNeed[];
  /** The scopes the server's 401 challenge names (every request needs sign-in). */
  challengeScopes?: string[];
  /** The Management API's view of the tenant, and what it finds missing (when connected). */
  tenantPlan?: TenantPlanView;
  tenantFindings?: TenantFinding[];
  /** The made-up resource the probe sent: the tenant's refusal of it is expected, not the sign-in's outcome. */
  decoyResource?: string;
  /** Mixed auth: tools/list as read signed out (annotations, input schemas), for the probes' read-only tool. */
  listedTools?: Array<Record<string, unknown>>;
  /** The tenant's public keys, read in the background once the issuer is known (probe-check.ts). */
  tenantKeys?: Promise<TenantKeys>;
  /** The other-audience probe's throwaway API and its token, made in the background once the server is reached. */
  probeAudience?: Promise<ProbeAudienceState>;
}

export interface ProbeAudienceState {
  lease?: ProbeAudience;
  token?: string;
  /** Why there is no token (the probe is then reported as not run). */
  problem?: string;
}
