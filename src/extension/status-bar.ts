// The tunnel's status bar item: spinning while it starts, then "$(globe) host"; a click copies the App URL.
// Hidden while no tunnel runs; a warning background only when the tunnel failed, and a click then runs its fix.

import * as vscode from 'vscode';
import type { TunnelStatus } from '../core/tunnel/tunnel-manager';
import { COMMAND, SETUP_STEP } from '../core/ids';
import type { FixAction } from '../core/plan/types';

export class TunnelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('auth0Mcp.tunnel', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Auth0 for ChatGPT: public URL';
  }

  /** `fix`: the tunnel step's fix action, offered while the tunnel has failed. */
  render(status: TunnelStatus, fix?: FixAction): void {
    const item = this.item;
    item.backgroundColor = undefined;
    switch (status.state) {
      case 'connecting':
        item.text = '$(sync~spin) Starting tunnel…';
        item.tooltip = `Starting the ${status.provider ?? ''} tunnel`;
        item.command = COMMAND.showLog;
        break;
      case 'connected':
      case 'reconnecting':
        item.text = status.state === 'connected' ? `$(globe) ${status.host}` : `$(sync~spin) ${status.host}`;
        item.tooltip = tooltip(status);
        item.command = COMMAND.copyAppUrl;
        break;
      case 'failed': {
        // The same fix the Setup row offers (e.g. "Set ngrok Authtoken"), run through that row's step.
        const label = fix?.label ?? 'Start Tunnel';
        const run = `command:${COMMAND.stepRun}?${encodeURIComponent(JSON.stringify([SETUP_STEP.tunnel]))}`;
        const md = new vscode.MarkdownString(undefined, true);
        md.appendText(`${status.error?.problem ?? 'The tunnel failed.'}\n\n${status.error?.fix ?? ''}`);
        md.appendMarkdown(`\n\n[${label}](${run}) · [Show Logs](command:${COMMAND.showLog})`);
        md.isTrusted = { enabledCommands: [COMMAND.stepRun, COMMAND.showLog] };
        item.text = '$(warning) Tunnel failed';
        item.tooltip = md;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        item.command = { command: COMMAND.stepRun, title: label, arguments: [SETUP_STEP.tunnel] };
        break;
      }
      default:
        item.hide();
        return;
    }
    item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function tooltip(status: TunnelStatus): vscode.MarkdownString {
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
