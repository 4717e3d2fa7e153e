// Bring your own server: with the backend set to "own", the checklist checks that server's metadata and challenge.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { activateExtension } from './support';

describe('own MCP server', () => {
  let server: RunningMcpServer;
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');

  before(async () => {
    server = await startMcpServer({ auth0Domain: 'own-host.us.auth0.com', resourceUrl: 'https://own-host.example.com', port: 0 });
    await config().update('domain', 'own-host.us.auth0.com', vscode.ConfigurationTarget.Workspace);
    await config().update('server.backend', 'own', vscode.ConfigurationTarget.Workspace);
    await config().update('server.ownPort', server.port, vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.provider', 'custom', vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.publicUrl', 'https://own-host.example.com', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await server.close().catch(() => undefined);
    for (const key of ['domain', 'server.backend', 'server.ownPort', 'tunnel.provider', 'tunnel.publicUrl']) {
      await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('shows the server as ok when its metadata and challenge are right', async () => {
    const controller = await activateExtension();
    await controller.refresh('test');
    const step = controller.checklist.find((s) => s.id === 'server')!;
    assert.equal(step.status, 'ok', `${step.summary} ${step.diagnosis?.problem ?? ''}`);
    assert.match(step.summary, new RegExp(`port ${server.port}`));
  });

  it('reports the error with a fix when the server stops answering', async () => {
    const controller = await activateExtension();
    await server.close();
    await controller.refresh('test');
    const step = controller.checklist.find((s) => s.id === 'server')!;
    assert.equal(step.status, 'error');
    assert.ok(step.diagnosis?.fix);
  });
});
