// Write the backend .env: show the diff first, then write only AUTH0_DOMAIN and AUTH0_RESOURCE_SERVER_URL.

import * as vscode from 'vscode';
import { writeBackendEnv } from '../../core/config/backend-env';
import type { CommandHandler } from './handler';
import type { Controller } from '../controller';
import { COMMAND } from '../../core/ids';
import { restartOwnServerFor } from './own-server';

const PROPOSED_SCHEME = 'auth0mcp-proposed';
const proposed = new Map<string, string>();
let providerRegistered = false;

export const envCommands: Record<string, CommandHandler> = {
  [COMMAND.writeEnv]: (c, options) => writeEnv(c, (options as { confirmed?: boolean } | undefined)?.confirmed === true),
};

async function writeEnv(c: Controller, confirmed: boolean, changedMeanwhile = false): Promise<boolean> {
  const state = await c.checkEnv();
  if (!state) {
    void vscode.window.showWarningMessage('Open a folder first: the backend .env is written into the workspace.');
    return false;
  }
  if (state.step.status === 'unknown') {
    void vscode.window.showWarningMessage(`Nothing to write yet: ${state.step.summary}.`);
    return false;
  }
  if (state.edit.changes.length === 0) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(state.path)} already matches.`);
    return true;
  }
  const name = vscode.workspace.asRelativePath(state.path);
  // A file that changed after the preview is shown again, even when the caller had already confirmed the old diff.
  if (!confirmed || changedMeanwhile) {
    await showDiff(c, state.path, state.edit.text);
    const lines = state.edit.changes.map((ch) => `${ch.field}: ${ch.current ?? '(missing)'} → ${ch.desired}`);
    const choice = await vscode.window.showInformationMessage(
      changedMeanwhile ? `${name} changed since the preview. Update it as shown in the new diff?` : `Update ${name}?`,
      { modal: true, detail: `${lines.join('\n')}\n\nEvery other line stays as it is.` },
      'Write .env',
    );
    if (choice !== 'Write .env') return false;
  }
  const result = await writeBackendEnv(state);
  if (result === 'changed-since-preview') {
    c.log.info(`${state.path} changed since the preview: showing the new diff`);
    return writeEnv(c, confirmed, true);
  }
  c.log.info(`wrote ${state.edit.changes.map((ch) => ch.field).join(', ')} to ${state.path}`);
  // A project made by "Create My Own MCP Server…" reads its .env when it starts: its running task starts again.
  await restartOwnServerFor(c, state.path);
  if (state.gitIgnored === false) {
    void vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(state.path)} is not git-ignored: add it to .gitignore so secrets stay out of git.`,
    );
  }
  await c.refresh('.env written');
  return true;
}

async function showDiff(c: Controller, path: string, text: string): Promise<void> {
  if (!providerRegistered) {
    providerRegistered = true;
    c.track(vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, { provideTextDocumentContent: (uri) => proposed.get(uri.path) ?? '' }));
  }
  const target = vscode.Uri.file(path);
  proposed.set(target.path, text);
  const exists = await vscode.workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  const left = exists ? target : vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `${target.path}.empty` });
  if (!exists) proposed.set(`${target.path}.empty`, '');
  await vscode.commands.executeCommand(
    'vscode.diff',
    left,
    vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: target.path }),
    `${vscode.workspace.asRelativePath(path)} ↔ proposed`,
    { preview: true },
  );
}
