// Keeps the Auth0 API's permissions and its default third-party grant in step with what the tools ask for.
// Only ever adds: the user's own permissions and grant scopes stay. What was added is journaled so restore can take
// back exactly that. Auth0 replaces both arrays wholesale on PATCH, so the writers send the full lists built here.

import type { FieldChange } from '../plan/types';
import { whyNeeded, type ScopeNeed } from './tool-scopes';

/** An Auth0 API permission (`resource_server.scopes[]`). */
export interface Permission {
  value: string;
  description?: string;
}

/** One line of the Scopes step's diff: which scope goes where, and which tools need it. */
export interface ScopeChange extends FieldChange {
  target: 'permission' | 'grant';
  scope: string;
  tools: string[];
  byHand: boolean;
}

export interface ScopeSync {
  /** Permissions the API lacks, described with the tools that need them. */
  addPermissions: Permission[];
  /** Scopes the default third-party grant lacks (all needed scopes when there is no grant yet). */
  addGrantScopes: string[];
  /** Permissions first, then grant scopes: the order they must be written in. */
  changes: ScopeChange[];
  inSync: boolean;
}

/** Auth0's dashboard shows a permission's description on one line: keep it short. */
const DESCRIPTION_MAX = 200;

export function permissionDescription(need: ScopeNeed): string {
  const text = need.tools.length ? `ChatGPT app: needed by ${need.tools.join(', ')}` : 'ChatGPT app: added by hand in the extra scopes setting';
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
}

/**
 * Compares the needed scopes with the API's permissions and the default grant's `scope`
 * (`null`: no grant yet, so it will be created with every needed scope).
 */
export function scopeSync(needs: readonly ScopeNeed[], permissions: readonly Permission[] | undefined, grantScope: readonly string[] | null): ScopeSync {
  const defined = new Set((permissions ?? []).map((p) => p.value));
  const granted = new Set(grantScope ?? []);
  const addPermissions: Permission[] = [];
  const addGrantScopes: string[] = [];
  const permissionChanges: ScopeChange[] = [];
  const grantChanges: ScopeChange[] = [];
  for (const need of needs) {
    const base = { scope: need.scope, tools: [...need.tools], byHand: need.byHand };
    if (!defined.has(need.scope)) {
      const permission = { value: need.scope, description: permissionDescription(need) };
      addPermissions.push(permission);
      permissionChanges.push({ ...base, target: 'permission', field: `API permission ${need.scope}`, current: null, desired: whyNeeded(need) });
    }
    if (!granted.has(need.scope)) {
      addGrantScopes.push(need.scope);
      grantChanges.push({ ...base, target: 'grant', field: `Third-party grant scope ${need.scope}`, current: null, desired: whyNeeded(need) });
    }
  }
  const changes = [...permissionChanges, ...grantChanges];
  return { addPermissions, addGrantScopes, changes, inSync: changes.length === 0 };
}

/** The API's full permission list after adding: the existing ones untouched (descriptions included), new ones last. */
export function permissionsAfter(current: readonly Permission[] | undefined, add: readonly Permission[]): Permission[] {
  const list = [...(current ?? [])];
  for (const p of add) if (!list.some((c) => c.value === p.value)) list.push({ ...p });
  return list;
}

/** The grant's full `scope` after adding, existing scopes first. */
export function grantScopeAfter(current: readonly string[] | null | undefined, add: readonly string[]): string[] {
  return [...new Set([...(current ?? []), ...add])];
}

// Restore: the journal records one entry per scope added (restore-record.ts); these take exactly those back.

export function permissionsWithout(current: readonly Permission[] | undefined, added: readonly string[]): Permission[] {
  const drop = new Set(added);
  return (current ?? []).filter((p) => !drop.has(p.value));
}

export function grantScopeWithout(current: readonly string[] | null | undefined, added: readonly string[]): string[] {
  const drop = new Set(added);
  return (current ?? []).filter((s) => !drop.has(s));
}
