// The Setup view's rows from step states: each row's description, icon and actions (the inline buttons package.json
// shows for its contextValue, and the fix row a click runs), the way a user sees them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChecklist, type ChecklistInput } from '../../src/core/checklist/checklist';
import { ngrokDiagnosis } from '../../src/core/tunnel/ngrok-errors';
import type { StepState } from '../../src/core/plan/types';
import { SetupTreeProvider, type SetupNode } from '../../src/extension/setup-tree';

interface MenuItem {
  command: string;
  when: string;
  group?: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } };

/** The inline buttons VS Code shows on a Setup row: the menu items whose `when` matches its contextValue. */
function inlineActions(contextValue: string, context: Record<string, boolean> = {}): string[] {
  return manifest.contributes.menus['view/item/context']
    .filter((m) => m.group?.startsWith('inline'))
    .filter((m) =>
      m.when.split(' && ').every((clause) => {
        const regex = /^viewItem =~ \/(.*)\/$/.exec(clause);
        if (regex) return new RegExp(regex[1]).test(contextValue);
        if (clause === 'view == auth0Mcp.setup') return true;
        if (clause.startsWith('view == ')) return false;
        return context[clause] === true;
      }),
    )
    .map((m) => m.command);
}

interface Row {
  label: string;
  description?: string;
  icon?: string;
  actions: string[];
  fix?: { label: string; runs: unknown };
}

function rows(input: ChecklistInput): Record<string, Row> {
  const provider = new SetupTreeProvider(() => buildChecklist(input));
  const out: Record<string, Row> = {};
  for (const node of provider.getChildren()) {
    const item = provider.getTreeItem(node);
    const fixNode = provider.getChildren(node).find((child): child is Extract<SetupNode, { kind: 'fix' }> => child.kind === 'fix');
    const fixItem = fixNode && provider.getTreeItem(fixNode);
    out[(node as { step: StepState }).step.id] = {
      label: String(item.label),
      description: item.description as string | undefined,
      icon: (item.iconPath as { id: string } | undefined)?.id,
      actions: inlineActions(item.contextValue ?? '', { 'auth0Mcp.serverRunning': input.server.running }),
      ...(fixItem ? { fix: { label: String(fixItem.label), runs: fixItem.command } } : {}),
    };
  }
  return out;
}

const fresh: ChecklistInput = { auth0: { connected: false }, server: { running: false }, tunnel: { state: 'closed' } };

describe('Setup tree rows', () => {
  it('a fresh install: Connect, Start MCP Server and Start Tunnel are offered on their rows', () => {
    const r = rows(fresh);
    expect(r.connect).toMatchObject({ label: 'Connect to Auth0', description: 'not connected', icon: 'circle-large-outline', actions: ['auth0Mcp.step.run'] });
    expect(r.connect.fix).toEqual({ label: 'Connect to Auth0', runs: { command: 'auth0Mcp.step.run', title: 'Connect to Auth0', arguments: ['connect', 'fix'] } });
    expect(r.server).toMatchObject({ description: 'stopped', fix: { label: 'Start MCP Server' } });
    expect(r.tunnel).toMatchObject({ description: 'no tunnel', icon: 'circle-large-outline', fix: { label: 'Start Tunnel' } });
    expect(r['auth0.api']).toMatchObject({ description: 'connect to Auth0 first', icon: 'circle-outline', actions: [] });
    expect(r['auth0.api'].fix).toBeUndefined();
  });

  it('a tunnel that failed for want of an authtoken offers "Set ngrok Authtoken", not "Start Tunnel"', () => {
    const error = ngrokDiagnosis('ngrok_authtoken_missing');
    const r = rows({ ...fresh, server: { running: true, url: 'http://127.0.0.1:8787' }, tunnel: { state: 'failed', provider: 'ngrok', error } });
    expect(r.tunnel).toMatchObject({ description: error.problem, icon: 'error', actions: ['auth0Mcp.step.run'] });
    expect(r.tunnel.fix).toEqual({ label: 'Set ngrok Authtoken', runs: { command: 'auth0Mcp.step.run', title: 'Set ngrok Authtoken', arguments: ['tunnel', 'fix'] } });
  });

  it('a running setup: ok rows with their stop and copy buttons, no fix rows', () => {
    const r = rows({
      auth0: { connected: true, domain: 't.us.auth0.com' },
      server: { running: true, url: 'http://127.0.0.1:8787' },
      tunnel: { state: 'connected', url: 'https://a.ngrok.app', appUrl: 'https://a.ngrok.app/mcp' },
      tenantSteps: [
        {
          id: 'auth0.api',
          title: 'API for the MCP server',
          status: 'change',
          summary: 'create https://a.ngrok.app',
          changes: [{ field: 'identifier', current: undefined, desired: 'https://a.ngrok.app' }],
          link: 'https://manage.auth0.com/',
        },
      ],
    });
    expect(r.connect).toMatchObject({ description: 't.us.auth0.com', icon: 'pass-filled', actions: [] });
    expect(r.server).toMatchObject({ icon: 'pass-filled', actions: ['auth0Mcp.stopServer'] });
    expect(r.tunnel).toMatchObject({ description: 'https://a.ngrok.app', icon: 'pass-filled', actions: ['auth0Mcp.step.copy', 'auth0Mcp.stopTunnel'] });
    expect(r['auth0.api']).toMatchObject({ icon: 'diff-modified', actions: ['auth0Mcp.step.run', 'auth0Mcp.step.open', 'auth0Mcp.step.copy'] });
    for (const id of ['connect', 'server', 'tunnel']) expect(r[id].fix, id).toBeUndefined();
  });

  it("a failed verification is an error row whose fix is the failing check's", () => {
    const verify: StepState = {
      id: 'verify',
      title: 'Verify like ChatGPT',
      status: 'error',
      summary: 'Authorization server metadata failed',
      changes: [],
      diagnosis: {
        problem: 'The tenant does not answer.',
        fix: 'Check the domain.',
        action: { kind: 'apply', stepId: 'auth0.tenant-settings', label: 'Apply Tenant Settings' },
      },
    };
    const r = rows({ ...fresh, verify });
    expect(r.verify).toMatchObject({
      description: 'Authorization server metadata failed',
      icon: 'error',
      actions: ['auth0Mcp.step.run'],
      fix: { label: 'Apply Tenant Settings' },
    });
  });
});
