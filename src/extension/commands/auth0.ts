// Connecting to an Auth0 tenant: the domain goes to settings, credentials to SecretStorage (that tenant's only).
// The dialogs themselves live in ../connect-flow.ts.

import * as vscode from 'vscode';
import type { CommandHandler } from './handler';
import type { Controller } from '../controller';
import { credentialsDomain, type Auth0Credentials } from '../secrets';
import { updateSetting } from '../settings';
import { COMMAND } from '../../core/ids';
import { askCheckedDomain, askClientCredentials, askMethod, askToken, credentialsFromToken, deleteOwnApp } from '../connect-flow';

export const auth0Commands: Record<string, CommandHandler> = {
  [COMMAND.connect]: async (c) => {
    const domain = await askCheckedDomain(c.settings.domain);
    if (!domain) return;
    const method = await askMethod(domain);
    if (!method) return;
    if (method === 'client') {
      const credentials = await askClientCredentials();
      if (!credentials) return;
      await finishConnect(c, domain, credentialsDomain({ domain, tenantDomain: c.settings.tenantDomain }), credentials);
      return;
    }
    const token = await askToken(domain, method);
    if (!token) return;
    const known = await c.secrets.auth0(credentialsDomain({ domain, tenantDomain: c.settings.tenantDomain }));
    const { credentials, managementHost } = await credentialsFromToken(c, domain, token, known);
    // A custom sign-in domain: the token's own tenant is where the Management API lives.
    if (managementHost !== domain) await updateSetting('tenantDomain', managementHost);
    await finishConnect(c, domain, managementHost, credentials);
  },

  [COMMAND.addMissingScopes]: async (c) => {
    const host = c.auth0?.session.managementDomain.host ?? credentialsDomain(c.settings);
    const known = await c.secrets.auth0(host);
    if (!host || known?.kind !== 'client' || !known.ownApp) {
      await vscode.commands.executeCommand(COMMAND.connect);
      return;
    }
    const token = await askToken(host, (await askMethod(host)) === 'explorer' ? 'explorer' : 'token');
    if (!token) return;
    const { credentials, app } = await credentialsFromToken(c, c.settings.domain || host, token, known);
    await finishConnect(c, c.settings.domain || host, host, credentials);
    if (app.addedScopes.length) void vscode.window.showInformationMessage(`Added ${app.addedScopes.join(', ')} to the extension's application.`);
  },

  [COMMAND.disconnect]: async (c) => {
    const host = c.auth0?.session.managementDomain.host ?? credentialsDomain(c.settings);
    const credentials = host ? await c.secrets.auth0(host) : undefined;
    if (credentials?.kind === 'client' && credentials.ownApp) {
      const remove = 'Disconnect and Delete the Application';
      const keep = 'Disconnect Only';
      const choice = await vscode.window.showWarningMessage(
        `Disconnect from ${host}?`,
        {
          modal: true,
          detail: `The extension created the application "Auth0 for ChatGPT Apps (auth0-mcp)" (${credentials.clientId}) on ${host} to reach its Management API. Delete it too? It counts towards the Free plan's 10 applications; keeping it lets you connect again with one token.`,
        },
        remove,
        keep,
      );
      if (!choice) return;
      if (choice === remove) {
        const deleted = await deleteOwnApp(c, host, c.settings.domain, credentials);
        c.log.info(deleted ? `deleted the application ${credentials.clientId} on ${host}` : `the application ${credentials.clientId} was already gone`);
      }
    }
    await c.secrets.forgetAuth0(host);
    await c.disconnectAuth0();
    void vscode.window.showInformationMessage(`Disconnected from ${host || 'Auth0'}. Its stored credentials were removed from this machine.`);
  },
};

/** Stores the credentials for their tenant only, names the domain in settings, connects, and says how it went. */
async function finishConnect(c: Controller, domain: string, credentialsHost: string, credentials: Auth0Credentials): Promise<void> {
  await c.secrets.storeAuth0(credentialsHost, credentials);
  await updateSetting('domain', domain);
  c.log.info(
    `credentials for ${credentialsHost} stored in SecretStorage (${credentials.kind === 'client' && credentials.ownApp ? "the extension's own application" : 'client credentials'})`,
  );
  await c.connectAuth0();
  const missing = c.auth0?.missingScopes ?? [];
  if (!missing.length) {
    void vscode.window.showInformationMessage(`Connected to ${c.auth0?.tenantName ?? domain}.`);
    return;
  }
  const fix = c.auth0?.ownApp
    ? 'Run "Add Missing Scopes" with a Management API token.'
    : 'Grant them to the application under Applications › APIs › Auth0 Management API › Machine to Machine Applications.';
  void vscode.window.showWarningMessage(
    `Connected to ${domain}, but the credentials lack ${missing.length} scope(s) the setup needs: ${missing.join(', ')}. ${fix}`,
  );
}
