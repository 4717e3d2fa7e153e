// The extension in a real VS Code host: it activates with no configuration, every contributed command has a
// handler, the Setup view renders the checklist, and the Auth0 Logs view exists.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, capturingErrors, EXTENSION_ID, screenshot, visibleTexts, waitFor } from './support';

describe('foundation', () => {
  it('activates with no configuration', async () => {
    const controller = await activateExtension();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.equal(controller.state.auth0.connected, false);
  });

  it('registers a handler for every contributed command', async () => {
    await activateExtension();
    const contributed: Array<{ command: string }> = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
    assert.ok(contributed.length >= 4);
  });

  it('shows the setup steps in the Setup view once a tenant is named', async () => {
    const controller = await activateExtension();
    await vscode.workspace.getConfiguration('auth0Mcp').update('domain', 'not-connected.us.auth0.com', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('auth0Mcp.setup.focus');
    const titles = controller.checklist.map((s) => s.title);
    assert.equal(titles[0], 'Connect to Auth0');
    assert.ok(titles.includes('Dynamic Client Registration'));
    const rows = await waitFor('the Setup view rows', async () => {
      const texts = await visibleTexts('setup-rows', '[id="workbench.parts.sidebar"] .monaco-list-row');
      return texts.some((t) => t.includes('Connect to Auth0')) ? texts : undefined;
    });
    assert.ok(
      rows.some((t) => t.includes('Dynamic Client Registration')),
      `rows: ${rows.join(' | ')}`,
    );
    await screenshot('readme-sidebar-not-connected');
    await vscode.workspace.getConfiguration('auth0Mcp').update('domain', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('has the Auth0 Logs view in the panel', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('auth0Mcp.logs.focus');
    const texts = await waitFor('the logs welcome text', async () => {
      const found = await visibleTexts('logs-view', '[id="workbench.parts.panel"]');
      return found.join(' ').includes('Sign-in events') ? found : undefined;
    });
    assert.ok(texts.join(' ').includes('Sign-in events from your Auth0 tenant appear here'), texts.join(' | '));
  });

  it('"Start MCP Server" before connecting offers "Connect to Auth0" as the button', async () => {
    const controller = await activateExtension();
    const errors = await capturingErrors(() => vscode.commands.executeCommand('auth0Mcp.startServer'));
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /No Auth0 domain/);
    assert.doesNotMatch(errors[0].message, /AUTH0_|--domain/, 'inside VS Code the fix names the command, not a CLI variable');
    assert.deepEqual(errors[0].buttons, ['Connect to Auth0']);
    assert.equal(controller.state.server.running, false);
  });
});
