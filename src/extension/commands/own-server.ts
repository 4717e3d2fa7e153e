// "Create My Own MCP Server…": writes the own-server project (templates/own-server) into an empty folder with the
// tenant's values in its .env, makes it the checklist's backend (own, on its port, its .env as the backend .env),
// and offers to run it in a task (npm install, then npm start). The server reads .env when it starts, so the task is
// restarted whenever the product rewrites that .env (the public URL moved).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { tryParseAuth0Domain } from '../../core/config/domain';
import { COMMAND } from '../../core/ids';
import { createOwnServerProject } from '../../core/project/own-server-project';
import type { Controller } from '../controller';
import { updateSetting } from '../settings';
import type { CommandHandler } from './handler';

const TASK_NAME = 'Run My MCP Server';
let running: { folder: string; execution: vscode.TaskExecution } | undefined;

export const ownServerCommands: Record<string, CommandHandler> = {
  [COMMAND.createOwnServer]: (c, target, options) => createOwnServer(c, target, (options as { run?: boolean } | undefined)?.run),
};

async function createOwnServer(c: Controller, target: unknown, run: boolean | undefined): Promise<string | undefined> {
  const folder = target instanceof vscode.Uri ? target.fsPath : typeof target === 'string' ? target : await askFolder();
  if (!folder) return undefined;
  const settings = c.settings;
  const project = await createOwnServerProject({
    folder,
    domain: tryParseAuth0Domain(settings.domain)?.host,
    resourceUrl: c.resourceUrl,
    port: settings.ownServerPort,
  });
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const envFile = path.join(project.folder, '.env');
  const inside = workspace ? path.relative(workspace, envFile) : undefined;
  await updateSetting('envFile', inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? inside.split(path.sep).join('/') : envFile);
  await updateSetting('server.ownPort', project.port);
  await updateSetting('server.backend', 'own');
  c.log.info(`created the own-server project in ${project.folder}; backend: own on port ${project.port}`);
  await c.refresh('own server project created');

  const name = vscode.workspace.asRelativePath(project.folder);
  const missing = project.missing.length ? ` Still to set in its .env: ${project.missing.map((m) => m.split(':')[0]).join(', ')}.` : '';
  if (run === true) await runOwnServer(c, project.folder);
  else if (run === undefined) {
    void vscode.window
      .showInformationMessage(
        `Created your MCP server in ${name}. The checklist now checks it on port ${project.port} (Server: Backend "own").${missing}`,
        'Run It',
        'Open README',
      )
      .then(async (choice) => {
        if (choice === 'Run It') await runOwnServer(c, project.folder);
        if (choice === 'Open README') await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(path.join(project.folder, 'README.md')));
      });
  }
  return project.folder;
}

async function askFolder(): Promise<string | undefined> {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const typed = await vscode.window.showInputBox({
    title: 'Create My Own MCP Server',
    prompt: base ? 'A new or empty folder, relative to the workspace (or an absolute path)' : 'A new or empty folder (absolute path)',
    value: 'my-chatgpt-app',
    validateInput: (value) => (value.trim() ? undefined : 'Enter a folder name.'),
  });
  if (!typed?.trim()) return undefined;
  return path.resolve(base ?? process.cwd(), typed.trim());
}

/** npm install, then npm start, in a task of its own (its terminal shows the server's log); a running one stops first. */
export async function runOwnServer(c: Controller, folder: string): Promise<void> {
  if (running) {
    const ended = new Promise<void>((done) => {
      const listener = vscode.tasks.onDidEndTask((event) => {
        if (event.execution !== running?.execution) return;
        listener.dispose();
        done();
      });
    });
    running.execution.terminate();
    await ended;
  }
  const task = new vscode.Task(
    { type: 'shell' },
    vscode.TaskScope.Workspace,
    TASK_NAME,
    'Auth0 for ChatGPT',
    new vscode.ShellExecution('npm install && npm start', { cwd: folder }),
  );
  task.isBackground = true;
  const execution = await vscode.tasks.executeTask(task);
  running = { folder, execution };
  c.log.info(`running the own server in ${folder} (task "${TASK_NAME}")`);
  const listener = vscode.tasks.onDidEndTask((event) => {
    if (event.execution !== execution) return;
    listener.dispose();
    if (running?.execution === execution) running = undefined;
  });
  c.track(listener);
}

/** After the product rewrote `envFile`: the server of that project, if this extension runs it, starts again. */
export async function restartOwnServerFor(c: Controller, envFile: string): Promise<void> {
  if (running && path.dirname(envFile) === running.folder) await runOwnServer(c, running.folder);
}
