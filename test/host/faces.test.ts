// One state, every face, in the real host: a tenant step broken behind the extension's back turns its row red with
// its fix after a verification, the fix turns the row and the walkthrough done, the Verify row's ▷ verifies again
// (its fix is the row under it, and converges in one round), and Disconnect un-ticks Connect.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { EXTENSION_ID, acceptingModals, activateExtension, capturingErrors, visibleTexts, waitFor, connectToStandin } from './support';

describe('one state, every face', () => {
  let standin: ManagementApiStandin;
  let envBefore: Uint8Array | undefined;
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');
  const env = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.env');
  const step = async (id: string) => (await activateExtension()).checklist.find((s) => s.id === id)!;

  before(async () => {
    envBefore = await Promise.resolve(vscode.workspace.fs.readFile(env())).catch(() => undefined);
    // A .invalid tenant (RFC 6761): the Management API is the stand-in, and nothing else leaves the machine.
    standin = await startManagementApiStandin({ host: 'faces-dev.auth0.invalid' });
    process.env.AUTH0_MCP_MANAGEMENT_ORIGIN = standin.origin;
    await config().update('domain', standin.host, vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.provider', 'loopback', vscode.ConfigurationTarget.Workspace);
    await config().update('server.port', 0, vscode.ConfigurationTarget.Workspace);
    const controller = await connectToStandin(standin);
    await vscode.commands.executeCommand('auth0Mcp.startTunnel');
    await waitFor('the plan for the tunnel URL', () => controller.auth0?.plan?.desired.identifier === controller.resourceUrl);
    assert.equal(await acceptingModals(() => Promise.resolve(vscode.commands.executeCommand('auth0Mcp.setupEverything', { confirmed: true }))), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('auth0Mcp.stopTunnel');
    await vscode.commands.executeCommand('auth0Mcp.stopServer');
    if ((await activateExtension()).auth0) await vscode.commands.executeCommand('auth0Mcp.disconnect');
    delete process.env.AUTH0_MCP_MANAGEMENT_ORIGIN;
    for (const key of ['domain', 'tunnel.provider', 'server.port']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    if (envBefore) await vscode.workspace.fs.writeFile(env(), envBefore);
    else await Promise.resolve(vscode.workspace.fs.delete(env())).catch(() => undefined);
    await standin.close();
  });

  it('a broken tenant step: verify turns its row red with its fix; the fix turns the row and the walkthrough done', async () => {
    const controller = await activateExtension();
    assert.equal(controller.walkthrough.state.tenant, true, 'Set Up Everything completed the tenant step');
    assert.equal((await step('auth0.connections')).status, 'ok');

    // Someone turns the connection's domain level off in the dashboard: the tree still shows its older reading.
    standin.data.connections = standin.data.connections.map((c) => ({ ...c, is_domain_connection: false }));
    await vscode.commands.executeCommand('auth0Mcp.verifyWithoutSignIn', { quiet: true });
    const broken = await step('auth0.connections');
    assert.equal(broken.status, 'error', broken.summary);
    assert.deepEqual(broken.diagnosis?.action, { kind: 'apply', stepId: 'auth0.connections', label: 'Promote the connection to domain level' });
    assert.equal(controller.walkthrough.state.tenant, false, 'the walkthrough un-ticks the tenant step');
    await controller.revealStep('auth0.connections');
    await waitFor('the fix row under the red row', async () => {
      const rows = await visibleTexts('faces-broken-row', '[id="workbench.parts.sidebar"] .monaco-list-row');
      return rows.some((r) => r.includes('Promote the connection to domain level'));
    });

    // The fix row (its own action, not the row's check) applies it after the preview.
    await acceptingModals(() => Promise.resolve(vscode.commands.executeCommand('auth0Mcp.step.run', 'auth0.connections', 'fix')));
    assert.equal(standin.data.connections.find((c) => c.name === 'Username-Password-Authentication')?.is_domain_connection, true);
    assert.equal((await step('auth0.connections')).status, 'ok');
    assert.equal(controller.walkthrough.state.tenant, true, 'the walkthrough ticks the tenant step again');
    // The write changed what the last verification verified: it asks to be run again rather than keep its old verdict.
    assert.equal((await step('verify')).status, 'unknown');
  });

  it("the Verify row's ▷ verifies again; the grant's fix recreates a deleted grant with the tools' scopes in one round", async () => {
    standin.data.clientGrants = standin.data.clientGrants.filter((g) => g.default_for !== 'third_party_clients');
    await vscode.commands.executeCommand('auth0Mcp.verifyWithoutSignIn', { quiet: true });
    assert.equal((await step('auth0.grant')).status, 'error');
    const failed = await step('verify');
    assert.equal(failed.status, 'error');

    // ▷ on the row: a new verification (its probes may create and delete their own temporary API), no fix applied.
    const before = failed.summary;
    await capturingErrors(() => vscode.commands.executeCommand('auth0Mcp.step.run', 'verify'));
    assert.equal(
      standin.data.clientGrants.some((g) => g.default_for === 'third_party_clients'),
      false,
      'the run button verifies, it does not apply the fix',
    );
    assert.equal((await step('verify')).summary, before);

    // The grant row's fix: the grant comes back with the scopes the tools declare, so the tenant converges at once.
    await acceptingModals(() => Promise.resolve(vscode.commands.executeCommand('auth0Mcp.step.run', 'auth0.grant', 'fix')));
    const grant = standin.data.clientGrants.find((g) => g.default_for === 'third_party_clients');
    assert.deepEqual(((grant?.scope ?? []) as string[]).slice().sort(), ['greeting:write', 'profile:read']);
    assert.equal((await step('auth0.grant')).status, 'ok');
    assert.equal((await step('auth0.scopes')).status, 'ok');
    assert.equal((await activateExtension()).walkthrough.state.tenant, true);
  });

  it('Disconnect un-ticks Connect in the walkthrough', async () => {
    const controller = await activateExtension();
    assert.equal(controller.walkthrough.state.connect, true);
    // The walkthrough page itself: its ticked steps, as the workbench draws them.
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#auth0Mcp.gettingStarted`, false);
    const ticked = (name: string) => visibleTexts(name, 'button.getting-started-step[aria-checked="true"]');
    await waitFor('Connect ticked on the walkthrough page', async () => (await ticked('walkthrough-connected')).some((t) => t.includes('Connect to Auth0')));
    await vscode.commands.executeCommand('auth0Mcp.disconnect');
    assert.equal(controller.walkthrough.state.connect, false);
    assert.equal(controller.walkthrough.state.tenant, false);
    await waitFor('Connect un-ticked on the walkthrough page', async () => !(await ticked('walkthrough-disconnected')).some((t) => t.includes('Connect to Auth0')));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
