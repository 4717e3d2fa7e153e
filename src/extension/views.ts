// The two views: the Setup checklist (sidebar) and the Auth0 Logs panel. Showing the checklist for the first time
// reconnects to the stored tenant, so the engine bundle loads on first use, never during activation.

import * as vscode from 'vscode';
import type { Controller } from './controller';
import { credentialsDomain } from './secrets';
import { LogsViewProvider } from './logs-view';
import { SetupTreeProvider } from './setup-tree';
import { COMMAND, VIEW } from '../core/ids';
import { showsWelcome } from './first-run';

export function createViews(controller: Controller): void {
  const setup = new SetupTreeProvider(() => (showsWelcome(controller) ? [] : controller.checklist));
  const setupView = controller.track(vscode.window.createTreeView(VIEW.setup, { treeDataProvider: setup, showCollapseAll: true }));
  controller.track(controller.onDidChange(() => setup.refresh()));

  const logs = controller.track(new LogsViewProvider(controller));
  logs.attach(controller.track(vscode.window.createTreeView(VIEW.logs, { treeDataProvider: logs })));
  controller.attachViews({ setup: setupView, logs });

  let reconnectTried = false;
  const reconnectOnce = () => {
    if (reconnectTried || !setupView.visible || controller.auth0) return;
    reconnectTried = true;
    const domain = controller.settings.domain;
    if (!domain) return;
    void controller.secrets.auth0(credentialsDomain(controller.settings)).then(async (credentials) => {
      if (credentials) {
        controller.connectAuth0().catch((error) => controller.log.warn(`reconnecting to Auth0 failed: ${String(error)}`));
        return;
      }
      // This workspace names a tenant this machine has no credentials for: ask, never borrow another tenant's.
      const connect = 'Connect to Auth0';
      const choice = await vscode.window.showInformationMessage(
        `This workspace uses the Auth0 tenant ${domain}, which is not connected on this machine.`,
        connect,
      );
      if (choice === connect) await vscode.commands.executeCommand(COMMAND.connect);
    });
  };
  controller.track(setupView.onDidChangeVisibility(reconnectOnce));
  setTimeout(reconnectOnce, 0);
}
