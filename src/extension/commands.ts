// The command registry: one table, so the host tests can check that every contributed command has a handler.

import * as vscode from 'vscode';
import type { Controller } from './controller';
import { auth0Commands } from './commands/auth0';
import { generalCommands } from './commands/general';
import { serverCommands } from './commands/server';
import { tunnelCommands } from './commands/tunnel';
import { treeCommands } from './commands/tree';
import { envCommands } from './commands/env';
import { chatgptCommands } from './commands/chatgpt';
import { tenantCommands } from './commands/tenant';
import { logsCommands } from './commands/logs';
import { verifyCommands } from './commands/verify';

export type CommandHandler = (controller: Controller, ...args: unknown[]) => unknown;

export function allCommands(): Record<string, CommandHandler> {
  return { ...generalCommands, ...auth0Commands, ...serverCommands, ...tunnelCommands, ...treeCommands, ...envCommands, ...chatgptCommands, ...tenantCommands, ...logsCommands, ...verifyCommands };
}

export function registerCommands(controller: Controller): void {
  for (const [id, handler] of Object.entries(allCommands())) {
    controller.track(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(controller, ...args);
        } catch (error) {
          reportError(controller, id, error);
        }
      }),
    );
  }
}

/** Errors that reach the user say what went wrong and what to do; details go to the log channel. */
export function reportError(controller: Controller, id: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const fix = (error as { fix?: string } | undefined)?.fix;
  controller.log.error(`${id}: ${message}${fix ? ` (fix: ${fix})` : ''}`);
  void vscode.window.showErrorMessage(fix ? `${message} ${fix}` : message, 'Show Log').then((choice) => {
    if (choice) controller.log.show();
  });
}
