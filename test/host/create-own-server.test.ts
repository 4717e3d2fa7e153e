// "Create My Own MCP Server…" in the real host: the project lands in an empty folder with the tenant's values in its
// .env, the backend switches to `own` on its port (its .env becomes the backend .env), and once "Run My Own MCP
// Server" runs the project's own `npm start`, the MCP server row turns ok. Then the issue's "done when" through the
// extension: "Set Up Everything" reads the tools' scopes from it, rewrites its .env for the tunnel's URL (the task
// starts again with it), and "Verify Like ChatGPT (Without Sign-in)" passes its metadata and challenge. A second
// create into the same folder refuses and changes nothing. The project's packages come from the product's own
// node_modules (no registry in the host suite; the product pins tsx and the template's dependencies alike).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { acceptingModals, activateExtension, capturingErrors, EXTENSION_ID, waitFor, connectToStandin } from './support';

describe('Create My Own MCP Server', () => {
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');
  const keys = ['domain', 'server.backend', 'server.ownPort', 'envFile', 'tunnel.provider', 'tunnel.publicUrl'];
  const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const folder = path.join(workspace, `my-chatgpt-app-${process.pid}`);
  let standin: ManagementApiStandin;
  let port: number;

  const serverRow = async () => (await activateExtension()).checklist.find((s) => s.id === 'server')!;
  const readEnv = () => fs.readFileSync(path.join(folder, '.env'), 'utf8');

  before(async () => {
    // A .invalid domain never resolves (RFC 6761): nothing can leave the machine for the tenant.
    standin = await startManagementApiStandin({ host: 'own-init.example.invalid' });
    process.env.AUTH0_MCP_MANAGEMENT_ORIGIN = standin.origin;
    port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await config().update('domain', standin.host, vscode.ConfigurationTarget.Workspace);
    await config().update('server.ownPort', port, vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.provider', 'custom', vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.publicUrl', 'https://own-init.example.com', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    for (const execution of vscode.tasks.taskExecutions.filter((e) => e.task.name === 'Run My MCP Server')) execution.terminate();
    await vscode.commands.executeCommand('auth0Mcp.stopTunnel');
    await vscode.commands.executeCommand('auth0Mcp.disconnect');
    delete process.env.AUTH0_MCP_MANAGEMENT_ORIGIN;
    for (const key of keys) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await standin.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('creates the project, switches the backend to own on its port, and the server row turns ok once it runs', async () => {
    const created = await vscode.commands.executeCommand<string>('auth0Mcp.createOwnServer', vscode.Uri.file(folder), { run: false });
    assert.equal(created, folder);
    assert.match(readEnv(), new RegExp(`^AUTH0_DOMAIN=${standin.host.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(readEnv(), /^AUTH0_RESOURCE_SERVER_URL=https:\/\/own-init\.example\.com$/m);
    assert.match(readEnv(), new RegExp(`^PORT=${port}$`, 'm'));
    assert.ok(fs.existsSync(path.join(folder, 'src', 'tools.ts')));
    assert.equal(config().get('server.backend'), 'own');
    assert.equal(config().get('server.ownPort'), port);
    assert.equal(config().get('envFile'), `${path.basename(folder)}/.env`);
    assert.equal((await serverRow()).status, 'error', 'nothing listens on the port yet');

    // "Run My Own MCP Server": the project's own `npm start`, in a task (its packages linked from the product's).
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    fs.symlinkSync(path.join(extensionPath, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
    assert.equal(await vscode.commands.executeCommand('auth0Mcp.runOwnServer'), folder);
    const row = await waitFor(
      'the MCP server row to turn ok',
      async () => {
        await (await activateExtension()).refresh('test');
        const step = await serverRow();
        return step.status === 'ok' ? step : undefined;
      },
      45_000,
    );
    assert.match(row.summary, new RegExp(`port ${port}`));
  });

  it('through the extension: Set Up Everything reads its scopes and rewrites its .env (the task restarts), Verify passes its metadata and challenge', async function () {
    this.timeout(150_000);
    const controller = await connectToStandin(standin);
    await config().update('tunnel.provider', 'loopback', vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.publicUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('auth0Mcp.startTunnel');
    const identifier = await waitFor('the tunnel URL as the identifier', () =>
      controller.resourceUrl?.startsWith('http://127.0.0.1') ? controller.resourceUrl : undefined,
    );

    const seen = await acceptingModals(async (dialogs) => {
      assert.equal(await vscode.commands.executeCommand('auth0Mcp.setupEverything'), true);
      return dialogs;
    });
    const preview = seen.find((d) => d.message.startsWith('Apply '));
    assert.ok(preview?.detail.includes('notes:write'), `the Scopes step reads add_note's scope from the server:\n${preview?.detail}`);
    const api = standin.data.resourceServers.find((r) => r.identifier === identifier);
    assert.deepEqual(
      ((api?.scopes ?? []) as Array<{ value: string }>).map((p) => p.value),
      ['notes:write'],
    );
    assert.match(readEnv(), new RegExp(`^AUTH0_RESOURCE_SERVER_URL=${identifier}$`, 'm'));

    // The server read its .env at start; the task started again, so it now advertises the new identifier.
    await waitFor(
      'the restarted server to advertise the new identifier',
      async () => {
        await controller.refresh('test');
        return (await serverRow()).status === 'ok';
      },
      45_000,
    );
    const report = await vscode.commands.executeCommand<{ checks: Array<{ id: string; status: string; detail?: string }> }>('auth0Mcp.verifyWithoutSignIn', {
      quiet: true,
    });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    assert.equal(byId.metadata!.status, 'pass', byId.metadata!.detail);
    assert.equal(byId.challenge!.status, 'pass', byId.challenge!.detail);
    assert.match(byId.challenge!.detail ?? '', /hello \(public\)/);
  });

  it('refuses to create it again in the now non-empty folder, changing nothing', async () => {
    const before = fs.readdirSync(folder, { recursive: true }).sort();
    const env = readEnv();
    await config().update('domain', 'another.example.invalid', vscode.ConfigurationTarget.Workspace);
    const errors = await capturingErrors(() => vscode.commands.executeCommand('auth0Mcp.createOwnServer', vscode.Uri.file(folder), { run: false }));
    assert.match(errors.map((e) => e.message).join('\n'), /is not empty/);
    assert.deepEqual(fs.readdirSync(folder, { recursive: true }).sort(), before);
    assert.equal(readEnv(), env);
    assert.equal(config().get('server.backend'), 'own');
  });
});
