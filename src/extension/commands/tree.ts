// Inline actions on Setup tree items. Each receives the tree node it was invoked on.

import * as vscode from 'vscode';
import type { StepState } from '../../core/plan/types';
import type { CommandHandler } from './handler';
import type { Controller } from '../controller';
import type { SetupNode } from '../setup-tree';
import { runFixAction } from '../fix-actions';
import { COMMAND, SETUP_STEP } from '../../core/ids';

/** Rows whose ▷ runs their own check again: the fix (a failure's diagnosis) is the separate fix row under them. */
const RUN_CHECK: Record<string, string> = { [SETUP_STEP.verify]: COMMAND.verify };

export const treeCommands: Record<string, CommandHandler> = {
  // `mode` "fix": the fix row under a step (and the status bar's fix) runs the step's fix, never its check.
  [COMMAND.stepRun]: async (c, node, mode) => {
    const step = stepOf(c, node);
    const action = step?.diagnosis?.action;
    if (!step) return;
    if (mode !== 'fix' && RUN_CHECK[step.id]) return vscode.commands.executeCommand(RUN_CHECK[step.id]);
    // A step with changes applies itself; otherwise its diagnosis says what to run.
    if (step.status === 'change' && action?.kind !== 'apply') return runFixAction({ kind: 'apply', stepId: step.id, label: 'Apply' });
    if (action) return runFixAction(action);
  },
  [COMMAND.stepOpen]: async (c, node) => {
    const link = stepOf(c, node)?.link;
    if (link) await vscode.env.openExternal(vscode.Uri.parse(link));
  },
  [COMMAND.stepCopy]: async (c, node) => {
    const step = stepOf(c, node);
    const value = step ? copyValue(c, step) : undefined;
    if (!value) return;
    await vscode.env.clipboard.writeText(value);
    void vscode.window.showInformationMessage(`Copied: ${value}`);
  },
};

function stepOf(c: Controller, node: unknown): StepState | undefined {
  const id = typeof node === 'string' ? node : (node as SetupNode | undefined)?.kind === 'step' ? (node as { step: StepState }).step.id : undefined;
  return c.checklist.find((s) => s.id === id);
}

/** What "Copy" puts on the clipboard for each step: the value the user needs somewhere else. */
function copyValue(c: Controller, step: StepState): string | undefined {
  switch (step.id) {
    case 'tunnel':
    case 'chatgpt':
      return c.tunnel.status.appUrl;
    case 'auth0.api':
      return c.resourceUrl;
    default:
      return undefined;
  }
}
