// Every face renders the same state: real plans read from the Management API stand-in (and a verification's findings
// judged on them) go through the checklist into the Setup tree, the walkthrough, the status bar and the CLI's table,
// and all of them must say the same thing about each step.

import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, checkPlan, createManagementSession, desiredTenant, STEP, type TenantPlan } from '../../src/core/auth0';
import { buildChecklist, staleVerification, type ChecklistInput } from '../../src/core/checklist/checklist';
import { walkthroughDone } from '../../src/core/checklist/walkthrough';
import { allStepsDone, isStepDone } from '../../src/core/plan/done';
import type { StepState } from '../../src/core/plan/types';
import { summarizeVerification, tenantFindings, verificationToStep, type VerifyReport } from '../../src/core/verify';
import { planTable, planTableRows } from '../../src/cli/plan-output';
import { SetupTreeProvider } from '../../src/extension/setup-tree';
import { statusBarView } from '../../src/extension/status-bar';
import { startManagementApiStandin, standinConnection, type ManagementApiStandin } from '../support/management-api-standin';

const RESOURCE = 'https://my-app.ngrok-free.app';
const TUNNEL = { state: 'connected', url: RESOURCE, appUrl: `${RESOURCE}/mcp`, host: 'my-app.ngrok-free.app', provider: 'ngrok' } as const;
let standin: ManagementApiStandin;

afterEach(async () => {
  await standin?.close();
});

/** The tools' scopes, as read from the server's tools/list: the API must define them and the default grant name them. */
const SCOPE_NEEDS = [{ scope: 'notes:read', tools: ['list_notes'], byHand: false }];

async function tenant() {
  standin = await startManagementApiStandin();
  const session = createManagementSession(standinConnection(standin));
  const desired = desiredTenant({ domain: standin.host, resourceUrl: RESOURCE, scopeNeeds: SCOPE_NEEDS });
  return { session, read: (scanDcrClients = false) => checkPlan(session, desired, { scanDcrClients }) };
}

function input(plan: TenantPlan, extra: Partial<ChecklistInput> = {}): ChecklistInput {
  return {
    auth0: { connected: true, domain: standin.host },
    server: { running: true, url: 'http://127.0.0.1:8787' },
    tunnel: TUNNEL,
    tenantSteps: plan.steps,
    ...extra,
  };
}

/** What each face shows for a checklist, reduced to what a user reads off it. */
function faces(steps: StepState[]) {
  const tree = new SetupTreeProvider(() => steps);
  const rows = Object.fromEntries(
    tree.getChildren().map((node) => {
      const item = tree.getTreeItem(node);
      const fix = tree.getChildren(node).find((child) => child.kind === 'fix');
      return [(node as { step: StepState }).step.id, { icon: (item.iconPath as { id: string }).id, description: item.description, fix: fix?.kind === 'fix' ? fix.action.label : undefined }];
    }),
  );
  // The CLI's table: "<mark> <title padded to the widest>  <summary>", one line per step (detail lines are indented).
  const width = Math.max(...steps.map((s) => s.title.length));
  const cli = Object.fromEntries(
    planTableRows(steps, () => [])
      .filter((line) => !line.startsWith(' '))
      .map((line) => [steps.find((s) => s.title === line.slice(9, 9 + width).trimEnd())?.id, line.slice(0, 8).trim()]),
  );
  return { rows, cli, walkthrough: walkthroughDone(steps), statusBar: statusBarView(steps.find((s) => s.id === 'tunnel'), TUNNEL) };
}

const CLI_MARK: Record<StepState['status'], string> = { ok: 'ok', change: 'change', manual: 'manual', warning: 'warning', error: 'ERROR', unknown: '?' };

/** The agreements every state must keep. */
function expectAgreement(steps: StepState[]) {
  const f = faces(steps);
  for (const step of steps) {
    // No green row for a step that is not done, and the CLI prints the same status the row's icon shows.
    if (f.rows[step.id]!.icon === 'pass-filled') expect(isStepDone(step), step.id).toBe(true);
    expect(f.cli[step.id], step.id).toBe(CLI_MARK[step.status]);
    expect(f.rows[step.id]!.description).toBe(step.summary);
  }
  const tenantSteps = steps.filter((s) => s.id.startsWith('auth0.'));
  expect(f.walkthrough.tenant).toBe(allStepsDone(tenantSteps));
  const tunnel = steps.find((s) => s.id === 'tunnel')!;
  expect(f.walkthrough.tunnel).toBe(isStepDone(tunnel));
  expect(f.statusBar.warning).toBe(!isStepDone(tunnel) && tunnel.status !== 'unknown' && tunnel.status !== 'manual');
  return f;
}

describe('every face agrees on real plans', () => {
  it('an empty tenant: each step to change shows as such on every face, and nothing ticks the tenant step', async () => {
    const { read } = await tenant();
    const plan = await read();
    const f = expectAgreement(buildChecklist(input(plan)));
    expect(f.walkthrough.tenant).toBe(false);
    expect(plan.converged).toBe(false);
    for (const id of [STEP.api, STEP.grant, STEP.scopes, STEP.settings, STEP.dcr, STEP.connections]) expect(f.cli[id]).toBe('change');
    expect(planTable(plan.steps).filter((l) => l.startsWith('change')).length).toBe(6);
  });

  it('a converged tenant: plan converges exactly when the walkthrough ticks the tenant step, "not scanned" DCR clients included', async () => {
    const { session, read } = await tenant();
    await applyPlan(session, await read());
    const plan = await read();
    expect(plan.steps.find((s) => s.id === STEP.dcrClients)).toMatchObject({ status: 'unknown' });
    const f = expectAgreement(buildChecklist(input(plan)));
    expect(plan.converged).toBe(true);
    expect(f.walkthrough).toMatchObject({ connect: true, server: true, tunnel: true, tenant: true });
    expect(f.statusBar).toMatchObject({ visible: true, text: '$(globe) my-app.ngrok-free.app', warning: false });
  });

  it('the DCR client review: the row takes its count, and stays done', async () => {
    const { session, read } = await tenant();
    await applyPlan(session, await read());
    const f = expectAgreement(buildChecklist(input(await read(true))));
    expect(f.rows[STEP.dcrClients]).toMatchObject({ icon: 'pass-filled', description: '0 dynamically registered clients' });
    expect(f.walkthrough.tenant).toBe(true);
  });

  it('the default grant deleted after setup: Default permissions turns to change on every face, and the fix carries the scopes', async () => {
    const { session, read } = await tenant();
    await applyPlan(session, await read());
    standin.data.clientGrants = standin.data.clientGrants.filter((g) => g.default_for !== 'third_party_clients');
    const plan = await read();
    const f = expectAgreement(buildChecklist(input(plan)));
    expect(f.rows[STEP.grant]!.icon).not.toBe('pass-filled');
    expect(f.rows[STEP.scopes]!.icon).not.toBe('pass-filled');
    expect(f.walkthrough.tenant).toBe(false);
    expect(plan.converged).toBe(false);
    // The grant's own fix (a Logs panel Fix names only this step) recreates it with the tools' scopes: one round.
    const report = await applyPlan(session, plan, { steps: [STEP.grant] });
    expect(report.outcomes.map((o) => [o.stepId, o.result])).toEqual([
      [STEP.grant, 'applied'],
      [STEP.scopes, 'applied'],
    ]);
    const again = await read();
    expect(again.converged).toBe(true);
    expect(standin.data.clientGrants.find((g) => g.default_for === 'third_party_clients')?.scope).toEqual(['notes:read']);
    expect(expectAgreement(buildChecklist(input(again))).walkthrough.tenant).toBe(true);
  });

  it("a verification's findings turn the rows they name red even where the tenant read looks done, until a write answers them", async () => {
    const { session, read } = await tenant();
    await applyPlan(session, await read());
    // The connection loses its domain level after the tenant was read: the tree still has the older, green reading.
    const before = await read();
    standin.data.connections = standin.data.connections.map((c) => ({ ...c, is_domain_connection: false }));
    const after = await read();
    const findings = tenantFindings(after, RESOURCE);
    expect(findings.map((f) => f.stepId)).toEqual([STEP.connections]);
    const report: VerifyReport = {
      ok: false,
      publicUrl: RESOURCE,
      appUrl: `${RESOURCE}/mcp`,
      resource: RESOURCE,
      checks: [{ id: 'tenant', title: 'Tenant configuration (Management API)', status: 'fail', detail: 'one step not done', diagnosis: findings[0], findings }],
    };
    const summary = summarizeVerification(report);
    const verify = verificationToStep(report, summary);
    const steps = buildChecklist(input(before, { verify, findings: summary.findings }));
    const f = expectAgreement(steps);
    expect(f.rows[STEP.connections]).toMatchObject({ icon: 'error', fix: 'Promote the connection to domain level' });
    expect(f.rows.verify).toMatchObject({ icon: 'error', description: summary.headline });
    expect(f.walkthrough).toMatchObject({ tenant: false, verify: false });
    // The write answers the finding, and the last verification no longer stands for the setup.
    await applyPlan(session, after);
    const written = buildChecklist(input(await read(), { verify: staleVerification(verify), findings: [] }));
    const g = expectAgreement(written);
    expect(g.rows[STEP.connections]!.icon).toBe('pass-filled');
    expect(g.walkthrough).toMatchObject({ tenant: true, verify: false });
    expect(g.rows.verify!.icon).toBe('circle-outline');
  });

  it('the status bar follows the tunnel row: drift to an old URL is a warning with the row\'s fix', async () => {
    const { session, read } = await tenant();
    await applyPlan(session, await read());
    const drift = [{ subject: 'Backend .env', expected: RESOURCE, actual: 'https://old.ngrok-free.app', problem: 'The .env names the old URL.', fix: 'Update it.' }];
    const f = expectAgreement(buildChecklist(input(await read(), { tunnel: { ...TUNNEL, drift } })));
    expect(f.walkthrough.tunnel).toBe(false);
    expect(f.statusBar).toMatchObject({ warning: true, text: '$(warning) my-app.ngrok-free.app' });
  });
});
