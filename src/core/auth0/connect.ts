// Connecting: one read proves access; the token's own scope claim names every missing scope at once.

import { UserError } from '../plan/types';
import { allScopesHint } from './errors';
import type { ManagementSession } from './management-session';
import { missingScopes, scopesFromAccessToken, type ManagementScope } from './scopes';

export interface ConnectResult {
  host: string;
  tenantName?: string;
  /** From the token's scope claim; undefined when the token is not a readable JWT. */
  grantedScopes?: string[];
  /** Scopes the product needs that the token lacks (empty when unknown). */
  missingScopes: ManagementScope[];
}

export async function connect(session: ManagementSession): Promise<ConnectResult> {
  const token = await session.accessToken();
  const grantedScopes = scopesFromAccessToken(token);
  const missing = grantedScopes ? missingScopes(grantedScopes) : [];
  try {
    const settings = await session.call('reading the tenant settings', (c) => c.tenants.settings.get({ fields: 'friendly_name', include_fields: true }));
    return { host: session.domain.host, tenantName: settings.friendly_name || undefined, grantedScopes, missingScopes: missing };
  } catch (error) {
    // The product's own application short of a scope: connected all the same, so the Connect row can say which
    // scopes are missing and offer the token that adds them.
    if (error instanceof UserError && error.code === 'insufficient_scope' && missing.length && session.ownApp) {
      return { host: session.domain.host, grantedScopes, missingScopes: missing };
    }
    if (error instanceof UserError && error.code === 'insufficient_scope' && missing.length) {
      throw new UserError(
        `The Management API credentials lack ${missing.length} scope${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}.`,
        `Grant them to your application in the Auth0 dashboard (Applications > APIs > Auth0 Management API > Machine To Machine Applications). ${allScopesHint()}`,
        'insufficient_scope',
      );
    }
    throw error;
  }
}
