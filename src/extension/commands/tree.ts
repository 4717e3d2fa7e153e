// Inline actions on Setup tree items. Each receives the tree node it was invoked on.

import * as vscode from 'vscode';
import type { StepState } from '../../core/plan/types';
import type { CommandHandler } from './handler';
import type { Controller } from '../controller';
import type { SetupNode } from '../setup-tree';
import { runFixAction } from '../fix-actions';
import { COMMAND } from '../../core/ids';

export const treeCommands: Record<string, CommandHandler> = {
  [COMMAND.stepRun]: async (c, node) => {
    const step = stepOf(c, node);
    const action = step?.diagnosis?.action;
    if (!step) return;
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
