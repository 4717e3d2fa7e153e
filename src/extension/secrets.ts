// Everything secret goes through VS Code's SecretStorage (the OS keychain), never settings or files.
// Auth0 credentials are saved per tenant (core/auth0/tenant-credentials): only the tenant they were entered for gets them.

import type * as vscode from 'vscode';
import { TenantCredentials, type Auth0Credentials } from '../core/auth0/tenant-credentials';

export type { Auth0Credentials };

const NGROK_AUTHTOKEN = 'auth0Mcp.ngrokAuthtoken';

/**
 * The tenant credentials are saved under, and sent to: the Management API's host, which is the canonical tenant
 * domain when one is set for a custom domain, else the domain itself.
 */
export function credentialsDomain(settings: { domain: string; tenantDomain?: string }): string {
  return settings.tenantDomain || process.env.AUTH0_TENANT_DOMAIN || settings.domain;
}

export class Secrets {
  private readonly tenants: TenantCredentials;

  constructor(private readonly storage: vscode.SecretStorage) {
    this.tenants = new TenantCredentials(storage);
  }

  /** The credentials saved for this tenant domain (never another tenant's). */
  auth0(domain: string | undefined): Promise<Auth0Credentials | undefined> {
    return this.tenants.get(domain);
  }

  storeAuth0(domain: string, credentials: Auth0Credentials): Promise<void> {
    return this.tenants.save(domain, credentials);
  }

  forgetAuth0(domain: string | undefined): Promise<void> {
    return this.tenants.forget(domain);
  }

  get auth0Tenants(): TenantCredentials {
    return this.tenants;
  }

  ngrokAuthtoken(): Thenable<string | undefined> {
    return this.storage.get(NGROK_AUTHTOKEN);
  }

  storeNgrokAuthtoken(value: string): Thenable<void> {
    return this.storage.store(NGROK_AUTHTOKEN, value);
  }
}
