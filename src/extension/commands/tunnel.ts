// The public URL: start/stop the tunnel, the ngrok authtoken, "use my own URL", and copying the App URL.

import * as vscode from 'vscode';
import type { CommandHandler } from './handler';
import { NO_PUBLIC_URL, showProblem } from '../fix-actions';
import type { Controller } from '../controller';
import { updateSetting } from '../settings';
import { COMMAND } from '../../core/ids';

export const tunnelCommands: Record<string, CommandHandler> = {
  [COMMAND.startTunnel]: (c) => startTunnel(c),
  [COMMAND.stopTunnel]: async (c) => {
    await c.tunnel.stop();
  },
  [COMMAND.setNgrokAuthtoken]: async (c) => {
    const value = await vscode.window.showInputBox({
      title: 'ngrok authtoken',
      prompt: 'From your ngrok dashboard (Getting Started › Your Authtoken). Stored in the OS keychain.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (/^[A-Za-z0-9_-]{20,}$/.test(v.trim()) ? undefined : 'An ngrok authtoken is a long string of letters, digits, "_" and "-".'),
    });
    if (!value) return;
    await c.secrets.storeNgrokAuthtoken(value.trim());
    c.log.info('ngrok authtoken stored in SecretStorage');
    const choice = await vscode.window.showInformationMessage('ngrok authtoken saved.', 'Start Tunnel');
    if (choice) await startTunnel(c);
  },
  [COMMAND.usePublicUrl]: async (c) => {
    const url = await vscode.window.showInputBox({
      title: 'Use my own public URL',
      prompt: 'The https URL where ChatGPT can reach your MCP server (cloudflared, VS Code port forwarding, a deployment)',
      placeHolder: 'https://my-server.example.com',
      value: c.settings.publicUrl,
      ignoreFocusOut: true,
      validateInput: (v) => (/^https:\/\/[^\s/]+/.test(v.trim()) ? undefined : 'Enter an https URL, e.g. https://my-server.example.com'),
    });
    if (!url) return;
    await updateSetting('tunnel.publicUrl', url.trim());
    await updateSetting('tunnel.provider', 'custom');
    await startTunnel(c);
  },
  [COMMAND.copyAppUrl]: async (c) => {
    const appUrl = c.tunnel.status.appUrl;
    if (!appUrl) {
      await showProblem(NO_PUBLIC_URL, 'warning');
      return;
    }
    await vscode.env.clipboard.writeText(appUrl);
    void vscode.window.showInformationMessage(`Copied the App URL for ChatGPT: ${appUrl}`);
    return appUrl;
  },
  [COMMAND.openPublicUrl]: async (c) => {
    const url = c.tunnel.status.url;
    if (url) await vscode.env.openExternal(vscode.Uri.parse(`${url}/.well-known/oauth-protected-resource`));
  },
};

async function startTunnel(c: Controller): Promise<void> {
  const status = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the tunnel…' }, async () => {
    const port = await c.serverPort();
    const authtoken = (await c.secrets.ngrokAuthtoken()) ?? process.env.NGROK_AUTHTOKEN;
    return c.tunnel.start({ port, settings: c.settings, authtoken, log: (line) => c.log.info(line) });
  });
  if (status.state === 'failed' && status.error) await showProblem(status.error);
}
