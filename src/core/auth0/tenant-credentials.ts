// Saved Management API credentials belong to one tenant. They are stored under the tenant's canonical host and
// handed out only for that host, so a workspace whose settings name another domain never sends them anywhere (and
// a refusal from that other domain can never delete them): it has no credentials and is asked to connect.
// Plain TypeScript over a minimal secret store, so the VS Code SecretStorage adapter stays a few lines.

import { parseAuth0Domain } from '../config/domain';
import { UserError } from '../plan/types';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** `ownApp`: the product's own application, made from a pasted token (its scopes are fixed by pasting another). */
export type Auth0Credentials = { kind: 'client'; clientId: string; clientSecret: string; ownApp?: boolean } | { kind: 'token'; token: string };

/** Keys from before credentials were bound to a tenant: never read (nobody knows which tenant they were for), only removed. */
const UNBOUND_KEYS = ['auth0Mcp.clientId', 'auth0Mcp.clientSecret', 'auth0Mcp.apiToken'];

const FIELDS = ['clientId', 'clientSecret', 'apiToken', 'ownApp'] as const;

/** Engine error codes meaning the tenant refused the credentials (not a network or scope problem). */
export const REFUSED_CREDENTIALS = new Set(['bad_credentials', 'bad_token', 'not_authorized', 'not_auth0']);

/** The canonical host for a domain as typed or stored in settings; undefined when it is not a valid domain. */
export function tenantHost(domain: string | undefined): string | undefined {
  if (!domain?.trim()) return undefined;
  try {
    return parseAuth0Domain(domain).host;
  } catch {
    return undefined;
  }
}

export class TenantCredentials {
  constructor(private readonly store: SecretStore) {}

  private key(host: string, field: (typeof FIELDS)[number]): string {
    return `auth0Mcp.tenant.${host}.${field}`;
  }

  /** The credentials saved for exactly this tenant, or undefined. */
  async get(domain: string | undefined): Promise<Auth0Credentials | undefined> {
    const host = tenantHost(domain);
    if (!host) return undefined;
    const token = await this.store.get(this.key(host, 'apiToken'));
    if (token) return { kind: 'token', token };
    const [clientId, clientSecret, ownApp] = await Promise.all(
      (['clientId', 'clientSecret', 'ownApp'] as const).map((field) => this.store.get(this.key(host, field))),
    );
    if (!clientId || !clientSecret) return undefined;
    return { kind: 'client', clientId, clientSecret, ...(ownApp === clientId ? { ownApp: true } : {}) };
  }

  async save(domain: string, credentials: Auth0Credentials): Promise<void> {
    const host = parseAuth0Domain(domain).host;
    await this.forget(host);
    if (credentials.kind === 'token') {
      await this.store.store(this.key(host, 'apiToken'), credentials.token);
    } else {
      await this.store.store(this.key(host, 'clientId'), credentials.clientId);
      await this.store.store(this.key(host, 'clientSecret'), credentials.clientSecret);
      // The marker names the application it belongs to, so it can never describe other credentials.
      if (credentials.ownApp) await this.store.store(this.key(host, 'ownApp'), credentials.clientId);
    }
  }

  /** Forgets this tenant's credentials only (and any unbound ones an older version saved). */
  async forget(domain: string | undefined): Promise<void> {
    const host = tenantHost(domain);
    const keys = [...UNBOUND_KEYS, ...(host ? FIELDS.map((f) => this.key(host, f)) : [])];
    await Promise.all(keys.map((k) => this.store.delete(k)));
  }
}

/**
 * Opens a connection to the tenant the settings name, with that tenant's own credentials. None saved for it: a
 * `not_connected` error asking to connect it, and not one request is made. The tenant refuses them: they are
 * forgotten (they were sent nowhere else, so only their owner can have refused them).
 */
export async function connectWithSavedCredentials<T>(
  domain: string | undefined,
  saved: TenantCredentials,
  open: (host: string, credentials: Auth0Credentials) => Promise<T>,
): Promise<T> {
  const host = tenantHost(domain);
  if (!host) {
    throw new UserError('No Auth0 tenant is connected.', 'Run "Connect to Auth0" and enter the domain and credentials.', 'not_connected');
  }
  const credentials = await saved.get(host);
  if (!credentials) {
    throw new UserError(
      `No credentials are saved for ${host}.`,
      `Run "Connect to Auth0" for ${host}. Credentials saved for another tenant are never sent to this one.`,
      'not_connected',
    );
  }
  try {
    return await open(host, credentials);
  } catch (error) {
    if (error instanceof UserError && REFUSED_CREDENTIALS.has(error.code)) await saved.forget(host);
    throw error;
  }
}
