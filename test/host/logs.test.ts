// The Auth0 Logs panel in the real host: a failed ChatGPT sign-in in the stand-in tenant's logs appears with its
// explanation, "Copy Event as JSON" copies it, and its Fix converges the tenant (the connection is promoted).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { failures, ordinary } from '../support/log-events';
import { startManagementApiStandin, type ManagementApiStandin } from '../support/management-api-standin';
import type { LogNode } from '../../src/extension/logs-view';
import { activateExtension, screenshot, visibleTexts, waitFor, connectToStandin } from './support';

describe('Auth0 Logs panel', () => {
  let standin: ManagementApiStandin;
  const config = () => vscode.workspace.getConfiguration('auth0Mcp');

  before(async () => {
    standin = await startManagementApiStandin({ host: 'acme-staging.us.auth0.com' });
    standin.data.logs.push(ordinary[Object.keys(ordinary)[0]]() as never, failures['no-connections']() as never);
    process.env.AUTH0_MCP_MANAGEMENT_ORIGIN = standin.origin;
    await config().update('domain', standin.host, vscode.ConfigurationTarget.Workspace);
    await config().update('logs.pollIntervalSeconds', 2, vscode.ConfigurationTarget.Workspace);
    await connectToStandin(standin);
  });

  after(async () => {
    await vscode.commands.executeCommand('auth0Mcp.disconnect');
    delete process.env.AUTH0_MCP_MANAGEMENT_ORIGIN;
    for (const key of ['domain', 'logs.pollIntervalSeconds', 'logs.showAll']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await standin.close();
  });

  it('shows the failed sign-in with its explanation while the panel is visible', async () => {
    const controller = await activateExtension();
    await vscode.commands.executeCommand('auth0Mcp.logs.focus');
    const shown = await waitFor('the failure in the panel', () => controller.logsView!.shown.find((e) => e.diagnosis));
    assert.match(shown.event.description ?? '', /no connections enabled/);
    assert.match(shown.diagnosis!.fix, /domain level/i);
    assert.deepEqual(shown.diagnosis!.action, { kind: 'apply', stepId: 'auth0.connections', label: shown.diagnosis!.action!.label });
    const searches = standin.requests.filter((r) => r.path === '/api/v2/logs');
    assert.ok(
      searches.some((r) => r.query.get('sort') === 'date:-1'),
      'the first read is a search, newest first',
    );
    // The rendered panel row (the tree renders asynchronously after the data changes).
    await waitFor('the row in the panel', async () => {
      const texts = await visibleTexts('logs-panel', '[id="workbench.parts.panel"] .monaco-list-row');
      return texts.some((t) => t.includes('no connections enabled for the client'));
    });
    await screenshot('readme-logs-panel');
  });

  it('keeps polling from the checkpoint and adds new events once', async () => {
    const controller = await activateExtension();
    const before = controller.logsView!.shown.length;
    standin.data.logs.push(failures['service-not-found']() as never);
    await waitFor('the new event', () => controller.logsView!.shown.length === before + 1, 10_000);
    assert.ok(
      standin.requests.some((r) => r.path === '/api/v2/logs' && r.query.get('from')),
      'checkpoint polling with from=',
    );
    // Another poll from the checkpoint, answered and delivered (the next one is scheduled only after it): no duplicate.
    const polled = () => standin.requests.filter((r) => r.path === '/api/v2/logs' && r.query.get('from') && r.status !== undefined).length;
    const seen = polled();
    await waitFor('another poll from the checkpoint', () => polled() > seen + 1, 10_000);
    assert.equal(controller.logsView!.shown.length, before + 1, 'no duplicates after another poll');
  });

  it('applies a new poll interval without showing any event twice', async () => {
    const controller = await activateExtension();
    const before = controller.logsView!.shown.map((e) => e.event.log_id);
    await config().update('logs.pollIntervalSeconds', 3, vscode.ConfigurationTarget.Workspace);
    const searches = () => standin.requests.filter((r) => r.path === '/api/v2/logs' && r.query.get('sort') === 'date:-1').length;
    const searched = searches();
    await waitFor("the restarted tail's search", () => searches() > searched, 5000);
    // Its answer is delivered before the first poll from its checkpoint is sent: wait for that poll.
    const searchAt = standin.requests.filter((r) => r.path === '/api/v2/logs').length;
    await waitFor('the first poll after the search', () => standin.requests.slice(searchAt).some((r) => r.path === '/api/v2/logs' && r.query.get('from')), 10_000);
    assert.deepEqual(
      controller.logsView!.shown.map((e) => e.event.log_id),
      before,
    );
    await config().update('logs.pollIntervalSeconds', 2, vscode.ConfigurationTarget.Workspace);
  });

  it('stops polling while the panel is hidden, and resumes when it is shown', async () => {
    const controller = await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closePanel');
    // Paused, with a poll already in flight finished: no timer is left, so it cannot poll until the panel shows again.
    await waitFor('the tail paused and idle', async () => (await controller.logsView!.tailIdle()) === 'paused');
    const polls = () => standin.requests.filter((r) => r.path === '/api/v2/logs').length;
    const hidden = polls();
    assert.equal(standin.requests.filter((r) => r.status === undefined).length, 0, 'no request left in flight');
    standin.data.logs.push(failures['pkce-verifier']() as never);
    await vscode.commands.executeCommand('auth0Mcp.logs.focus');
    await waitFor('a poll after showing the panel', () => polls() > hidden, 5000);
    assert.ok(controller.logsView!.shown.length > 0);
  });

  it('copies an event as JSON; a fresh failure turns its row red, and its Fix promotes the connection', async () => {
    const controller = await activateExtension();
    const node: LogNode = { kind: 'event', ...controller.logsView!.shown.find((e) => e.diagnosis?.entry.id === 'no-connections')! };
    const json = await vscode.commands.executeCommand<string>('auth0Mcp.logs.copyJson', node);
    assert.equal(JSON.parse(json).log_id, node.kind === 'event' && node.event.log_id);
    assert.equal(await vscode.env.clipboard.readText(), json);

    await config().update('tunnel.publicUrl', 'https://logs-test.example.com', vscode.ConfigurationTarget.Workspace);
    await config().update('tunnel.provider', 'custom', vscode.ConfigurationTarget.Workspace);
    try {
      await controller.checkTenant();
      assert.equal(standin.data.connections.find((c) => c.name === 'Username-Password-Authentication')?.is_domain_connection, false);
      // The panel's old event (older than this reading) is history: the row shows the reading, not the log.
      const row = () => controller.checklist.find((s) => s.id === 'auth0.connections')!;
      assert.notEqual(row().status, 'error');
      // A sign-in refused after the reading turns the row red with the log's fix, until the fix writes the step.
      standin.data.logs.push({ ...failures['no-connections'](), date: new Date(Date.now() + 1000).toISOString() } as never);
      await waitFor("the log's finding on the connections row", () => row().status === 'error' && /tenant's log/.test(row().summary), 10_000);
      await vscode.commands.executeCommand('auth0Mcp.logs.fix', node, { confirmed: true });
      assert.equal(standin.data.connections.find((c) => c.name === 'Username-Password-Authentication')?.is_domain_connection, true);
      assert.equal(controller.checklist.find((s) => s.id === 'auth0.connections')?.status, 'ok');
    } finally {
      await config().update('tunnel.publicUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('tunnel.provider', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
