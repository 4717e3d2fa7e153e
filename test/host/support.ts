// Helpers for host tests: reach the extension's API and ask the runner for screenshots.

import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Controller } from '../../src/extension/controller';

export const EXTENSION_ID = 'auth0-mcp-tools.auth0-chatgpt-mcp';

export async function activateExtension(): Promise<Controller> {
  const extension = vscode.extensions.getExtension<{ controller: Controller }>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  const api = await extension.activate();
  return api.controller;
}

/** Stores the stand-in tenant's machine-to-machine credentials as Connect would, and connects. */
export async function connectToStandin(standin: { host: string; application: { clientId: string; clientSecret: string } }): Promise<Controller> {
  const controller = await activateExtension();
  await controller.secrets.storeAuth0(standin.host, { kind: 'client', clientId: standin.application.clientId, clientSecret: standin.application.clientSecret });
  await controller.connectAuth0();
  return controller;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Asks the runner that drives the browser showing this workbench: a screenshot, or the visible text of the elements
 * matching a CSS selector. Returns undefined outside such a runner (plain test-electron).
 */
async function askRunner(request: { kind: 'screenshot' | 'text'; name: string; selector?: string }): Promise<string | undefined> {
  const dir = process.env.AUTH0_MCP_HOST_ARTIFACTS;
  if (!dir) return undefined;
  const answer = path.join(dir, `${request.name}.${request.kind === 'screenshot' ? 'png' : 'json'}`);
  fs.rmSync(answer, { force: true });
  console.log(`HOST-ASK ${JSON.stringify(request)}`);
  await waitFor(`the runner's answer to ${request.kind} ${request.name}`, () => fs.existsSync(answer), 20_000);
  return answer;
}

/** A screenshot; README pictures (readme-*) are taken without the notifications earlier tests left behind. */
export async function screenshot(name: string): Promise<string | undefined> {
  if (name.startsWith('readme-')) {
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideToasts');
  }
  return askRunner({ kind: 'screenshot', name });
}

/** The visible texts of the DOM elements matching `selector`, as the runner's browser reads them from the page. */
export async function visibleTexts(name: string, selector: string): Promise<string[]> {
  const file = await askRunner({ kind: 'text', name, selector });
  if (!file) throw new Error('reading the workbench needs the code-server runner (npm run test:host)');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
}

let sidebarWidened = false;

/** A readable sidebar for README pictures: wider (once per run), no editors, no panel, no leftover notifications. */
export async function prepareSidebarScreenshot(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('notifications.clearAll');
  await vscode.commands.executeCommand('auth0Mcp.setup.focus');
  if (!sidebarWidened) {
    sidebarWidened = true;
    // Width commands resize the part that has focus: shrink the (empty) editor area so the sidebar grows.
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    for (let i = 0; i < 6; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    await vscode.commands.executeCommand('auth0Mcp.setup.focus');
  }
}

export interface ModalSeen {
  message: string;
  detail: string;
}

/**
 * Answers every modal warning/information dialog with its first action (the user clicks "Apply", "Write .env", …),
 * or dismisses it with `cancel`, while `run` runs, and records what each dialog showed. Non-modal messages are
 * recorded too and left unanswered.
 */
export async function acceptingModals<T>(run: (seen: ModalSeen[]) => Promise<T>, choice: 'accept' | 'cancel' = 'accept'): Promise<T> {
  type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;
  const window = vscode.window as unknown as Record<'showWarningMessage' | 'showInformationMessage', Show>;
  const original = { showWarningMessage: window.showWarningMessage, showInformationMessage: window.showInformationMessage };
  const seen: ModalSeen[] = [];
  const answer: Show = async (message, ...rest) => {
    const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest[0] as vscode.MessageOptions) : undefined;
    const items = options ? rest.slice(1) : rest;
    seen.push({ message, detail: options?.detail ?? '' });
    return options?.modal && choice === 'accept' ? items[0] : undefined;
  };
  window.showWarningMessage = answer;
  window.showInformationMessage = answer;
  try {
    return await run(seen);
  } finally {
    Object.assign(window, original);
  }
}

/** Captures error notifications (and answers none of them) while `run` runs. */
export async function capturingErrors(run: () => Thenable<unknown>): Promise<Array<{ message: string; buttons: string[] }>> {
  type Show = (message: string, ...items: unknown[]) => Thenable<unknown>;
  const window = vscode.window as unknown as { showErrorMessage: Show };
  const original = window.showErrorMessage;
  const seen: Array<{ message: string; buttons: string[] }> = [];
  window.showErrorMessage = async (message, ...items) => {
    seen.push({ message, buttons: items.filter((i): i is string => typeof i === 'string') });
    return undefined;
  };
  try {
    await run();
    return seen;
  } finally {
    window.showErrorMessage = original;
  }
}

type Answers = { inputs: string[]; picks: number[] };

/** Replaces the window's input box and quick pick with scripted answers for the duration of `run`. */
export async function answering<T>(answers: Answers, run: (asked: { prompts: string[]; validation: string[] }) => Promise<T>): Promise<T> {
  const window = vscode.window as { showInputBox: typeof vscode.window.showInputBox; showQuickPick: typeof vscode.window.showQuickPick };
  const original = { showInputBox: window.showInputBox, showQuickPick: window.showQuickPick };
  const asked = { prompts: [] as string[], validation: [] as string[] };
  window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    asked.prompts.push(options?.title ?? '');
    const value = answers.inputs.shift();
    const invalid = value !== undefined ? await options?.validateInput?.(value) : undefined;
    if (invalid) asked.validation.push(typeof invalid === 'string' ? invalid : (invalid.message ?? ''));
    return invalid ? undefined : value;
  }) as typeof window.showInputBox;
  window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
    const list = await items;
    return list[answers.picks.shift() ?? 0];
  }) as unknown as typeof window.showQuickPick;
  try {
    return await run(asked);
  } finally {
    Object.assign(window, original);
  }
}

