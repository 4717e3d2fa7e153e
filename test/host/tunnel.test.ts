// The public URL in the real host: the embedded server behind the loopback tunnel (a real local proxy), the status
// bar item, copying the App URL, and stopping.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, screenshot, visibleTexts, waitFor } from './support';

describe('tunnel and status bar', () => {
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');

  before(async () => {
    await config().update('domain', 'acme-dev.auth0.invalid', vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.provider', 'loopback', vscode.ConfigurationTarget.Workspace);
    await config().update('server.port', 0, vscode.ConfigurationTarget.Workspace);
    // Start from a workspace without a backend .env (another suite may have written one for another URL).
    const env = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.env');
    await vscode.workspace.fs.delete(env).then(undefined, () => undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('auth0Mcp.stopTunnel');
    await vscode.commands.executeCommand('auth0Mcp.stopServer');
    for (const key of ['domain', 'tunnel.provider', 'server.port']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('starts the server and the tunnel, and the status bar shows the public host', async () => {
    const controller = await activateExtension();
    await vscode.commands.executeCommand('auth0Mcp.startTunnel');
    const status = await waitFor('a connected tunnel', () => (controller.tunnel.status.state === 'connected' ? controller.tunnel.status : undefined));
    assert.ok(controller.state.server.running, 'the embedded server started with the tunnel');
    const host = new URL(status.url!).host;
    assert.notEqual(host, new URL(controller.mcp.server!.url).host, 'the public URL is another port than the server');
    assert.equal(controller.statusBar.text, `$(globe) ${host}`);

    // The public URL really reaches the embedded server: its metadata names the public resource.
    const prm = await (await fetch(`${status.url}/.well-known/oauth-protected-resource`)).json();
    assert.equal(prm.resource, status.url);
    assert.deepEqual(prm.authorization_servers, ['https://acme-dev.auth0.invalid/']);
    // Mixed auth (the default): signed out, a tool needing a sign-in answers with the tool-level challenge naming the
    // public metadata URL, which makes ChatGPT run its sign-in.
    const challenge = await fetch(`${status.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'show_profile_card', arguments: {} } }),
    });
    assert.equal(challenge.status, 200);
    const called = (await challenge.json()) as { result: { isError?: boolean; _meta?: Record<string, string[]> } };
    assert.equal(called.result.isError, true);
    const header = called.result._meta?.['mcp/www_authenticate']?.[0] ?? '';
    assert.ok(header.includes(`resource_metadata="${status.url}/.well-known/oauth-protected-resource"`), header);

    const bar = await waitFor('the host in the status bar', async () => {
      const texts = await visibleTexts('status-bar', '[id="workbench.parts.statusbar"] .statusbar-item');
      return texts.some((t) => t.includes(host)) ? texts : undefined;
    });
    assert.ok(
      bar.some((t) => t.includes(host)),
      `status bar: ${bar.join(' | ')}`,
    );
    const tunnelStep = controller.checklist.find((s) => s.id === 'tunnel')!;
    assert.equal(tunnelStep.status, 'ok');
    await screenshot('readme-tunnel-running');
  });

  it('restarts the server with the new issuer when the domain changes, so the old tenant is no longer trusted', async () => {
    const controller = await activateExtension();
    const url = controller.tunnel.status.url!;
    const issuers = async () =>
      ((await (await fetch(`${url}/.well-known/oauth-protected-resource`)).json()) as { authorization_servers: string[] }).authorization_servers;
    await config().update('domain', 'host-other.tenant.invalid', vscode.ConfigurationTarget.Workspace);
    await waitFor('the new issuer', async () => (await issuers().catch(() => []))[0] === 'https://host-other.tenant.invalid/');
    assert.equal(controller.mcp.domain, 'host-other.tenant.invalid');
    await config().update('domain', 'acme-dev.auth0.invalid', vscode.ConfigurationTarget.Workspace);
    await waitFor('the first issuer again', async () => (await issuers().catch(() => []))[0] === 'https://acme-dev.auth0.invalid/');
  });

  it('restarts the server when the auth mode changes: "required" turns signed-out requests away at once', async () => {
    const controller = await activateExtension();
    const url = controller.tunnel.status.url!;
    const signedOutInitialize = async () =>
      (
        await fetch(`${url}/mcp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'initialize',
            params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host-test', version: '1' } },
          }),
        }).catch(() => undefined)
      )?.status;
    assert.equal(await signedOutInitialize(), 200, 'mixed auth (the default) lets a signed-out client connect');
    await config().update('server.authMode', 'required', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('a 401 for signed-out requests', async () => (await signedOutInitialize()) === 401);
    } finally {
      await config().update('server.authMode', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('mixed auth again', async () => (await signedOutInitialize()) === 200);
  });

  it('shows an opaque token refused by the server as a warning with the tenant fix', async () => {
    const controller = await activateExtension();
    // Shaped like the encrypted token Auth0 issues when no audience was requested: header..iv.ciphertext.tag
    const opaque =
      'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwiaXNzIjoiaHR0cHM6Ly9ob3N0LXRlc3QudXMuYXV0aDAuY29tLyJ9..aXYtaXYtaXYtaXY.Y2lwaGVydGV4dA.dGFnLXRhZy10YWc';
    const response = await fetch(`${controller.tunnel.status.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opaque}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(response.status, 401);
    const step = await waitFor('the server warning', () => {
      const s = controller.checklist.find((x) => x.id === 'server');
      return s?.status === 'warning' ? s : undefined;
    });
    assert.match(`${step.diagnosis?.problem} ${step.diagnosis?.fix}`, /audience/i);
    assert.deepEqual(step.diagnosis?.action && { kind: step.diagnosis.action.kind, step: 'stepId' in step.diagnosis.action && step.diagnosis.action.stepId }, {
      kind: 'apply',
      step: 'auth0.tenant-settings',
    });
  });

  it('verifies through the public URL: metadata and challenge pass, the unreachable tenant is reported with a fix', async () => {
    const controller = await activateExtension();
    const report = await vscode.commands.executeCommand<{ checks: Array<{ id: string; status: string; diagnosis?: { fix: string } }> }>(
      'auth0Mcp.verifyWithoutSignIn',
      { quiet: true },
    );
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    assert.equal(byId.metadata.status, 'pass');
    assert.equal(byId.challenge.status, 'pass');
    // A .invalid domain never resolves (RFC 6761): the verifier must say so, not hang or pass, and nothing leaves
    // the machine.
    assert.equal(byId['authorization-server'].status, 'fail');
    assert.ok(byId['authorization-server'].diagnosis?.fix);
    assert.equal(byId['sign-in'].status, 'skip');
    // The embedded server refuses the hostile tokens (the tenant's keys unreachable: those needing them are not run).
    assert.equal(byId.probes.status, 'pass');
    const step = controller.checklist.find((s) => s.id === 'verify')!;
    assert.equal(step.status, 'error');
    // Each check is a row under the step.
    assert.equal(step.details?.length, 11);
    assert.ok(step.details?.[0].label.startsWith('✓ Protected Resource Metadata'));
    await controller.revealStep('verify');
    const rows = await waitFor('the failed check under the step', async () => {
      const texts = await visibleTexts('verify-rows', '[id="workbench.parts.sidebar"] .monaco-list-row');
      return texts.some((r) => r.includes('✗ Authorization server metadata')) ? texts : undefined;
    });
    assert.ok(
      rows.some((r) => r.includes('✗ Authorization server metadata')),
      rows.join(' | '),
    );
  });

  it('copies the App URL (…/mcp) to the clipboard', async () => {
    const controller = await activateExtension();
    const copied = await vscode.commands.executeCommand<string>('auth0Mcp.copyAppUrl');
    assert.equal(copied, `${controller.tunnel.status.url}/mcp`);
    assert.equal(await vscode.env.clipboard.readText(), copied);
  });

  it('writes the backend .env for the public URL, keeping other lines', async () => {
    const controller = await activateExtension();
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const envUri = vscode.Uri.joinPath(folder, '.env');
    await vscode.workspace.fs.writeFile(envUri, Buffer.from('# backend\r\nPORT=3000\r\n'));
    await controller.refresh('test');
    const before = controller.checklist.find((s) => s.id === 'env')!;
    assert.equal(before.status, 'change');
    assert.deepEqual(
      before.changes.map((c) => c.field),
      ['AUTH0_DOMAIN', 'AUTH0_RESOURCE_SERVER_URL'],
    );
    assert.equal(await vscode.commands.executeCommand('auth0Mcp.writeEnv', { confirmed: true }), true);
    const text = Buffer.from(await vscode.workspace.fs.readFile(envUri)).toString('utf8');
    assert.equal(text, `# backend\r\nPORT=3000\r\nAUTH0_DOMAIN=acme-dev.auth0.invalid\r\nAUTH0_RESOURCE_SERVER_URL=${controller.tunnel.status.url}\r\n`);
    assert.notEqual(controller.checklist.find((s) => s.id === 'env')!.status, 'change');
  });

  it('remembers the ChatGPT app as created for this App URL', async () => {
    const controller = await activateExtension();
    assert.equal(controller.checklist.find((s) => s.id === 'chatgpt')!.status, 'manual');
    await vscode.commands.executeCommand('auth0Mcp.markChatGptAppDone');
    assert.equal(controller.checklist.find((s) => s.id === 'chatgpt')!.status, 'ok');
  });

  it('stopping the tunnel clears the status bar and the checklist', async () => {
    const controller = await activateExtension();
    await vscode.commands.executeCommand('auth0Mcp.stopTunnel');
    assert.equal(controller.tunnel.status.state, 'closed');
    assert.equal(controller.checklist.find((s) => s.id === 'tunnel')!.status, 'manual');
    const bar = await visibleTexts('status-bar-after-stop', '[id="workbench.parts.statusbar"] .statusbar-item');
    assert.ok(!bar.some((t) => t.includes('127.0.0.1')), `status bar still shows a host: ${bar.join(' | ')}`);
  });
});
