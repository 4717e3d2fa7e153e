// How a fix action reads as text (the CLI, the logs' text output): the one wording for each kind of fix.

import { STEP } from './steps';
import type { FixAction } from './types';

function fixActionText(action: FixAction): string {
  switch (action.kind) {
    case 'apply':
      return `Automatic fix: ${action.label} (step ${action.stepId}${applyHint(action.stepId)})`;
    case 'open':
      return `Open: ${action.url}`;
    case 'command':
      return `In VS Code: "${action.label}" (Auth0 for ChatGPT extension)`;
  }
}

/** Tenant steps are what `auth0-mcp apply` writes; the Scopes step needs to know where the tools are. */
function applyHint(stepId: string): string {
  if (stepId === STEP.scopes) return '; "auth0-mcp apply --tools-from <MCP URL>" applies it';
  return stepId.startsWith('auth0.') ? '; "auth0-mcp apply" applies it' : '';
}

/** The indented lines under a row: the problem (when it adds to the row), the fix, and the fix action. */
export function fixLines(d: { problem?: string; fix: string; action?: FixAction }, indent: string): string[] {
  return [...(d.problem ? [`${indent}Problem: ${d.problem}`] : []), `${indent}Fix: ${d.fix}`, ...(d.action ? [`${indent}${fixActionText(d.action)}`] : [])];
}
