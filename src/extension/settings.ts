// Typed access to the extension's settings (namespace "auth0Mcp"). Secrets never live here: see secrets.ts.

import * as vscode from 'vscode';

const SECTION = 'auth0Mcp';

export interface Settings {
  domain: string;
  /** The canonical tenant domain when `domain` is a custom domain; empty otherwise. */
  tenantDomain: string;
  resourceUrlForm: 'origin' | 'mcp-path';
  connections: string[];
  setDefaultAudience: boolean;
  resourceParameterCompatibility: boolean;
  issuerInAuthorizationResponse: boolean;
  serverPort: number;
  backend: 'embedded' | 'own';
  ownServerPort: number;
  /** How the embedded server asks for sign-in: per tool (mixed) or for every request. */
  authMode: 'mixed' | 'required';
  /** Scopes the API and the third-party grant must have besides the tools' own. */
  extraScopes: string[];
  tunnelProvider: 'ngrok' | 'custom' | 'loopback';
  ngrokDomain: string;
  publicUrl: string;
  envFile: string;
  logsPollSeconds: number;
  logsShowAll: boolean;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    domain: c.get('domain', ''),
    tenantDomain: c.get('tenantDomain', ''),
    resourceUrlForm: c.get('resourceUrlForm', 'origin'),
    connections: c.get('connections', ['Username-Password-Authentication']),
    setDefaultAudience: c.get('tenant.setDefaultAudience', true),
    resourceParameterCompatibility: c.get('tenant.resourceParameterCompatibility', true),
    issuerInAuthorizationResponse: c.get('tenant.issuerInAuthorizationResponse', true),
    serverPort: c.get('server.port', 8787),
    backend: c.get('server.backend', 'embedded'),
    ownServerPort: c.get('server.ownPort', 3000),
    authMode: c.get('server.authMode', 'mixed'),
    extraScopes: c.get('scopes.extra', []),
    tunnelProvider: c.get('tunnel.provider', 'ngrok'),
    ngrokDomain: c.get('tunnel.ngrokDomain', ''),
    publicUrl: c.get('tunnel.publicUrl', ''),
    envFile: c.get('envFile', '.env'),
    logsPollSeconds: c.get('logs.pollIntervalSeconds', 5),
    logsShowAll: c.get('logs.showAll', false),
  };
}

export async function updateSetting(key: string, value: unknown): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update(key, value, target);
}
