// The error catalogue: what a tenant log event means for a ChatGPT app and how to fix it, as one table of data.
// The first matching entry wins, so specific entries come before general ones (CIMD before any "Unknown client").
//
// Texts may use placeholders filled from the event: {client}, {user}, {audience}, {description}, and any named group
// of the entry's description pattern (e.g. {resource}). Automatic fixes name an engine step; guided fixes name a
// dashboard page, resolved to a URL for the tenant by diagnose().

import { STEP, type Auth0StepId } from '../plan/steps';
import type { DashboardPage } from './dashboard';

/** The made-up API the verifier's control request asks for: refused by a well-configured tenant. */
export const VERIFY_CONTROL_ORIGIN = 'https://auth0-mcp-verify.invalid';

/**
 * The name "Verify like ChatGPT" registers its temporary client under. Auth0 copies a client's name into every log
 * event it writes for it (client_name), and keeps it after the client is deleted, so the verifier's own requests
 * (its registration, its probes and their expected refusals) are recognisable in the log by this name.
 */
export const VERIFY_CLIENT_NAME = 'auth0-mcp verify (temporary, deleted after the check)';

/** The engine's steps a Fix can apply: the same ids its plan and applyPlan({ steps }) use. */
export type TenantStepId = Auth0StepId;

export type CatalogueAction = { kind: 'apply'; stepId: TenantStepId; label: string } | { kind: 'open'; page: DashboardPage['page']; label: string };

export interface CatalogueMatch {
  /** Event types (`f`, `feacft`, …); absent = any type. */
  types?: readonly string[];
  /** Tested against the description (or details.error.message). */
  description?: RegExp;
  /** Further event fields that must match, e.g. `client_id: /^tpc_/`. A missing field never matches. */
  fields?: Readonly<Partial<Record<'client_id' | 'audience' | 'connection', RegExp>>>;
}

export interface CatalogueEntry {
  id: string;
  match: CatalogueMatch;
  /** What happened, in plain words. */
  explanation: string;
  /** What to do, in plain words; "No fix needed" when nothing in the setup is wrong. */
  fix: string;
  action?: CatalogueAction;
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'no-connections',
    match: { description: /no connections enabled for the client/i },
    explanation:
      "ChatGPT's app ({client}) has no login connection it may use. Apps ChatGPT registers are third-party apps, and those can only use connections promoted to domain level.",
    fix: 'Promote the login connection to domain level.',
    action: { kind: 'apply', stepId: STEP.connections, label: 'Promote the connection to domain level' },
  },
  {
    id: 'third-party-not-authorized',
    match: { description: /Client "?(?<clientRef>[^"\s]+)"? is not authorized to access resource server "?(?<resource>[^"\s]+)"?/i },
    explanation:
      "The app {clientRef} may not get tokens for the API {resource}: apps ChatGPT registers are third-party apps, and they need the API's default permissions for third-party applications.",
    fix: 'Create the default grant for third-party applications on this API.',
    action: { kind: 'apply', stepId: STEP.grant, label: 'Create the default third-party grant' },
  },
  {
    id: 'verify-control-request',
    // "Verify like ChatGPT" sends one request with a made-up resource on purpose (src/core/verify/authorize-check.ts).
    match: { description: /Service not found:?\s*https:\/\/auth0-mcp-verify\.invalid\// },
    explanation:
      'The verifier\'s control request: "Verify like ChatGPT" asks for a made-up API on purpose, to prove the tenant takes ChatGPT\'s "resource" as the audience. This refusal is the expected answer.',
    fix: 'No fix needed.',
  },
  {
    id: 'userinfo-audience',
    // What real tenants log when `resource` was not turned into an audience (see the shared notes).
    match: { description: /userinfo audience is not allowed for third party clients/i },
    explanation:
      'ChatGPT\'s app ({client}) asked for your API with the "resource" parameter, and the tenant did not take it as the audience: the Resource Parameter Compatibility Profile is off and there is no Default Audience, so only /userinfo was left, which third-party apps may not use.',
    fix: "Turn on the Resource Parameter Compatibility Profile (and make sure an API has exactly the MCP server's URL as identifier).",
    action: { kind: 'apply', stepId: STEP.settings, label: 'Turn on the resource parameter profile' },
  },
  {
    id: 'custom-domain-management-audience',
    match: { description: /Service not enabled within domain:?\s*(?<audience>\S*)/i },
    explanation:
      'A Management API token was requested for "{audience}", a custom domain\'s audience. Management API tokens are only issued for the canonical tenant domain (https://<tenant>.<region>.auth0.com/api/v2/), even through a custom domain.',
    fix: "Give the product the tenant's canonical *.auth0.com domain for the Management API (AUTH0_TENANT_DOMAIN), and keep the custom domain for sign-in.",
  },
  {
    id: 'service-not-found',
    match: { description: /Service not found:?\s*(?<resource>\S*)/i },
    explanation:
      'The sign-in asked for the API "{resource}", and no API in the tenant has exactly that identifier. The identifier must equal the URL the MCP server advertises (scheme, host, path and trailing slash all count); a new tunnel URL needs a new API.',
    fix: 'Create the API for the current public URL (and reconnect the app in ChatGPT if it still uses an old URL).',
    action: { kind: 'apply', stepId: STEP.api, label: 'Create the API for the current URL' },
  },
  {
    id: 'callback-mismatch',
    match: { description: /callback url mismatch|redirect_uri.*not in the list of allowed callback/i },
    explanation:
      'The app {client} does not list the redirect address the sign-in used. Apps ChatGPT registers itself list it; this usually means a hand-made application is in use.',
    fix: "Add ChatGPT's redirect URL to the application's Allowed Callback URLs, or let ChatGPT register its own app (Dynamic Client Registration).",
    action: { kind: 'open', page: 'client-settings', label: "Open the application's settings" },
  },
  {
    id: 'cimd-unknown-client',
    // ChatGPT's CIMD client id is a URL under https://chatgpt.com/oauth/, specific to each MCP server.
    match: { description: /unknown client:?\s*"?(?<clientRef>https:\/\/chatgpt\.com\/oauth\/(?:[^\s"]*\/)?client\.json)/i },
    explanation:
      'The tenant advertises Client ID Metadata Documents, so ChatGPT signs in as "{clientRef}" instead of registering its own app, and the tenant does not know that client.',
    fix: "Turn off Client ID Metadata Document support so ChatGPT registers its own app again (importing ChatGPT's client needs private_key_jwt, an Enterprise feature).",
    action: { kind: 'open', page: 'tenant-advanced', label: "Open the tenant's advanced settings" },
  },
  {
    id: 'unknown-client',
    match: { description: /unknown client:?\s*"?(?<clientRef>[^"\s]+)/i },
    explanation:
      'The sign-in used the app {clientRef}, which the tenant does not know: it was deleted (for example in a cleanup of old ChatGPT apps) or belongs to another tenant.',
    fix: 'In ChatGPT, disconnect and connect the app again so it registers a new client.',
  },
  {
    id: 'pkce-verifier',
    match: { types: ['feacft'], description: /failed to verify code verifier/i },
    explanation:
      "The code exchange's PKCE verifier does not match the challenge sent at sign-in: usually a sign-in retried in two tabs, or a stale authorization code.",
    fix: 'Start the sign-in again from ChatGPT. If it keeps failing, disconnect and connect the app in ChatGPT.',
  },
  {
    id: 'grant-type-not-allowed',
    match: { description: /grant type '?(?<grant>[\w:.-]+)'? not allowed for the client/i },
    explanation: 'The app {client} is not allowed to use the "{grant}" grant.',
    fix: 'Enable the "{grant}" grant type under the application\'s Advanced Settings > Grant Types.',
    action: { kind: 'open', page: 'client-settings', label: "Open the application's settings" },
  },
  {
    id: 'management-not-authorized',
    match: { types: ['feccft'], description: /not authorized to access "?https?:\/\/[^"\s]+\/api\/v2\/?"?/i },
    explanation: 'The Machine-to-Machine application {client} is not authorized for the Auth0 Management API of this tenant.',
    fix: 'Authorize the application for the Auth0 Management API and grant it the scopes the product needs.',
    action: { kind: 'open', page: 'client-apis', label: "Open the application's API permissions" },
  },
  {
    id: 'dcr-disabled',
    // Real tenants answer POST /oidc/register with 400 "dynamic client registration is disabled".
    match: { description: /dynamic client registration.*(?:disabled|not enabled|not allowed)/i },
    explanation: 'ChatGPT tried to register its app, and Dynamic Client Registration is off for this tenant.',
    fix: 'Turn on OIDC Dynamic Client Registration.',
    action: { kind: 'apply', stepId: STEP.dcr, label: 'Turn on Dynamic Client Registration' },
  },
  {
    id: 'opaque-token',
    // A ChatGPT app's successful exchange whose only audience is /userinfo got an opaque token the MCP server cannot verify.
    match: { types: ['seacft'], fields: { client_id: /^tpc_/, audience: /\/userinfo\/?$/ } },
    explanation:
      'ChatGPT got a token without your API as audience, so it is opaque and the MCP server will reject it as invalid. The tenant has no Default Audience, or ignores the "resource" parameter ChatGPT sends.',
    fix: "Set the tenant's Default Audience to the API and turn on the Resource Parameter Compatibility Profile.",
    action: { kind: 'apply', stepId: STEP.settings, label: 'Set Default Audience and resource profile' },
  },
  {
    id: 'refresh-failed',
    match: { types: ['fertft'] },
    explanation: "ChatGPT's refresh token for {user} was rejected (revoked, expired or rotated, or its app was deleted): {description}",
    fix: 'Nothing in the setup needs fixing; the user signs in again from ChatGPT (disconnect and connect the app if ChatGPT does not ask).',
  },
  {
    id: 'rate-limit',
    match: { types: ['api_limit', 'api_limit_warning'] },
    explanation: 'The tenant hit an Auth0 rate limit: {description}',
    fix: 'Wait a minute; calls succeed again once the limit resets. Free tenants allow 2 Management API calls per second.',
  },
  {
    id: 'attack-protection-block',
    match: { types: ['limit_wc', 'limit_mu', 'limit_sul', 'limit_delegation'] },
    explanation: "Auth0's attack protection blocked a sign-in ({user}) after too many attempts: {description}",
    fix: 'Wait for the block to expire, use the unblock link Auth0 emails the user, or unblock the IP or user in Attack Protection.',
    action: { kind: 'open', page: 'attack-protection', label: 'Open Attack Protection' },
  },
  {
    id: 'breached-password',
    match: { types: ['pwd_leak', 'signup_pwd_leak', 'reset_pwd_leak'] },
    explanation: 'Breached Password Detection stopped {user}: the password appears in a known data breach.',
    fix: 'The user resets the password (Auth0 emails them); Attack Protection settings control this check.',
    action: { kind: 'open', page: 'attack-protection', label: 'Open Attack Protection' },
  },
  {
    id: 'deprecation-notice',
    match: { types: ['depnote'] },
    explanation: 'The tenant uses a feature Auth0 is retiring: {description}',
    fix: 'Nothing breaks yet. Read the notice and migrate before its end-of-life date.',
    action: { kind: 'open', page: 'log', label: 'Open the notice in the dashboard' },
  },
  {
    id: 'scope-not-granted',
    // UNSOURCED GUESS: Auth0 documents the grant as a ceiling for third-party apps (docs "Application Access to APIs:
    // Client Grants") but no source shows its wording for a refused scope; most often it just leaves the scope out of
    // the token, which only "Verify like ChatGPT" or the tool's insufficient_scope answer shows.
    match: { types: ['f', 'feacft', 'fertft'], description: /(?:invalid_scope|scope[^.]*\bnot (?:allowed|granted|permitted)|insufficient[_ ]scope)/i },
    explanation:
      "ChatGPT's app ({client}) asked for a scope the tenant would not give it ({description}). Apps ChatGPT registers are third-party apps: they get only the scopes the API defines as permissions and its default third-party grant names.",
    fix: "Add the scopes your tools declare to the API's permissions and to the default third-party grant.",
    action: { kind: 'apply', stepId: STEP.scopes, label: 'Add the missing scopes' },
  },
  {
    id: 'consent-denied',
    // "User has canceled the interaction." is Auth0's access_denied description when the user cancels (Auth0 support,
    // "Troubleshooting the access_denied Error"); "User did not authorize the request" is an older wording.
    match: { description: /user did not authorize the request|user has canceled the interaction/i },
    explanation: '{user} declined the consent screen (the scopes ChatGPT asked for), so ChatGPT got no access.',
    fix: 'No fix needed: the user can connect again and accept.',
  },
  {
    id: 'wrong-password',
    match: { types: ['fp'] },
    explanation: '{user} typed a wrong password. The sign-in page and the setup work.',
    fix: 'No fix needed: the user tries again or resets the password.',
  },
  {
    id: 'wrong-user',
    match: { types: ['fu'] },
    explanation: 'Someone signed in with a user name or email the connection does not know ({user}). The sign-in page and the setup work.',
    fix: 'No fix needed: the user checks the email address or signs up.',
  },
];
