// Connecting, as a first-time user meets it: one domain (checked at once against the tenant's OpenID discovery),
// then one Management API token from which the extension makes its own least-privilege application, or existing
// machine-to-machine credentials. The token lives in this function's variables only: never in settings, secrets,
// logs or files.

import type * as Auth0Feature from '../core/auth0';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { apiExplorerUrl } from '../core/auth0/dashboard-links';
import { parseAuth0Domain } from '../core/config/domain';
import { UserError, errorMessage } from '../core/plan/types';
import { VIEW } from '../core/ids';
import type { Controller } from './controller';
import { loadFeature } from './lazy';
import type { Auth0Credentials } from './secrets';

const engine = () => loadFeature<typeof Auth0Feature>('auth0');
const origin = () => process.env.AUTH0_MCP_MANAGEMENT_ORIGIN || undefined;

/** Asks for the domain until it answers like an Auth0 tenant; undefined when the user gives up. */
export async function askCheckedDomain(initial: string): Promise<string | undefined> {
  let value = initial;
  for (;;) {
    const input = await vscode.window.showInputBox({
      title: 'Connect to Auth0: tenant domain',
      prompt: 'Your tenant domain, as shown in the Auth0 dashboard (Settings > Domain), or your custom domain',
      placeHolder: 'my-tenant.us.auth0.com',
      value,
      ignoreFocusOut: true,
      validateInput: (text) => {
        try {
          parseAuth0Domain(text);
          return undefined;
        } catch (error) {
          return error instanceof UserError ? `${error.message} ${error.fix}` : String(error);
        }
      },
    });
    if (input === undefined) return undefined;
    const host = parseAuth0Domain(input).host;
    value = host;
    try {
      await vscode.window.withProgress({ location: { viewId: VIEW.setup }, title: `Checking ${host}` }, () =>
        engine().checkTenantDomain(host, { origin: origin(), face: 'editor' }),
      );
      return host;
    } catch (error) {
      const retry = 'Try Again';
      const edit = 'Change Domain';
      const fix = error instanceof UserError ? ` ${error.fix}` : '';
      const choice = await vscode.window.showErrorMessage(`${errorMessage(error)}${fix}`, retry, edit);
      if (choice === retry) {
        // Same domain, checked again (a network that came back).
        const again = await engine()
          .checkTenantDomain(host, { origin: origin(), face: 'editor' })
          .then(() => true)
          .catch(() => false);
        if (again) return host;
      } else if (choice !== edit) {
        return undefined;
      }
    }
  }
}

type Method = 'token' | 'explorer' | 'client';

export async function askMethod(host: string): Promise<Method | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      {
        label: '$(key) Paste a Management API token',
        description: 'recommended',
        detail: 'The extension creates its own application with exactly the scopes it needs; the token is used once and never stored.',
        method: 'token' as const,
      },
      {
        label: '$(link-external) Get a token: open the API Explorer in the Auth0 dashboard',
        detail: 'Applications > APIs > Auth0 Management API > API Explorer, then paste the token here.',
        method: 'explorer' as const,
      },
      {
        label: '$(account) Use an existing machine-to-machine application',
        detail: 'Client ID and secret of an application authorized for the Auth0 Management API.',
        method: 'client' as const,
      },
    ],
    { title: `Connect to Auth0: how should the extension reach ${host}?`, ignoreFocusOut: true },
  );
  return pick?.method;
}

export async function askToken(host: string, method: Method = 'token'): Promise<string | undefined> {
  if (method === 'explorer') await vscode.env.openExternal(vscode.Uri.parse(apiExplorerUrl(host)));
  const token = await vscode.window.showInputBox({
    title: `Management API token for ${host}`,
    prompt: 'From the Auth0 dashboard: Applications > APIs > Auth0 Management API > API Explorer (Copy Token). It is used once and not stored.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Paste the token from the API Explorer.'),
  });
  return token?.trim() || undefined;
}

export async function askClientCredentials(): Promise<Auth0Credentials | undefined> {
  const required = (value: string) => (value.trim() ? undefined : 'This value is required.');
  const clientId = await vscode.window.showInputBox({
    title: 'Client ID of the machine-to-machine application',
    ignoreFocusOut: true,
    validateInput: required,
  });
  if (!clientId) return undefined;
  const clientSecret = await vscode.window.showInputBox({ title: 'Client secret', password: true, ignoreFocusOut: true, validateInput: required });
  return clientSecret ? { kind: 'client', clientId: clientId.trim(), clientSecret: clientSecret.trim() } : undefined;
}

/** Where the creation of the extension's own application is journalled (before the request), per tenant. */
export function ownAppJournal(c: Controller, host: string): Auth0Feature.RestoreJournal {
  return engine().fileRestoreJournal(join(c.context.globalStorageUri.fsPath, 'restore', `own-app-${host.replace(/[^a-z0-9.-]/gi, '_')}.jsonl`), host);
}

/**
 * From the token: the extension's own application (created, or reused with its grant brought to exactly the needed
 * scopes). Returns its credentials, to be stored for `managementHost` only.
 */
export async function credentialsFromToken(
  c: Controller,
  domain: string,
  token: string,
  known: Auth0Credentials | undefined,
): Promise<{ credentials: Auth0Credentials; managementHost: string; app: Auth0Feature.OwnApplication }> {
  const auth0 = engine();
  const { managementHost } = auth0.pairDomainWithToken(domain, token);
  const session = auth0.createManagementSession({
    domain,
    ...(managementHost !== domain ? { tenantDomain: managementHost } : {}),
    credentials: { kind: 'token', token },
    ...(origin() ? { origin: origin() } : {}),
    face: 'editor',
  });
  const app = await vscode.window.withProgress({ location: { viewId: VIEW.setup }, title: `Creating the extension's application on ${managementHost}` }, () =>
    auth0.ensureOwnApplication(session, ownAppJournal(c, managementHost), known?.kind === 'client' && known.ownApp ? { clientId: known.clientId } : undefined),
  );
  c.log.info(
    app.reused
      ? `reused the application ${app.clientId} on ${managementHost}${app.addedScopes.length ? `, adding ${app.addedScopes.join(', ')}` : ''}`
      : `created the application ${app.clientId} ("${app.name}") on ${managementHost} with ${app.scopes.length} Management API scopes`,
  );
  return { credentials: { kind: 'client', clientId: app.clientId, clientSecret: app.clientSecret, ownApp: true }, managementHost, app };
}

/** Deletes the extension's own application with its own credentials; false when it was already gone. */
export async function deleteOwnApp(
  c: Controller,
  managementHost: string,
  domain: string,
  credentials: Extract<Auth0Credentials, { kind: 'client' }>,
): Promise<boolean> {
  const auth0 = engine();
  const session =
    c.auth0?.session ??
    auth0.createManagementSession({
      domain: domain || managementHost,
      ...(domain && managementHost !== domain ? { tenantDomain: managementHost } : {}),
      credentials: { kind: 'client-credentials', clientId: credentials.clientId, clientSecret: credentials.clientSecret },
      ...(origin() ? { origin: origin() } : {}),
      face: 'editor',
      ownApp: true,
    });
  return auth0.deleteOwnApplication(session, ownAppJournal(c, managementHost), credentials.clientId);
}
