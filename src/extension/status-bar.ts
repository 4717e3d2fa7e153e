// The tunnel's status bar item: spinning while it starts, then "$(globe) host"; a click copies the App URL.
// Hidden while no tunnel runs; a warning background only when the tunnel failed.

import * as vscode from 'vscode';
import type { TunnelStatus } from '../core/tunnel/tunnel-manager';
import { COMMAND } from '../core/ids';

export class TunnelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('auth0Mcp.tunnel', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Auth0 for ChatGPT: public URL';
  }

  render(status: TunnelStatus): void {
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
      case 'failed':
        item.text = '$(warning) Tunnel failed';
        item.tooltip = new vscode.MarkdownString(`${status.error?.problem ?? 'The tunnel failed.'}\n\n${status.error?.fix ?? ''}\n\n[Start Tunnel](command:auth0Mcp.startTunnel) · [Show Logs](command:auth0Mcp.showLog)`);
        (item.tooltip as vscode.MarkdownString).isTrusted = { enabledCommands: [COMMAND.startTunnel, COMMAND.showLog] };
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        item.command = COMMAND.startTunnel;
        break;
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
    '[$(copy) Copy URL](command:auth0Mcp.copyAppUrl) · [$(link-external) Open](command:auth0Mcp.openPublicUrl) · ' +
      '[$(debug-stop) Stop](command:auth0Mcp.stopTunnel) · [$(output) Show Logs](command:auth0Mcp.showLog)',
  );
  return md;
}
