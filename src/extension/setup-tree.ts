// The Setup view: the checklist as a tree. Each step shows its status icon and summary; expanding it shows the
// diff (field: current → desired), the diagnosis, and the fix as a row named by its action. Inline menu items match
// the step row's contextValue.

import * as vscode from 'vscode';
import { formatValue as show } from '../core/plan/format-value';
import type { FixAction, StepState, StepStatus } from '../core/plan/types';
import { COMMAND, SETUP_STEP } from '../core/ids';

const ICONS: Record<StepStatus, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  change: new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('list.warningForeground')),
  manual: new vscode.ThemeIcon('circle-large-outline'),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  unknown: new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground')),
};

export type SetupNode =
  | { kind: 'step'; step: StepState }
  | { kind: 'detail'; stepId?: string; label: string; description?: string; tooltip?: string }
  /** The step's fix as a row of its own, named by its action ("Set ngrok Authtoken"): a click runs it. */
  | { kind: 'fix'; stepId: string; action: FixAction };

export class SetupTreeProvider implements vscode.TreeDataProvider<SetupNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly steps: () => StepState[]) {}

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: SetupNode): SetupNode[] {
    if (!node) return this.steps().map((step) => ({ kind: 'step', step }));
    if (node.kind !== 'step') return [];
    const { step } = node;
    const details: SetupNode[] = step.changes.map((c) => ({
      kind: 'detail',
      stepId: step.id,
      label: c.field,
      description: `${show(c.current)} → ${show(c.desired)}`,
      tooltip: `${c.field}\ncurrent: ${show(c.current)}\ndesired: ${show(c.desired)}`,
    }));
    for (const d of step.details ?? []) details.push({ kind: 'detail', stepId: step.id, label: d.label, description: d.value, tooltip: d.value });
    if (step.diagnosis) {
      details.push({ kind: 'detail', stepId: step.id, label: 'Problem', description: step.diagnosis.problem, tooltip: step.diagnosis.problem });
      details.push({ kind: 'detail', stepId: step.id, label: 'Fix', description: step.diagnosis.fix, tooltip: step.diagnosis.fix });
      if (step.diagnosis.action && step.status !== 'ok') details.push({ kind: 'fix', stepId: step.id, action: step.diagnosis.action });
    }
    return details;
  }

  /** Details hang under their step; steps are top level. Needed for TreeView.reveal. */
  getParent(node: SetupNode): SetupNode | undefined {
    if (node.kind === 'step' || !node.stepId) return undefined;
    const step = this.steps().find((s) => s.id === node.stepId);
    return step ? { kind: 'step', step } : undefined;
  }

  getTreeItem(node: SetupNode): vscode.TreeItem {
    if (node.kind === 'fix') {
      const item = new vscode.TreeItem(node.action.label, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.action.kind === 'open' ? 'link-external' : 'play');
      item.tooltip = node.action.kind === 'open' ? node.action.url : `Run "${node.action.label}"`;
      item.command = { command: COMMAND.stepRun, title: node.action.label, arguments: [node.stepId, 'fix'] };
      item.contextValue = 'fix';
      return item;
    }
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.contextValue = 'detail';
      return item;
    }
    const { step } = node;
    const expandable = step.changes.length > 0 || Boolean(step.details?.length) || (step.diagnosis && step.status !== 'ok');
    const item = new vscode.TreeItem(step.title, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `step:${step.id}`;
    item.description = step.summary;
    item.iconPath = ICONS[step.status];
    item.tooltip = tooltip(step);
    item.contextValue = contextValue(step);
    item.accessibilityInformation = { label: `${step.title}: ${step.status}. ${step.summary}` };
    return item;
  }
}

/** Steps with a value to copy (the identifier, the App URL), in the statuses where that value exists. */
const COPYABLE: Record<string, StepStatus[]> = {
  'auth0.api': ['ok', 'change', 'warning'],
  tunnel: ['ok', 'warning'],
  chatgpt: ['ok', 'manual'],
};

/** e.g. "step:api:change:apply:link": menus match with viewItem =~ /:apply/ etc. */
function contextValue(step: StepState): string {
  const parts = ['step', step.id, step.status];
  const action = step.diagnosis?.action;
  if (step.status === 'change' || action?.kind === 'apply') parts.push('apply');
  // The Verify row's ▷ verifies again, whatever its fix is.
  if (action?.kind === 'command' || step.id === SETUP_STEP.verify) parts.push('command');
  if (step.link) parts.push('link');
  if (COPYABLE[step.id]?.includes(step.status)) parts.push('copy');
  return parts.join(':');
}

function tooltip(step: StepState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${step.title}**: ${step.status}\n\n`);
  md.appendText(step.summary);
  for (const c of step.changes) md.appendMarkdown(`\n\n- \`${c.field}\`: ${show(c.current)} → ${show(c.desired)}`);
  if (step.diagnosis) {
    md.appendMarkdown('\n\n');
    md.appendText(`${step.diagnosis.problem} ${step.diagnosis.fix}`);
  }
  return md;
}
