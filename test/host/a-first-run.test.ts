// A fresh profile, as a new user meets it (this file runs first): the walkthrough opened on first install, the Setup
// view's welcome with its Connect button, then Connect with the domain and ONE pasted Management API token, Set Up
// Everything, and green tenant rows. The extension's own application holds exactly the needed scopes, the token is
// stored nowhere, and Disconnect deletes the application.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REQUIRED_SCOPES } from '../../src/core/auth0/scopes';
import { isStepDone } from '../../src/core/plan/done';
import { EXPLORER_SCOPES, startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { acceptingModals, activateExtension, answering, prepareSidebarScreenshot, screenshot, visibleTexts, waitFor } from './support';

const APP_NAME = 'Auth0 for ChatGPT Apps (auth0-mcp)';

function filesUnder(dir: string | undefined): string[] {
  if (!dir || !fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => fs.statSync(f).size < 5_000_000);
}

describe('first run: from a fresh profile to green tenant rows with one token', () => {
  let standin: ManagementApiStandin;
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');

  before(async () => {
    standin = await startManagementApiStandin({ host: 'first-run.us.auth0.com' });
    process.env.AUTH0_MCP_MANAGEMENT_ORIGIN = standin.origin;
  });

  after(async () => {
    delete process.env.AUTH0_MCP_MANAGEMENT_ORIGIN;
    for (const key of ['domain', 'tunnel.provider', 'server.port']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    // Whatever happened above, the next suites start with no tunnel or server running.
    await vscode.commands.executeCommand('auth0Mcp.stopTunnel');
    await vscode.commands.executeCommand('auth0Mcp.stopServer');
    await standin.close();
  });

  it('opens the walkthrough once, on first install', async () => {
    const controller = await activateExtension();
    assert.equal(controller.context.globalState.get('auth0Mcp.walkthroughShown'), true);
    await waitFor('the walkthrough tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /Welcome|Walkthrough|Auth0 for ChatGPT/.test(t.label)),
    );
  });

  it('the empty Setup view says what the product does and offers Connect', async () => {
    await prepareSidebarScreenshot();
    const texts = await waitFor('the Setup welcome', async () => {
      const found = await visibleTexts('setup-welcome', '[id="workbench.parts.sidebar"]');
      return found.join(' ').includes('Take a ChatGPT app from nothing') ? found : undefined;
    });
    const all = texts.join(' ');
    assert.match(all, /Connect to Auth0/);
    assert.match(all, /one Management API token/);
    await screenshot('readme-sidebar-welcome');
  });

  it('Connect takes the domain and one token: the extension makes its own application and forgets the token', async () => {
    const controller = await activateExtension();
    const token = standin.issueToken(EXPLORER_SCOPES);
    await answering({ inputs: [standin.host, token], picks: [0] }, async (asked) => {
      await vscode.commands.executeCommand('auth0Mcp.connect');
      assert.equal(asked.prompts.length, 2, asked.prompts.join(' | '));
    });
    assert.equal(controller.state.auth0.connected, true);
    assert.equal(config().get('domain'), standin.host);
    const app = standin.data.clients.find((c) => c.name === APP_NAME);
    assert.ok(app, 'the application exists');
    assert.equal(app.app_type, 'non_interactive');
    const grant = standin.data.clientGrants.find((g) => g.client_id === app.client_id)!;
    assert.deepEqual([...(grant.scope as string[])].sort(), [...REQUIRED_SCOPES].sort());
    const stored = await controller.secrets.auth0(standin.host);
    assert.ok(stored?.kind === 'client' && stored.clientId === app.client_id && stored.ownApp, 'its credentials are stored for this tenant');
    assert.equal(controller.checklist.find((s) => s.id === 'connect')?.status, 'ok');

    // The token is nowhere: settings, SecretStorage, the extension's storage, the workspace, the user's settings.
    assert.ok(!JSON.stringify(config()).includes(token));
    for (const key of ['clientId', 'clientSecret', 'apiToken', 'ownApp']) {
      assert.notEqual(await controller.context.secrets.get(`auth0Mcp.tenant.${standin.host}.${key}`), token, key);
    }
    const places = [
      // The profile's User folder: settings.json, the state database, every extension's global storage.
      path.dirname(path.dirname(controller.context.globalStorageUri.fsPath)),
      controller.context.storageUri?.fsPath,
      vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      process.env.XDG_CONFIG_HOME,
      process.env.HOME && path.join(process.env.HOME, '.config'),
    ];
    for (const file of places.flatMap(filesUnder)) {
      assert.ok(!fs.readFileSync(file, 'latin1').includes(token), `the token is in ${file}`);
    }
  });

  it('a scope the application lacks turns the Connect row to a warning naming it; one token adds it', async () => {
    const controller = await activateExtension();
    const app = standin.data.clients.find((c) => c.name === APP_NAME)!;
    const grant = standin.data.clientGrants.find((g) => g.client_id === app.client_id)!;
    grant.scope = (grant.scope as string[]).filter((s) => s !== 'read:logs');
    await controller.connectAuth0();
    const row = controller.checklist.find((s) => s.id === 'connect')!;
    assert.equal(row.status, 'warning');
    assert.match(row.summary, /read:logs/);
    assert.equal(row.diagnosis?.action?.kind === 'command' && row.diagnosis.action.command, 'auth0Mcp.addMissingScopes');
    await answering({ inputs: [standin.issueToken(EXPLORER_SCOPES)], picks: [0] }, async () => {
      await vscode.commands.executeCommand('auth0Mcp.addMissingScopes');
    });
    assert.deepEqual([...(grant.scope as string[])].sort(), [...REQUIRED_SCOPES].sort());
    assert.equal(standin.data.clients.filter((c) => c.name === APP_NAME).length, 1, 'the same application, updated');
    assert.equal(controller.checklist.find((s) => s.id === 'connect')?.status, 'ok');
  });

  it('Set Up Everything turns every tenant row green, and Disconnect deletes the application', async () => {
    const controller = await activateExtension();
    await config().update('tunnel.provider', 'loopback', vscode.ConfigurationTarget.Workspace);
    await config().update('server.port', 0, vscode.ConfigurationTarget.Workspace);
    await acceptingModals(async () => {
      assert.equal(await vscode.commands.executeCommand('auth0Mcp.setupEverything'), true);
    });
    const tenantRows = controller.checklist.filter((s) => s.id.startsWith('auth0.') || s.id === 'connect');
    // Green as every face counts it (core/plan/done.ts): ok, or a step that only informs (leftover DCR clients).
    const notGreen = tenantRows.filter((s) => !isStepDone(s)).map((s) => `${s.id}:${s.status} ${s.summary}`);
    assert.deepEqual(notGreen, []);
    // Every tenant write went out with the application's own token (client credentials), none with the pasted one.
    const tokenCalls = standin.requests.filter((r) => r.path === '/oauth/token');
    assert.ok(tokenCalls.length > 0);
    await prepareSidebarScreenshot();
    await screenshot('first-run-converged');

    await vscode.commands.executeCommand('auth0Mcp.stopTunnel');
    await vscode.commands.executeCommand('auth0Mcp.stopServer');
    const seen = await acceptingModals(async (dialogs) => {
      await vscode.commands.executeCommand('auth0Mcp.disconnect');
      return dialogs;
    });
    assert.ok(seen.some((d) => d.message.startsWith('Disconnect from') && d.detail.includes(APP_NAME)));
    assert.equal(
      standin.data.clients.some((c) => c.name === APP_NAME),
      false,
      'the application is deleted',
    );
    assert.equal(await controller.secrets.auth0(standin.host), undefined);
    assert.equal(controller.state.auth0.connected, false);
  });
});
