// Entry point. Activation stays cheap: it wires views, commands and the status bar; every heavy module
// (auth0 SDK, MCP SDK + express, ngrok) loads from its own bundle on first use (see extension/lazy.ts).

import { bundleEvaluationStarted } from './extension/load-clock';
import * as vscode from 'vscode';
import { Controller } from './extension/controller';
import { registerCommands } from './extension/commands';
import { SetupTreeProvider } from './extension/setup-tree';
import { LogsViewProvider } from './extension/logs-view';

let controller: Controller | undefined;
// Runs after every import above: the bundle's own evaluation time (the host then builds the ExtensionContext).
const bundleEvaluated = performance.now();

/** What activation costs in this extension's own code, apart from the host's work around it (ms). */
export interface ActivationTiming {
  bundleEvaluationMs: number;
  activateMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<{ controller: Controller; timing: ActivationTiming }> {
  const activateStarted = performance.now();
  controller = new Controller(context);
  context.subscriptions.push(controller);

  const setup = new SetupTreeProvider(() => controller!.checklist);
  const setupView = vscode.window.createTreeView('auth0Mcp.setup', { treeDataProvider: setup, showCollapseAll: true });
  const logs = new LogsViewProvider(controller);
  const logsView = vscode.window.createTreeView('auth0Mcp.logs', { treeDataProvider: logs });
  logs.attach(logsView);
  controller.logsView = logs;
  controller.track(logs);
  controller.track(setupView);
  controller.setupView = setupView;
  controller.track(logsView);
  controller.track(controller.onDidChange(() => setup.refresh()));

  registerCommands(controller);
  // Reconnect with stored credentials the first time the checklist is shown (not during activation: the engine
  // bundle loads on first use).
  const reconnect = () => {
    if (!setupView.visible || controller!.auth0 || reconnecting) return;
    reconnecting = true;
    void controller!.secrets.auth0().then((credentials) => {
      if (credentials && controller!.settings.domain) {
        controller!.connectAuth0().catch((error) => controller!.log.warn(`reconnecting to Auth0 failed: ${String(error)}`));
      }
    });
  };
  let reconnecting = false;
  controller.track(setupView.onDidChangeVisibility(reconnect));
  setTimeout(reconnect, 0);
  // Context keys travel to the UI asynchronously: activation does not wait for them.
  void controller.refresh('activation');
  const timing = { bundleEvaluationMs: bundleEvaluated - bundleEvaluationStarted, activateMs: performance.now() - activateStarted };
  controller.log.info(`activated: bundle evaluation ${timing.bundleEvaluationMs.toFixed(1)} ms, activate() ${timing.activateMs.toFixed(1)} ms`);
  return { controller, timing };
}

export function deactivate(): void {
  controller?.dispose();
  controller = undefined;
}
