// A first run that explains itself: the walkthrough opens once, on first install (a globalState flag), and the Setup
// view stays empty, showing its welcome (what the product does, and a Connect button), until there is something to show.

import * as vscode from 'vscode';
import { WALKTHROUGH } from '../core/ids';
import type { Controller } from './controller';

export const FIRST_RUN_KEY = 'auth0Mcp.walkthroughShown';

export function openWalkthroughOnFirstInstall(context: vscode.ExtensionContext): void {
  if (context.globalState.get<boolean>(FIRST_RUN_KEY)) return;
  void context.globalState.update(FIRST_RUN_KEY, true);
  // The user's own choice about walkthroughs on install wins.
  if (!vscode.workspace.getConfiguration('workbench').get<boolean>('welcomePage.walkthroughs.openOnInstall', true)) return;
  void openWalkthrough(context);
}

export function openWalkthrough(context: Pick<vscode.ExtensionContext, 'extension'>): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH.id}`, false);
}

/** Nothing connected, configured or started: the Setup view shows its welcome instead of twelve waiting rows. */
export function showsWelcome(c: Pick<Controller, 'state' | 'settings'>): boolean {
  const { auth0, server, tunnel } = c.state;
  return !auth0.connected && !c.settings.domain && !server.running && tunnel.state === 'closed' && c.settings.backend !== 'own';
}
