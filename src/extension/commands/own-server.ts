// "Create My Own MCP Server…": writes the own-server project (templates/own-server) into an empty folder with the
// tenant's values in its .env, makes it the checklist's backend (own, on its port, its .env as the backend .env),
// and offers to run it in a task (npm install, then npm start). The server reads .env when it starts, so the task is
// restarted whenever the product rewrites that .env (the public URL moved).

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { tryParseAuth0Domain } from '../../core/config/domain';
import { COMMAND } from '../../core/ids';
import { createOwnServerProject } from '../../core/project/own-server-project';
import type { Controller } from '../controller';
import { updateSetting } from '../settings';
import type { CommandHandler } from './handler';

const TASK_NAME = 'Run My MCP Server';
/** The project "Create My Own MCP Server…" made last in this workspace: what "Run My Own MCP Server" runs. */
const FOLDER_KEY = 'auth0Mcp.ownServerFolder';
const TASK_SOURCE = 'Auth0 for ChatGPT';
/** The project whose server task this extension last started. */
let runningFolder: string | undefined;

export const ownServerCommands: Record<string, CommandHandler> = {
  [COMMAND.createOwnServer]: (c, target, options) => createOwnServer(c, target, (options as { run?: boolean } | undefined)?.run),
  [COMMAND.runOwnServer]: async (c) => {
    const folder = c.context.workspaceState.get<string>(FOLDER_KEY);
    if (!folder || !existsSync(path.join(folder, 'package.json'))) {
      const choice = await vscode.window.showWarningMessage(
        'No project made by "Create My Own MCP Server…" in this workspace yet.',
        'Create My Own MCP Server…',
      );
      if (choice) await vscode.commands.executeCommand(COMMAND.createOwnServer);
      return undefined;
    }
    await runOwnServer(c, folder);
    return folder;
  },
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
  await c.context.workspaceState.update(FOLDER_KEY, project.folder);
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

/**
 * npm start (after npm install when the project has no node_modules yet), in a task of its own whose terminal shows
 * the server's log; a running one stops first.
 */
export async function runOwnServer(c: Controller, folder: string): Promise<void> {
  const previous = ownTasks();
  if (previous.length) {
    const ended = new Promise<void>((done) => {
      const timer = setTimeout(done, 10_000); // never wait on a task that does not say it ended
      const listener = vscode.tasks.onDidEndTask(() => {
        if (ownTasks().length) return;
        clearTimeout(timer);
        listener.dispose();
        done();
      });
    });
    for (const execution of previous) execution.terminate();
    await ended;
  }
  const task = new vscode.Task(
    { type: 'shell' },
    vscode.TaskScope.Workspace,
    TASK_NAME,
    TASK_SOURCE,
    new vscode.ShellExecution(existsSync(path.join(folder, 'node_modules')) ? 'npm start' : 'npm install && npm start', { cwd: folder }),
  );
  task.isBackground = true;
  await vscode.tasks.executeTask(task);
  runningFolder = folder;
  c.log.info(`running the own server in ${folder} (task "${TASK_NAME}")`);
}

/** This extension's server tasks that are running (matched by name and source: executions are not kept identical). */
function ownTasks(): vscode.TaskExecution[] {
  return vscode.tasks.taskExecutions.filter((e) => e.task.name === TASK_NAME && e.task.source === TASK_SOURCE);
}

/** After the product rewrote `envFile`: the server of that project, if this extension runs it, starts again. */
export async function restartOwnServerFor(c: Controller, envFile: string): Promise<void> {
  if (runningFolder && path.dirname(envFile) === runningFolder && ownTasks().length) await runOwnServer(c, runningFolder);
}
