// The two views: the Setup checklist (sidebar) and the Auth0 Logs panel. Showing the checklist for the first time
// reconnects to the stored tenant, so the engine bundle loads on first use, never during activation.

import * as vscode from 'vscode';
import type { Controller } from './controller';
import { LogsViewProvider } from './logs-view';
import { SetupTreeProvider } from './setup-tree';

export function createViews(controller: Controller): void {
  const setup = new SetupTreeProvider(() => controller.checklist);
  const setupView = controller.track(vscode.window.createTreeView('auth0Mcp.setup', { treeDataProvider: setup, showCollapseAll: true }));
  controller.setupView = setupView;
  controller.track(controller.onDidChange(() => setup.refresh()));

  const logs = controller.track(new LogsViewProvider(controller));
  logs.attach(controller.track(vscode.window.createTreeView('auth0Mcp.logs', { treeDataProvider: logs })));
  controller.logsView = logs;

  let reconnectTried = false;
  const reconnectOnce = () => {
    if (reconnectTried || !setupView.visible || controller.auth0) return;
    reconnectTried = true;
    void controller.secrets.auth0().then((credentials) => {
      if (!credentials || !controller.settings.domain) return;
      controller.connectAuth0().catch((error) => controller.log.warn(`reconnecting to Auth0 failed: ${String(error)}`));
    });
  };
  controller.track(setupView.onDidChangeVisibility(reconnectOnce));
  setTimeout(reconnectOnce, 0);
}
