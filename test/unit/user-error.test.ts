import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/plan/types';
import { TunnelError } from '../../src/core/tunnel/tunnel-error';

describe('UserError', () => {
  it('is recognised across bundles (another copy of the class), so fixes reach the user', () => {
    // What a second bundle's copy of the class produces: same brand, different constructor.
    const Other = new Function(
      'brand',
      'return class UserError extends Error { constructor(m, fix, code) { super(m); this.fix = fix; this.code = code; this[brand] = true; } }',
    )(Symbol.for('auth0-mcp.UserError')) as new (m: string, fix: string, code: string) => Error;
    const foreign = new Other('Auth0 rejected the client id', 'Check AUTH0_CLIENT_ID', 'bad_credentials');
    expect(foreign instanceof UserError).toBe(true);
    expect(new Error('plain') instanceof UserError).toBe(false);
  });

  it('keeps ordinary instanceof for subclasses', () => {
    const plain = new UserError('x', 'y', 'unexpected');
    expect(plain instanceof TunnelError).toBe(false);
    expect(new TunnelError({ problem: 'p', fix: 'f' }, 'ngrok_unknown') instanceof UserError).toBe(true);
  });
});
