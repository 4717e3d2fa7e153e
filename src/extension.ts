// Entry point. Activation stays cheap: it wires views and commands (the controller owns the status bar); every heavy module
// (auth0 SDK, MCP SDK + express, ngrok) loads from its own bundle on first use (see extension/lazy.ts).

import { bundleEvaluationStarted } from './extension/load-clock';
import * as vscode from 'vscode';
import { Controller } from './extension/controller';
import { registerCommands } from './extension/commands';
import { createViews } from './extension/views';
import { openWalkthroughOnFirstInstall } from './extension/first-run';

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

  createViews(controller);
  registerCommands(controller);
  openWalkthroughOnFirstInstall(context);
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
