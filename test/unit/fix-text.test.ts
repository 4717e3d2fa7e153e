// How a fix action reads in the CLI: the command that applies it must be one that really does.

import { describe, expect, it } from 'vitest';
import { STEP } from '../../src/core/auth0';
import { fixLines } from '../../src/core/plan/fix-text';

describe('CLI fix text', () => {
  it('names "auth0-mcp apply" for tenant steps, with --tools-from for the Scopes step (apply alone reads no tools)', () => {
    const line = (stepId: string) => fixLines({ fix: 'x', action: { kind: 'apply', stepId, label: 'Fix it' } }, '')[1];
    expect(line(STEP.grant)).toBe(`Automatic fix: Fix it (step ${STEP.grant}; "auth0-mcp apply" applies it)`);
    expect(line(STEP.scopes)).toContain('"auth0-mcp apply --tools-from <MCP URL>" applies it');
    expect(line('env')).toBe('Automatic fix: Fix it (step env)');
  });
});
