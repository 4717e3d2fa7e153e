// Bring your own server: with the backend set to "own", the checklist checks that server's metadata and challenge.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startMcpServer, type RunningMcpServer } from '../../src/core/mcp';
import { startOwnMcpServer, type OwnMcpServer } from '../support/own-mcp-server';
import { activateExtension, visibleTexts, waitFor } from './support';

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

describe('own MCP server with a token-check hole', () => {
  let server: OwnMcpServer;
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');
  const KEYS = ['domain', 'server.backend', 'server.ownPort', 'tunnel.provider', 'tunnel.publicUrl'];

  before(async () => {
    // Accepts any Bearer string (test/support/token-holes.ts); the tenant is a .invalid domain, so nothing leaves the machine.
    server = await startOwnMcpServer({ hole: 'any-bearer', auth: 'required', issuer: 'https://probe-host.auth0.invalid/', jwksUri: 'http://127.0.0.1:9/jwks' });
    await config().update('domain', 'probe-host.auth0.invalid', vscode.ConfigurationTarget.Workspace);
    await config().update('server.backend', 'own', vscode.ConfigurationTarget.Workspace);
    await config().update('server.ownPort', Number(new URL(server.resource).port), vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.provider', 'custom', vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.publicUrl', server.resource, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await server.close().catch(() => undefined);
    for (const key of KEYS) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('the MCP server row names the hole, who gets in and the fix, with the server reference as its action', async () => {
    const controller = await activateExtension();
    await controller.refresh('test');
    const step = controller.checklist.find((s) => s.id === 'server')!;
    assert.equal(step.status, 'error', step.summary);
    assert.match(step.summary, /lets in a malformed token/);
    assert.match(step.diagnosis?.problem ?? '', /Anyone on the internet/);
    assert.match(step.diagnosis?.fix ?? '', /RS256 only[\s\S]*media\/server-reference\.md/);
    assert.deepEqual(step.diagnosis?.action, { kind: 'command', command: 'auth0Mcp.showServerReference', label: 'Show How to Protect Your Own MCP Server' });
  });

  it('the Verify step leads with the hole and lists each probe that got in', async () => {
    const controller = await activateExtension();
    const report = await vscode.commands.executeCommand<{ checks: Array<{ id: string; status: string }> }>('auth0Mcp.verifyWithoutSignIn', { quiet: true });
    assert.equal(report.checks.find((c) => c.id === 'probes')?.status, 'fail');
    const step = controller.checklist.find((s) => s.id === 'verify')!;
    assert.equal(step.status, 'error');
    assert.match(step.diagnosis?.problem ?? '', /Your MCP server let in a malformed token/);
    assert.equal(step.diagnosis?.action?.kind, 'command');
    assert.ok(step.details?.some((d) => d.label.includes('✗ got in: a malformed token')));
    await controller.revealStep('verify');
    const rows = await waitFor('the probe rows under the Verify step', async () => {
      const texts = await visibleTexts('verify-probe-rows', '[id="workbench.parts.sidebar"] .monaco-list-row');
      return texts.some((r) => r.includes('got in: a malformed token')) ? texts : undefined;
    });
    assert.ok(rows.some((r) => r.includes('Only users signed in through Auth0 get in')), rows.join(' | '));
  });
});
