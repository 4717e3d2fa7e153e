// Start and stop the embedded MCP server.

import * as vscode from 'vscode';
import type { CommandHandler } from './handler';
import { COMMAND } from '../../core/ids';

export const serverCommands: Record<string, CommandHandler> = {
  [COMMAND.startServer]: async (c) => {
    const server = await c.startServer();
    void vscode.window.showInformationMessage(`MCP server running at ${server.url}`);
  },
  [COMMAND.stopServer]: async (c) => {
    await c.stopServer();
  },
  [COMMAND.showServerReference]: async (c) => {
    const doc = vscode.Uri.joinPath(c.context.extensionUri, 'media', 'server-reference.md');
    await vscode.commands.executeCommand('markdown.showPreview', doc);
  },
};
