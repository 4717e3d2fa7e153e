// The manual ChatGPT step: open ChatGPT's settings, copy the App URL, mark the step done for this URL.

import * as vscode from 'vscode';
import { CHATGPT_APPS_SETTINGS_URL } from '../../core/plan/chatgpt-step';
import type { CommandHandler } from './handler';
import { NO_PUBLIC_URL, showProblem } from '../fix-actions';
import { COMMAND } from '../../core/ids';

export const chatgptCommands: Record<string, CommandHandler> = {
  [COMMAND.markChatGptAppDone]: async (c) => {
    const appUrl = c.tunnel.status.appUrl;
    if (!appUrl) {
      await showProblem(NO_PUBLIC_URL, 'warning');
      return;
    }
    await c.markChatGptDone(appUrl);
  },
  [COMMAND.openChatGpt]: async (c) => {
    const appUrl = c.tunnel.status.appUrl;
    if (appUrl) await vscode.env.clipboard.writeText(appUrl);
    await vscode.env.openExternal(vscode.Uri.parse(CHATGPT_APPS_SETTINGS_URL));
    if (appUrl) void vscode.window.showInformationMessage(`App URL copied (${appUrl}). In ChatGPT: Settings › Apps › Create app.`);
  },
};
