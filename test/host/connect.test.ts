// "Connect to Auth0" as a user runs it: the domain box (validated), the method pick, the secret box; the secret lands
// in SecretStorage and the domain in settings. The dialogs are answered by a script standing in for the user.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { activateExtension, answering, capturingErrors } from './support';

describe('Connect to Auth0 (the command)', () => {
  let standin: ManagementApiStandin;
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');

  before(async () => {
    standin = await startManagementApiStandin({ host: 'connect-tenant.eu.auth0.com' });
    process.env.AUTH0_MCP_MANAGEMENT_ORIGIN = standin.origin;
  });

  after(async () => {
    await vscode.commands.executeCommand('auth0Mcp.disconnect');
    delete process.env.AUTH0_MCP_MANAGEMENT_ORIGIN;
    await config().update('domain', undefined, vscode.ConfigurationTarget.Workspace);
    await standin.close();
  });

  it('rejects a bad domain in the box itself, with what a valid one looks like', async () => {
    await answering({ inputs: ['http://connect-tenant.eu.auth0.com/some/path'], picks: [] }, async (asked) => {
      await vscode.commands.executeCommand('auth0Mcp.connect');
      assert.equal(asked.validation.length, 1);
      assert.match(asked.validation[0], /my-tenant\.us\.auth0\.com/);
    });
    const controller = await activateExtension();
    assert.equal(controller.state.auth0.connected, false);
  });

  it('checks the domain at once: a host that is no Auth0 tenant is refused with a retry, before anything else is asked', async () => {
    standin.serveDiscovery = false;
    try {
      const errors = await answering({ inputs: [standin.host], picks: [] }, async (asked) => {
        const seen = await capturingErrors(() => vscode.commands.executeCommand('auth0Mcp.connect'));
        assert.equal(asked.prompts.length, 1, 'no method or secret is asked for');
        return seen;
      });
      assert.equal(errors.length, 1);
      assert.match(errors[0].message, /does not answer like an Auth0 tenant/);
      assert.deepEqual(errors[0].buttons, ['Try Again', 'Change Domain']);
      assert.doesNotMatch(errors[0].message, /AUTH0_|--domain/);
    } finally {
      standin.serveDiscovery = true;
    }
    assert.equal((await activateExtension()).state.auth0.connected, false);
  });

  it('connects with a pasted https://…/ domain and client credentials, keeping the secret out of settings', async () => {
    const controller = await activateExtension();
    // The third choice: an existing machine-to-machine application.
    await answering({ inputs: [`https://${standin.host}/`, standin.application.clientId, standin.application.clientSecret], picks: [2] }, async (asked) => {
      await vscode.commands.executeCommand('auth0Mcp.connect');
      assert.equal(asked.prompts.length, 3, asked.prompts.join(' | '));
    });
    assert.equal(controller.state.auth0.connected, true);
    assert.equal(config().get('domain'), standin.host, 'the domain is stored without scheme or slash');
    const credentials = await controller.secrets.auth0(standin.host);
    assert.equal(credentials?.kind === 'client' && credentials.clientSecret, standin.application.clientSecret);
    const inspected = JSON.stringify(config());
    assert.ok(!inspected.includes(standin.application.clientSecret), 'the secret never reaches settings');
  });
});
