// Running a fix, wherever it comes from (a checklist row, a log event, a failed tunnel or verification): apply an
// engine step, run a command, or open a page. One place, so every face of the product fixes things the same way.

import * as vscode from 'vscode';
import type { FixAction } from '../core/plan/types';
import { COMMAND } from '../core/ids';

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

/** Shows an error with its fix, and a button that runs the fix when there is one. */
export async function offerFix(problem: string, fix: string, action: FixAction | undefined): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`${problem} ${fix}`, ...(action ? [action.label] : []));
  if (choice && action) await runFixAction(action);
}
