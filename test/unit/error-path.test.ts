// One error path: an error becomes a problem, a fix, and the action the notification's button runs.

import { describe, expect, it } from 'vitest';
import { parseAuth0Domain } from '../../src/core/config/domain';
import { missingAuthtokenError } from '../../src/core/tunnel/ngrok-errors';
import { UserError } from '../../src/core/plan/types';
import { diagnosisOfError } from '../../src/extension/fix-actions';

describe('errors to problems with fixes', () => {
  it('a missing domain (e.g. "Start MCP Server" before connecting) offers "Connect to Auth0"', () => {
    let thrown: unknown;
    try {
      parseAuth0Domain('');
    } catch (error) {
      thrown = error;
    }
    expect(diagnosisOfError(thrown)).toMatchObject({
      problem: 'No Auth0 domain was given.',
      action: { command: 'auth0Mcp.connect', label: 'Connect to Auth0' },
    });
  });

  it('an error\'s own action wins: the missing ngrok authtoken offers "Set ngrok Authtoken"', () => {
    expect(diagnosisOfError(missingAuthtokenError()).action).toMatchObject({ command: 'auth0Mcp.setNgrokAuthtoken' });
  });

  it('an error without a known fix has no action (the notification offers the log) and keeps its message', () => {
    expect(diagnosisOfError(new UserError('Auth0 failed with HTTP 500.', 'Try again later.', 'server_error'))).toEqual({
      problem: 'Auth0 failed with HTTP 500.',
      fix: 'Try again later.',
    });
    expect(diagnosisOfError(new Error('boom')).problem).toBe('boom');
  });
});
