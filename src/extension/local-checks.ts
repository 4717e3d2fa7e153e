// The checklist rows that need no Auth0 call: the backend .env, the user's own server, and drift between the
// running tunnel and what Auth0 and the .env point at. Each is cheap and runs on every refresh.

import * as vscode from 'vscode';
import { checkBackendEnv, type BackendEnvState } from '../core/config/backend-env';
import { tryParseAuth0Domain } from '../core/config/domain';
import { parseDotenv } from '../core/config/dotenv';
import { plannedPublicUrl, resourceUrlFor } from '../core/config/resource-url';
import type { ChecklistInput, DriftNote } from '../core/checklist/checklist';
import type * as TunnelFeature from '../core/tunnel';
import type * as VerifyFeature from '../core/verify';
import type { TunnelStatus } from '../core/tunnel/tunnel-manager';
import type { TenantPlan } from '../core/auth0';
import { loadFeature } from './lazy';
import type { Settings } from './settings';

/** What the local checks read: the settings, the tunnel, the identifier aimed at, and the last tenant plan. */
export interface LocalFacts {
  settings: Settings;
  tunnel: TunnelStatus;
  resourceUrl: string | undefined;
  plan: TenantPlan | undefined;
}

/** The workspace's backend .env against the tenant and the identifier; undefined without a local folder. */
export async function checkEnv(c: Pick<LocalFacts, 'settings' | 'resourceUrl'>): Promise<BackendEnvState | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const settings = c.settings;
  return checkBackendEnv({
    workspace: folder.uri.fsPath,
    file: settings.envFile,
    domain: tryParseAuth0Domain(settings.domain)?.host,
    resourceUrl: c.resourceUrl,
  });
}

/** The user's own MCP server, checked on its port: metadata and challenge, as ChatGPT will see them. */
export async function ownServerState(c: LocalFacts, port: number): Promise<ChecklistInput['server']> {
  const { checkOwnServer } = loadFeature<typeof VerifyFeature>('verify');
  const issuer = tryParseAuth0Domain(c.settings.domain)?.issuer;
  const ownCheck = await checkOwnServer(port, {
    ...(c.tunnel.url ? { publicUrl: c.tunnel.url } : {}),
    ...(c.resourceUrl ? { resource: c.resourceUrl } : {}),
    ...(issuer ? { issuer } : {}),
  });
  return { running: false, ownPort: port, ownCheck };
}

/** Where Auth0's Default Audience or the .env still point at another URL than the running tunnel. */
export function driftNotes(c: LocalFacts, env: BackendEnvState | undefined): DriftNote[] {
  const status = c.tunnel;
  if (status.state !== 'connected' || !status.url) return [];
  const { detectDrift } = loadFeature<typeof TunnelFeature>('tunnel');
  const tenant = c.plan?.snapshot.settings;
  const settings = c.settings;
  try {
    return detectDrift({
      publicUrl: status.url,
      form: settings.resourceUrlForm,
      defaultAudience: tenant?.ok && settings.setDefaultAudience ? tenant.value.defaultAudience : undefined,
      envResourceUrl: env?.exists ? (parseDotenv(env.originalText).values.AUTH0_RESOURCE_SERVER_URL ?? null) : undefined,
    });
  } catch {
    return [];
  }
}

/** The Auth0 API identifier the setup aims at: the public URL (the running tunnel's, or the one settings plan) in the chosen form. */
export function aimedResourceUrl(settings: Settings, status: TunnelStatus): string | undefined {
  const url = plannedPublicUrl({
    tunnelUrl: status.state === 'connected' || status.state === 'reconnecting' ? status.url : undefined,
    provider: settings.tunnelProvider,
    publicUrl: settings.publicUrl,
    ngrokDomain: settings.ngrokDomain,
  });
  try {
    return url ? resourceUrlFor(url, settings.resourceUrlForm) : undefined;
  } catch {
    return undefined; // an invalid URL in settings: the tunnel step reports it when started
  }
}

/** The tunnel provider each `auth0Mcp.tunnel.provider` value starts (its TunnelStatus.provider). */
export const TUNNEL_KIND: Record<Settings['tunnelProvider'], string> = { ngrok: 'ngrok', loopback: 'loopback', custom: 'own URL' };
