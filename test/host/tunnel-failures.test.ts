// ngrok failures in the real host, with the real @ngrok/ngrok module: no authtoken, then a token but no route to
// the ngrok service (it dials a closed loopback port: nothing leaves the machine). Each becomes a failed tunnel
// with a warning in the status bar and an error that offers its fix.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, capturingErrors } from './support';

describe('ngrok failures', () => {
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');
  const savedEnvToken = process.env.NGROK_AUTHTOKEN;

  before(async () => {
    delete process.env.NGROK_AUTHTOKEN;
    process.env.AUTH0_MCP_NGROK_SERVER_ADDR = '127.0.0.1:9';
    await config().update('domain', 'ngrok-test.us.auth0.com', vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.provider', 'ngrok', vscode.ConfigurationTarget.Workspace);
    await config().update('server.port', 0, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    if (savedEnvToken !== undefined) process.env.NGROK_AUTHTOKEN = savedEnvToken;
    delete process.env.AUTH0_MCP_NGROK_SERVER_ADDR;
    await vscode.commands.executeCommand('auth0Mcp.stopTunnel');
    await vscode.commands.executeCommand('auth0Mcp.stopServer');
    const controller = await activateExtension();
    await controller.context.secrets.delete('auth0Mcp.ngrokAuthtoken');
    for (const key of ['domain', 'tunnel.provider', 'server.port']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('without an authtoken: a failed tunnel whose error offers "Set ngrok Authtoken"', async () => {
    const controller = await activateExtension();
    await controller.context.secrets.delete('auth0Mcp.ngrokAuthtoken');
    const errors = await capturingErrors(() => vscode.commands.executeCommand('auth0Mcp.startTunnel'));
    assert.equal(controller.tunnel.status.state, 'failed');
    assert.equal(controller.statusBar.text, '$(warning) Tunnel failed');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /authtoken/i);
    assert.deepEqual(errors[0].buttons, ['Set ngrok Authtoken']);
    assert.equal(controller.checklist.find((s) => s.id === 'tunnel')?.status, 'error');
  });

  it('with an authtoken but no route to ngrok: the "offline" diagnosis, and the token never shows', async () => {
    const controller = await activateExtension();
    const token = '2fakeTokenForTests_0123456789abcdefghijklmnopqrstuv';
    await controller.secrets.storeNgrokAuthtoken(token);
    const errors = await capturingErrors(() => vscode.commands.executeCommand('auth0Mcp.startTunnel'));
    assert.equal(controller.tunnel.status.state, 'failed');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /Cannot reach the ngrok service/);
    assert.ok(!errors[0].message.includes(token));
    assert.ok(!JSON.stringify(controller.checklist).includes(token), 'the token is in no checklist text');
  });
});
