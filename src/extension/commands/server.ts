// Start and stop the embedded MCP server.

import * as vscode from 'vscode';
import type { CommandHandler } from '../commands';

export const serverCommands: Record<string, CommandHandler> = {
  'auth0Mcp.startServer': async (c) => {
    const server = await c.startServer();
    void vscode.window.showInformationMessage(`MCP server running at ${server.url}`);
  },
  'auth0Mcp.stopServer': async (c) => {
    await c.stopServer();
  },
  'auth0Mcp.showServerReference': async (c) => {
    const doc = vscode.Uri.joinPath(c.context.extensionUri, 'media', 'server-reference.md');
    await vscode.commands.executeCommand('markdown.showPreview', doc);
  },
};
