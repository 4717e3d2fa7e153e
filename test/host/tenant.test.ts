// The Auth0 engine from the extension, in the real host: connect to the Management API stand-in, the Setup tree
// shows the tenant's live statuses, "Set Up Everything" converges it, a second run writes nothing, and a new
// public URL shows as drift with "Point Auth0 at the new URL".

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { acceptingModals, activateExtension, prepareSidebarScreenshot, screenshot, visibleTexts, waitFor, connectToStandin } from './support';

describe('Auth0 tenant setup', () => {
  let standin: ManagementApiStandin;
  let original: ManagementApiStandin['data'];
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');

  before(async () => {
    standin = await startManagementApiStandin({ host: 'acme-dev.us.auth0.com' });
    original = structuredClone(standin.data);
    process.env.AUTH0_MCP_MANAGEMENT_ORIGIN = standin.origin;
    await config().update('domain', standin.host, vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.provider', 'loopback', vscode.ConfigurationTarget.Workspace);
    await config().update('server.port', 0, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    const controller = await activateExtension();
    await vscode.commands.executeCommand('auth0Mcp.stopTunnel');
    await vscode.commands.executeCommand('auth0Mcp.stopServer');
    await vscode.commands.executeCommand('auth0Mcp.disconnect');
    assert.equal(await controller.secrets.auth0(standin.host), undefined, 'Disconnect forgets the credentials');
    delete process.env.AUTH0_MCP_MANAGEMENT_ORIGIN;
    for (const key of ['domain', 'tunnel.provider', 'server.port']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await standin.close();
  });

  it('refuses a wrong client secret with its fix, and forgets it', async () => {
    const controller = await activateExtension();
    await controller.secrets.storeAuth0(standin.host, { kind: 'client', clientId: standin.application.clientId, clientSecret: 'not-the-secret' });
    await assert.rejects(controller.connectAuth0(), (error: Error & { code?: string; fix?: string }) => {
      // Thrown from the auth0 feature bundle: still recognised as the product's own error, with a fix.
      assert.equal(error.code, 'bad_credentials');
      assert.match(error.fix ?? '', /AUTH0_CLIENT_SECRET|secret/i);
      return true;
    });
    assert.equal(await controller.secrets.auth0(standin.host), undefined, 'refused credentials are not kept');
    assert.equal(controller.state.auth0.connected, false);
  });

  it('connects and shows what the empty tenant is missing', async () => {
    const controller = await connectToStandin(standin);
    assert.equal(controller.state.auth0.connected, true);
    await vscode.commands.executeCommand('auth0Mcp.startTunnel');
    await waitFor('the tenant plan for the tunnel URL', () => controller.auth0?.plan?.desired.identifier === controller.resourceUrl);
    const byId = Object.fromEntries(controller.checklist.map((s) => [s.id, s]));
    for (const id of ['auth0.api', 'auth0.grant', 'auth0.tenant-settings', 'auth0.dcr', 'auth0.connections']) {
      assert.equal(byId[id].status, 'change', `${id}: ${byId[id].summary}`);
    }
    await prepareSidebarScreenshot();
    await controller.revealStep('auth0.api');
    await controller.revealStep('auth0.tenant-settings');
    // The expanded API step shows its diff: the identifier it will create.
    const rows = await waitFor("the API step's diff in the view", async () => {
      const texts = await visibleTexts('tenant-rows', '[id="workbench.parts.sidebar"] .monaco-list-row');
      return texts.some((r) => r.startsWith('identifier') && r.includes(controller.resourceUrl!)) ? texts : undefined;
    });
    assert.ok(
      rows.some((r) => r.includes('Dynamic Client Registration')),
      rows.join(' | '),
    );
    await screenshot('readme-sidebar-tenant-pending');
  });

  it('cancelling the preview writes nothing', async () => {
    standin.clearLog();
    const seen = await acceptingModals(async (dialogs) => {
      assert.equal(await vscode.commands.executeCommand('auth0Mcp.applyTenant'), false);
      return dialogs;
    }, 'cancel');
    assert.ok(seen.some((d) => d.message.startsWith('Apply 6 change(s)')));
    assert.deepEqual(standin.writes(), []);
  });

  it('"Set Up Everything" converges the tenant and writes nothing on a second run', async () => {
    const controller = await activateExtension();
    standin.clearLog();
    // The user clicks through the previews: one for the tenant, one for the .env. Nothing is written before them.
    const seen = await acceptingModals(async (dialogs) => {
      assert.equal(await vscode.commands.executeCommand('auth0Mcp.setupEverything'), true);
      return dialogs;
    });
    const identifier = controller.resourceUrl!;
    const preview = seen.find((d) => d.message.startsWith('Apply 6 change(s) to acme-dev.us.auth0.com'));
    assert.ok(preview, seen.map((d) => d.message).join(' | '));
    for (const line of [
      `identifier: (not set) → ${identifier}`,
      `default_audience: (not set) → ${identifier}`,
      'resource_parameter_profile: audience → compatibility',
      'is_domain_connection',
      // The embedded server's demo tools declare profile:read and greeting:write: the Scopes step adds both.
      'profile:read',
      'greeting:write',
    ]) {
      assert.ok(preview.detail.includes(line), `preview lacks "${line}":\n${preview.detail}`);
    }
    assert.ok(
      seen.some((d) => /^Update .*\.env\?$/.test(d.message) && d.detail.includes('AUTH0_RESOURCE_SERVER_URL')),
      'the .env diff is confirmed too',
    );
    const api = standin.data.resourceServers.find((r) => r.identifier === identifier);
    assert.ok(api);
    assert.deepEqual(((api.scopes ?? []) as Array<{ value: string }>).map((p) => p.value).sort(), ['greeting:write', 'profile:read']);
    assert.equal(standin.data.settings.default_audience, identifier);
    assert.equal((standin.data.settings.flags as Record<string, unknown>).enable_dynamic_client_registration, true);
    assert.equal(standin.data.connections.find((c) => c.name === 'Username-Password-Authentication')?.is_domain_connection, true);
    const statuses = controller.checklist.filter((s) => s.id.startsWith('auth0.')).map((s) => `${s.id}:${s.status}`);
    assert.ok(!statuses.some((s) => /:(change|error)$/.test(s)), statuses.join(', '));
    assert.equal(controller.checklist.find((s) => s.id === 'env')?.status === 'change', false, 'the .env was written too');
    await prepareSidebarScreenshot();
    await screenshot('readme-sidebar-converged');

    standin.clearLog();
    assert.equal(await vscode.commands.executeCommand('auth0Mcp.setupEverything', { confirmed: true }), true);
    assert.deepEqual(standin.writes(), [], 'a converged tenant gets no writes');
  });

  it('a new public URL shows as drift, and "Point Auth0 at the New URL" follows it', async () => {
    const controller = await activateExtension();
    const oldIdentifier = controller.resourceUrl!;
    await vscode.commands.executeCommand('auth0Mcp.stopTunnel');
    await vscode.commands.executeCommand('auth0Mcp.startTunnel');
    await waitFor(
      'a plan for the new URL',
      () => controller.resourceUrl !== oldIdentifier && controller.auth0?.plan?.desired.identifier === controller.resourceUrl,
    );
    const tunnel = await waitFor('drift on the tunnel step', () => {
      const step = controller.checklist.find((s) => s.id === 'tunnel');
      return step?.status === 'warning' ? step : undefined;
    });
    assert.ok(
      tunnel.changes.some((c) => c.current === oldIdentifier),
      JSON.stringify(tunnel.changes),
    );
    assert.equal(tunnel.diagnosis?.action?.kind === 'command' && tunnel.diagnosis.action.command, 'auth0Mcp.pointAuth0AtUrl');

    assert.equal(await vscode.commands.executeCommand('auth0Mcp.pointAuth0AtUrl', { confirmed: true }), true);
    assert.equal(standin.data.settings.default_audience, controller.resourceUrl);
    assert.ok(
      standin.data.resourceServers.some((r) => r.identifier === oldIdentifier),
      'the old API is never deleted silently',
    );
    await waitFor('no drift', () => controller.checklist.find((s) => s.id === 'tunnel')?.status === 'ok');

    // The API of the old URL is still offered for deletion, and goes only when asked.
    const previous = controller.checklist.find((s) => s.id === 'auth0.previous-api');
    assert.ok(previous?.summary.includes(oldIdentifier), JSON.stringify(previous));
    assert.equal(await vscode.commands.executeCommand('auth0Mcp.deletePreviousApi', undefined, { confirmed: true }), true);
    assert.ok(!standin.data.resourceServers.some((r) => r.identifier === oldIdentifier), 'deleted on request');
    assert.ok(
      standin.data.resourceServers.some((r) => r.identifier === controller.resourceUrl),
      'the current API stays',
    );
    assert.equal(
      controller.checklist.find((s) => s.id === 'auth0.previous-api'),
      undefined,
    );
  });

  it('"Restore Previous Tenant Settings" puts the tenant back as first found, from the journal in the workspace', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const journal = vscode.Uri.joinPath(folder, '.auth0-mcp', `restore-${standin.host}.jsonl`);
    assert.ok((await vscode.workspace.fs.readFile(journal)).byteLength > 0, 'apply recorded into the workspace journal');
    const report = (await vscode.commands.executeCommand('auth0Mcp.restoreTenantSettings', { confirmed: true })) as { failed: unknown[] };
    assert.deepEqual(report.failed, []);
    // The API has no "unset": absent values come back as the values Auth0 reads absence as.
    const settings = standin.data.settings as Record<string, unknown>;
    assert.equal(settings.default_audience, '');
    assert.equal(settings.authorization_response_iss_parameter_supported ?? false, false);
    assert.equal((settings.flags as Record<string, unknown>).enable_dynamic_client_registration, false);
    assert.equal(settings.resource_parameter_profile, original.settings.resource_parameter_profile);
    assert.deepEqual(standin.data.connections, original.connections);
    assert.deepEqual(standin.data.resourceServers, original.resourceServers);
    assert.deepEqual(standin.data.clientGrants, original.clientGrants);
  });
});
