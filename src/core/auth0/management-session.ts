// The one factory for Management API access: the auth0 SDK's ManagementClient behind our transport (limit of 2 in
// flight, request counts, one token re-acquire, and the retries of 408/429/5xx until an overall deadline).

import { ManagementClient } from 'auth0';
import { parseAuth0Domain, type Auth0Domain } from '../config/domain';
import { UserError, errorMessage } from '../plan/types';
import { withCrashHook } from './crash-hook';
import { toUserError, type Face } from './errors';
import { createTokenSource, type ManagementCredentials } from './token-source';
import { ManagementTransport, RETRY_DEADLINE_MS, type RequestStats, type RetryClock } from './transport';

export interface ManagementSessionOptions {
  /** What the user typed (the sign-in domain, custom or not); normalised by parseAuth0Domain. */
  domain: string;
  /**
   * The canonical tenant domain (`*.auth0.com`) when `domain` is a custom domain: the Management API and its token
   * are always reached there, since a token for a custom domain's audience is refused ("Service not enabled within domain").
   */
  tenantDomain?: string;
  credentials: ManagementCredentials;
  /** Testing / proxy override: send every request to this origin (e.g. http://127.0.0.1:4010) instead of https://<domain>. */
  origin?: string;
  /** Dependency injection for tests. */
  fetch?: typeof fetch;
  /**
   * How long each request keeps being retried on 408/429/5xx, waiting as Retry-After or X-RateLimit-Reset say
   * (default 60 s, the token call included).
   */
  retryDeadlineMs?: number;
  /** An extra bound on retries per request (tests); by default only the deadline bounds them. */
  maxRetries?: number;
  /** Tests pass a fake clock: rate-limit waits then cost no real time. */
  clock?: RetryClock;
  /** One attempt's time limit; default 15 s. */
  attemptTimeoutMs?: number;
  /** Who reads the errors' fixes: the CLI (variables, flags) or the editor (settings, commands). Default 'cli'. */
  face?: Face;
  /** The credentials are the product's own application: a missing scope is fixed by pasting a token. */
  ownApp?: boolean;
}

export interface ManagementSession {
  /** The face that reads this session's errors. */
  readonly face: Face;
  /** The credentials are the product's own application. */
  readonly ownApp: boolean;
  /** The sign-in domain: the tenant the plan is for, the issuer users see. */
  readonly domain: Auth0Domain;
  /** Where the Management API is called: the canonical tenant domain, or `domain` when none was given. */
  readonly managementDomain: Auth0Domain;
  readonly client: ManagementClient;
  readonly credentialsKind: ManagementCredentials['kind'];
  /** The application's client id, when it signs in with client credentials (never the secret). */
  readonly clientId?: string;
  readonly stats: RequestStats;
  /** Runs one SDK call and turns any failure into a UserError naming `operation`. */
  call<T>(operation: string, run: (client: ManagementClient) => Promise<T>): Promise<T>;
  /** The current access token (fetching one if needed); used to read its granted scopes. */
  accessToken(): Promise<string>;
  /**
   * A client-credentials token of this application for another API of the tenant (verify's other-audience probe),
   * from the sign-in domain's own token endpoint (so its issuer is the one users see), sent with `fetchFn`. The
   * secret goes to the tenant only. Throws a UserError for a pasted token, which cannot ask for other tokens.
   */
  clientCredentialsToken(audience: string, fetchFn: typeof fetch): Promise<string>;
}

export function createManagementSession(options: ManagementSessionOptions): ManagementSession {
  const domain = parseAuth0Domain(options.domain);
  const management = options.tenantDomain ? parseAuth0Domain(options.tenantDomain) : domain;
  const origin = options.origin ? checkOrigin(options.origin) : undefined;
  const transport = new ManagementTransport({
    host: management.host,
    origin,
    fetch: withCrashHook(options.fetch),
    attemptTimeoutMs: options.attemptTimeoutMs,
    ...(options.retryDeadlineMs !== undefined ? { retryDeadlineMs: options.retryDeadlineMs } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const tokens = createTokenSource(options.credentials, {
    domain: management.host,
    audience: management.managementAudience,
    fetch: transport.fetch,
  });
  transport.tokens = tokens;
  const client = new ManagementClient({
    domain: management.host,
    token: () => tokens.get(),
    fetch: transport.fetch,
    // The transport retries (until its deadline); the SDK's own retries would multiply them.
    maxRetries: 0,
    // A backstop above the transport's deadline plus one attempt; the transport's own limits are what normally fire.
    timeoutInSeconds: Math.ceil(((options.retryDeadlineMs ?? RETRY_DEADLINE_MS) + (options.attemptTimeoutMs ?? 15_000)) / 1000) + 5,
    telemetry: false,
  });
  const errorContext = (operation: string) => ({
    host: management.host,
    operation,
    credentials: options.credentials.kind,
    face: options.face,
    ownApp: options.ownApp,
    ...(options.tenantDomain ? {} : { tenantDomainUnset: true }),
  });
  return {
    face: options.face ?? 'cli',
    ownApp: Boolean(options.ownApp),
    domain,
    managementDomain: management,
    client,
    credentialsKind: options.credentials.kind,
    ...(options.credentials.kind === 'client-credentials' ? { clientId: options.credentials.clientId } : {}),
    stats: transport.stats,
    async call(operation, run) {
      try {
        return await run(client);
      } catch (error) {
        throw toUserError(error, errorContext(operation));
      }
    },
    async accessToken() {
      try {
        return await tokens.get();
      } catch (error) {
        throw toUserError(error, errorContext('getting a Management API token'));
      }
    },
    async clientCredentialsToken(audience, fetchFn) {
      const credentials = options.credentials;
      if (credentials.kind !== 'client-credentials') {
        throw new UserError(
          'A pasted Management API token cannot ask the tenant for a token for another API.',
          'Connect with a machine-to-machine application (client id and secret) to run this check.',
          'needs_client_credentials',
        );
      }
      try {
        return await createTokenSource(credentials, { domain: domain.host, audience, fetch: fetchFn }).get();
      } catch (error) {
        const reason = (error as { body?: { error_description?: string } }).body?.error_description ?? errorMessage(error);
        throw new UserError(
          `The tenant at ${domain.host} refused the application a token for ${audience}: ${reason}`,
          'Check that the application is a machine-to-machine application of this tenant allowed to use the client-credentials grant.',
          'probe_token_refused',
        );
      }
    },
  };
}

/** The override carries credentials, so plain http is accepted for loopback only. */
function checkOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new UserError(
      `"${origin}" is not a valid origin for AUTH0_MCP_MANAGEMENT_ORIGIN.`,
      'Use a URL such as http://127.0.0.1:4010, or unset it.',
      'origin_invalid',
    );
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UserError(
      `AUTH0_MCP_MANAGEMENT_ORIGIN must be https, or http on loopback (got "${url.origin}").`,
      'Unset it unless you are testing against a local stand-in or proxy.',
      'origin_invalid',
    );
  }
  return url.origin;
}
