// How the embedded server asks for sign-in: per tool (mixed) or for every request, and the demo tools' scopes.

export type AuthMode = 'mixed' | 'required';

export interface DemoScopes {
  /** Needed to see the profile card. */
  read: string;
  /** Needed, besides `read`, to save a greeting. */
  write: string;
}

export const DEFAULT_DEMO_SCOPES: DemoScopes = { read: 'profile:read', write: 'greeting:write' };
