// "Create My Own MCP Server…" in the real host: the project lands in an empty folder with the tenant's values in its
// .env, the backend switches to `own` on its port (its .env becomes the backend .env), and once the project's own
// `npm start` runs, the checklist's MCP server row turns ok. A second run into the same folder refuses and changes
// nothing. The project's dependencies come from the product's own node_modules (no registry in the host suite); tsx
// is a devDependency of the product at the template's version for that.

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, capturingErrors, EXTENSION_ID, waitFor } from './support';

describe('Create My Own MCP Server', () => {
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');
  const keys = ['domain', 'server.backend', 'server.ownPort', 'envFile', 'tunnel.provider', 'tunnel.publicUrl'];
  const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const folder = path.join(workspace, `my-chatgpt-app-${process.pid}`);
  let port: number;
  let server: ChildProcess | undefined;

  before(async () => {
    port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await config().update('domain', 'own-init.us.auth0.com', vscode.ConfigurationTarget.Workspace);
    await config().update('server.ownPort', port, vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.provider', 'custom', vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.publicUrl', 'https://own-init.example.com', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    for (const key of keys) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('creates the project, switches the backend to own on its port, and the server row turns ok once it runs', async () => {
    const controller = await activateExtension();
    const created = await vscode.commands.executeCommand<string>('auth0Mcp.createOwnServer', vscode.Uri.file(folder), { run: false });
    assert.equal(created, folder);
    const env = fs.readFileSync(path.join(folder, '.env'), 'utf8');
    assert.match(env, /^AUTH0_DOMAIN=own-init\.us\.auth0\.com$/m);
    assert.match(env, /^AUTH0_RESOURCE_SERVER_URL=https:\/\/own-init\.example\.com$/m);
    assert.match(env, new RegExp(`^PORT=${port}$`, 'm'));
    assert.ok(fs.existsSync(path.join(folder, 'src', 'tools.ts')));
    assert.equal(config().get('server.backend'), 'own');
    assert.equal(config().get('server.ownPort'), port);
    assert.equal(config().get('envFile'), `${path.basename(folder)}/.env`);
    const row = () => controller.checklist.find((s) => s.id === 'server')!;
    assert.equal(row().status, 'error', 'nothing listens on the port yet');

    // The project's own start command, as its README says (its packages from the product's node_modules).
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    fs.symlinkSync(path.join(extensionPath, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
    server = spawn('npm', ['start'], { cwd: folder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    await waitFor(`npm start (${output})`, () => output.includes('MCP server on'), 30_000);

    await waitFor('the MCP server row to turn ok', async () => {
      await controller.refresh('test');
      return row().status === 'ok';
    });
    assert.match(row().summary, new RegExp(`port ${port}`));
  });

  it('refuses to create it again in the now non-empty folder, changing nothing', async () => {
    const before = fs.readdirSync(folder, { recursive: true }).sort();
    const env = fs.readFileSync(path.join(folder, '.env'), 'utf8');
    await config().update('domain', 'another.us.auth0.com', vscode.ConfigurationTarget.Workspace);
    const errors = await capturingErrors(() => vscode.commands.executeCommand('auth0Mcp.createOwnServer', vscode.Uri.file(folder), { run: false }));
    assert.match(errors.map((e) => e.message).join('\n'), /is not empty/);
    assert.deepEqual(fs.readdirSync(folder, { recursive: true }).sort(), before);
    assert.equal(fs.readFileSync(path.join(folder, '.env'), 'utf8'), env);
    assert.equal(config().get('server.backend'), 'own');
  });
});
