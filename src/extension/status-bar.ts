// The tunnel's status bar item, rendered from the Setup checklist's tunnel step (the same state the row shows):
// spinning while the tunnel starts, "$(globe) host" once it is done, a warning background with the step's fix while
// the step is not done (drift to an old URL, a failure). Hidden while no tunnel runs. The tunnel status only names
// the host and the provider for the text and the tooltip.

import * as vscode from 'vscode';
import type { TunnelStatus } from '../core/tunnel/tunnel-manager';
import { COMMAND, SETUP_STEP } from '../core/ids';
import { isStepDone } from '../core/plan/done';
import type { StepState } from '../core/plan/types';

/** What the item shows; pure, so a test can compare it with the row and the walkthrough. */
export interface StatusBarView {
  visible: boolean;
  text: string;
  tooltip: vscode.MarkdownString | string;
  /** A background only while the step is not done and has a fix to offer. */
  warning: boolean;
  command: vscode.Command | string;
}

const HIDDEN: StatusBarView = { visible: false, text: '', tooltip: '', warning: false, command: COMMAND.showLog };

export function statusBarView(step: StepState | undefined, tunnel: Pick<TunnelStatus, 'state' | 'host' | 'provider' | 'url' | 'appUrl'>): StatusBarView {
  if (!step || step.status === 'manual') return HIDDEN;
  const host = tunnel.host ?? hostOf(tunnel.url);
  if (step.status === 'unknown') {
    const text = host ? `$(sync~spin) ${host}` : '$(sync~spin) Starting tunnel…';
    return { visible: true, text, tooltip: `${step.title}: ${step.summary}`, warning: false, command: COMMAND.showLog };
  }
  if (isStepDone(step)) return { visible: true, text: `$(globe) ${host ?? step.summary}`, tooltip: doneTooltip(tunnel), warning: false, command: COMMAND.copyAppUrl };
  // Not done: the row's problem and its fix, run through that row's step (e.g. "Set ngrok Authtoken", "Point Auth0 at the URL").
  const label = step.diagnosis?.action?.label ?? 'Start Tunnel';
  const run = `command:${COMMAND.stepRun}?${encodeURIComponent(JSON.stringify([SETUP_STEP.tunnel, 'fix']))}`;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendText(`${step.diagnosis?.problem ?? step.summary}\n\n${step.diagnosis?.fix ?? ''}`);
  md.appendMarkdown(`\n\n[${label}](${run}) · [Show Logs](command:${COMMAND.showLog})`);
  md.isTrusted = { enabledCommands: [COMMAND.stepRun, COMMAND.showLog] };
  const text = step.status === 'error' ? '$(warning) Tunnel failed' : `$(warning) ${host ?? 'Tunnel'}`;
  return { visible: true, text, tooltip: md, warning: true, command: { command: COMMAND.stepRun, title: label, arguments: [SETUP_STEP.tunnel, 'fix'] } };
}

export class TunnelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('auth0Mcp.tunnel', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Auth0 for ChatGPT: public URL';
  }

  /** `step`: the checklist's tunnel step; `tunnel`: the status it was built from (host and provider). */
  render(step: StepState | undefined, tunnel: TunnelStatus): void {
    const view = statusBarView(step, tunnel);
    if (!view.visible) return this.item.hide();
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}

function doneTooltip(status: Pick<TunnelStatus, 'state' | 'provider' | 'url' | 'appUrl'>): vscode.MarkdownString {
  const commands = [COMMAND.copyAppUrl, COMMAND.openPublicUrl, COMMAND.stopTunnel, COMMAND.showLog];
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: commands };
  md.appendMarkdown(`**Public URL** (${status.provider ?? 'tunnel'}${status.state === 'reconnecting' ? ', reconnecting' : ''})\n\n`);
  md.appendMarkdown(`App URL for ChatGPT: \`${status.appUrl ?? status.url}\`\n\n`);
  md.appendMarkdown(
    `[$(copy) Copy URL](command:${COMMAND.copyAppUrl}) · [$(link-external) Open](command:${COMMAND.openPublicUrl}) · ` +
      `[$(debug-stop) Stop](command:${COMMAND.stopTunnel}) · [$(output) Show Logs](command:${COMMAND.showLog})`,
  );
  return md;
}
