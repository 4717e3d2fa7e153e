// The one way a problem reaches the user and gets fixed. A problem (a diagnosis, or an error turned into one) becomes
// a notification whose button is its fix action; "Show Log" only when there is no fix to offer. The same runner
// serves a Setup row, a log event, a failed tunnel or verification: apply an engine step, run a command, open a page.

import * as vscode from 'vscode';
import { COMMAND } from '../core/ids';
import { UserError, errorMessage, type Diagnosis, type ErrorCode, type FixAction } from '../core/plan/types';

const CONNECT: FixAction = { kind: 'command', command: COMMAND.connect, label: 'Connect to Auth0' };
const START_TUNNEL: FixAction = { kind: 'command', command: COMMAND.startTunnel, label: 'Start Tunnel' };
const SHOW_LOG = 'Show Log';

/** What the extension can run for an error that carries no action of its own. */
const FIX_BY_CODE: Partial<Record<ErrorCode, FixAction>> = {
  not_connected: CONNECT,
  domain_missing: CONNECT,
  domain_invalid: CONNECT,
  credentials_missing: CONNECT,
  credentials_incomplete: CONNECT,
  bad_credentials: CONNECT,
  bad_token: CONNECT,
  not_auth0: CONNECT,
  no_public_url: START_TUNNEL,
};

/** Said wherever the App URL is needed before a tunnel runs. */
export const NO_PUBLIC_URL: Diagnosis = {
  problem: 'There is no public URL yet.',
  fix: 'Start the tunnel (or use your own public URL) first.',
  action: START_TUNNEL,
};

/** `options` reaches the apply command (e.g. a caller that already confirmed). */
export function runFixAction(action: FixAction, options?: unknown): Thenable<unknown> {
  switch (action.kind) {
    case 'apply':
      return vscode.commands.executeCommand(COMMAND.applyStep, action.stepId, options);
    case 'command':
      return vscode.commands.executeCommand(action.command);
    case 'open':
      return vscode.env.openExternal(vscode.Uri.parse(action.url));
  }
}

/** Any error as a diagnosis: a UserError's message, fix and action (or the one its code implies); else its message. */
export function diagnosisOfError(error: unknown): Diagnosis {
  if (error instanceof UserError) {
    const action = error.action ?? FIX_BY_CODE[error.code];
    return { problem: error.message, fix: error.fix, ...(action ? { action } : {}) };
  }
  return { problem: errorMessage(error), fix: 'The extension log has the details.' };
}

/** Shows a problem with its fix: the button runs the fix action; without one, errors offer the log. */
export async function showProblem(problem: Diagnosis, severity: 'error' | 'warning' = 'error'): Promise<void> {
  const text = problem.fix ? `${problem.problem} ${problem.fix}` : problem.problem;
  const buttons = problem.action ? [problem.action.label] : severity === 'error' ? [SHOW_LOG] : [];
  const show = severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const choice = await show(text, ...buttons);
  if (choice === SHOW_LOG) await vscode.commands.executeCommand(COMMAND.showLog);
  else if (choice && problem.action) await runFixAction(problem.action);
}

/** A command failed: the log keeps the details, the user gets the problem and its fix. */
export function reportError(log: Pick<vscode.LogOutputChannel, 'error'>, source: string, error: unknown): void {
  const problem = diagnosisOfError(error);
  log.error(`${source}: ${problem.problem} (fix: ${problem.fix})`);
  void showProblem(problem);
}
