// Connecting to an Auth0 tenant: the domain goes to settings, credentials to SecretStorage.

import * as vscode from 'vscode';
import { parseAuth0Domain } from '../../core/config/domain';
import { UserError } from '../../core/plan/types';
import type { CommandHandler } from './handler';
import { credentialsDomain, type Auth0Credentials } from '../secrets';
import { updateSetting } from '../settings';
import { COMMAND } from '../../core/ids';

export const auth0Commands: Record<string, CommandHandler> = {
  [COMMAND.connect]: async (c) => {
    const domainInput = await vscode.window.showInputBox({
      title: 'Connect to Auth0 (1/2): tenant domain',
      prompt: 'Your tenant domain, as shown in the Auth0 dashboard',
      placeHolder: 'my-tenant.us.auth0.com',
      value: c.settings.domain,
      ignoreFocusOut: true,
      validateInput: (value) => {
        try {
          parseAuth0Domain(value);
          return undefined;
        } catch (error) {
          return error instanceof UserError ? `${error.message} ${error.fix}` : String(error);
        }
      },
    });
    if (domainInput === undefined) return;
    const domain = parseAuth0Domain(domainInput).host;
    const credentials = await askCredentials();
    if (!credentials) return;
    await c.secrets.storeAuth0(credentialsDomain({ domain, tenantDomain: c.settings.tenantDomain }), credentials);
    await updateSetting('domain', domain);
    c.log.info(`credentials for ${domain} stored in SecretStorage (${credentials.kind === 'token' ? 'API token' : 'client credentials'})`);
    await c.connectAuth0();
    const missing = c.auth0?.missingScopes ?? [];
    if (missing.length) {
      void vscode.window.showWarningMessage(
        `Connected to ${domain}, but the credentials lack ${missing.length} scope(s) the setup needs: ${missing.join(', ')}. ` +
          'Grant them to the application under Applications › APIs › Auth0 Management API › Machine to Machine Applications.',
      );
    } else {
      void vscode.window.showInformationMessage(`Connected to ${c.auth0?.tenantName ?? domain}.`);
    }
  },
  [COMMAND.disconnect]: async (c) => {
    const domain = c.auth0?.session.managementDomain.host ?? credentialsDomain(c.settings);
    await c.secrets.forgetAuth0(domain);
    c.disconnectAuth0();
    void vscode.window.showInformationMessage(`Disconnected from ${domain || 'Auth0'}. Its stored credentials were removed from this machine.`);
  },
};

async function askCredentials(): Promise<Auth0Credentials | undefined> {
  const method = await vscode.window.showQuickPick(
    [
      { label: 'Machine-to-machine application', description: 'client id + secret (recommended; tokens renew themselves)', method: 'client' as const },
      { label: 'Management API token', description: 'pasted from the dashboard API Explorer (expires)', method: 'token' as const },
    ],
    { title: 'Connect to Auth0 (2/2): how should the extension sign in?', ignoreFocusOut: true },
  );
  if (!method) return undefined;
  if (method.method === 'token') {
    const token = await vscode.window.showInputBox({ title: 'Management API token', password: true, ignoreFocusOut: true, validateInput: nonEmpty });
    return token ? { kind: 'token', token: token.trim() } : undefined;
  }
  const clientId = await vscode.window.showInputBox({
    title: 'Client ID of the machine-to-machine application',
    ignoreFocusOut: true,
    validateInput: nonEmpty,
  });
  if (!clientId) return undefined;
  const clientSecret = await vscode.window.showInputBox({ title: 'Client secret', password: true, ignoreFocusOut: true, validateInput: nonEmpty });
  return clientSecret ? { kind: 'client', clientId: clientId.trim(), clientSecret: clientSecret.trim() } : undefined;
}

function nonEmpty(value: string): string | undefined {
  return value.trim() ? undefined : 'This value is required.';
}
