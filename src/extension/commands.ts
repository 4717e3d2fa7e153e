// The command registry: every command module's handlers, registered under their ids, each failure reported through
// the one error path (fix-actions.ts). The host suite checks that every contributed command has a handler.

import * as vscode from 'vscode';
import type { Controller } from './controller';
import { auth0Commands } from './commands/auth0';
import { generalCommands } from './commands/general';
import { serverCommands } from './commands/server';
import { ownServerCommands } from './commands/own-server';
import { tunnelCommands } from './commands/tunnel';
import { treeCommands } from './commands/tree';
import { envCommands } from './commands/env';
import { chatgptCommands } from './commands/chatgpt';
import { tenantCommands } from './commands/tenant';
import { logsCommands } from './commands/logs';
import { verifyCommands } from './commands/verify';
import type { CommandHandler } from './commands/handler';
import { reportError } from './fix-actions';

function allCommands(): Record<string, CommandHandler> {
  return {
    ...generalCommands,
    ...auth0Commands,
    ...serverCommands,
    ...ownServerCommands,
    ...tunnelCommands,
    ...treeCommands,
    ...envCommands,
    ...chatgptCommands,
    ...tenantCommands,
    ...logsCommands,
    ...verifyCommands,
  };
}

export function registerCommands(controller: Controller): void {
  for (const [id, handler] of Object.entries(allCommands())) {
    controller.track(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(controller, ...args);
        } catch (error) {
          reportError(controller.log, id, error);
        }
      }),
    );
  }
}
