// "Connect to Auth0" as a user runs it: the domain box (validated), the method pick, the secret box; the secret lands
// in SecretStorage and the domain in settings. The dialogs are answered by a script standing in for the user.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import { activateExtension } from './support';

type Answers = { inputs: string[]; picks: number[] };

/** Replaces the window's input box and quick pick with scripted answers for the duration of `run`. */
async function answering<T>(answers: Answers, run: (asked: { prompts: string[]; validation: string[] }) => Promise<T>): Promise<T> {
  const window = vscode.window as { showInputBox: typeof vscode.window.showInputBox; showQuickPick: typeof vscode.window.showQuickPick };
  const original = { showInputBox: window.showInputBox, showQuickPick: window.showQuickPick };
  const asked = { prompts: [] as string[], validation: [] as string[] };
  window.showInputBox = (async (options?: vscode.InputBoxOptions) => {
    asked.prompts.push(options?.title ?? '');
    const value = answers.inputs.shift();
    const invalid = value !== undefined ? await options?.validateInput?.(value) : undefined;
    if (invalid) asked.validation.push(typeof invalid === 'string' ? invalid : (invalid.message ?? ''));
    return invalid ? undefined : value;
  }) as typeof window.showInputBox;
  window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
    const list = await items;
    return list[answers.picks.shift() ?? 0];
  }) as unknown as typeof window.showQuickPick;
  try {
    return await run(asked);
  } finally {
    Object.assign(window, original);
  }
}

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

  it('connects with a pasted https://…/ domain and client credentials, keeping the secret out of settings', async () => {
    const controller = await activateExtension();
    await answering({ inputs: [`https://${standin.host}/`, standin.application.clientId, standin.application.clientSecret], picks: [0] }, async (asked) => {
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
