// Everything secret goes through VS Code's SecretStorage (the OS keychain), never settings or files.

import type * as vscode from 'vscode';

const KEYS = {
  clientId: 'auth0Mcp.clientId',
  clientSecret: 'auth0Mcp.clientSecret',
  apiToken: 'auth0Mcp.apiToken',
  ngrokAuthtoken: 'auth0Mcp.ngrokAuthtoken',
} as const;

export type Auth0Credentials = { kind: 'client'; clientId: string; clientSecret: string } | { kind: 'token'; token: string };

export class Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async auth0(): Promise<Auth0Credentials | undefined> {
    const token = await this.storage.get(KEYS.apiToken);
    if (token) return { kind: 'token', token };
    const [clientId, clientSecret] = await Promise.all([this.storage.get(KEYS.clientId), this.storage.get(KEYS.clientSecret)]);
    return clientId && clientSecret ? { kind: 'client', clientId, clientSecret } : undefined;
  }

  async storeAuth0(credentials: Auth0Credentials): Promise<void> {
    await this.forgetAuth0();
    if (credentials.kind === 'token') {
      await this.storage.store(KEYS.apiToken, credentials.token);
    } else {
      await this.storage.store(KEYS.clientId, credentials.clientId);
      await this.storage.store(KEYS.clientSecret, credentials.clientSecret);
    }
  }

  async forgetAuth0(): Promise<void> {
    await Promise.all([KEYS.clientId, KEYS.clientSecret, KEYS.apiToken].map((k) => this.storage.delete(k)));
  }

  ngrokAuthtoken(): Thenable<string | undefined> {
    return this.storage.get(KEYS.ngrokAuthtoken);
  }

  storeNgrokAuthtoken(value: string): Thenable<void> {
    return this.storage.store(KEYS.ngrokAuthtoken, value);
  }
}
