// Tenant actions: apply one step or everything after a preview, restore previous settings, review DCR clients,
// delete a previous API, and point Auth0 at a new public URL.

import * as vscode from 'vscode';
import type { TenantPlan } from '../../core/auth0';
import type { FieldChange, StepState } from '../../core/plan/types';
import { UserError } from '../../core/plan/types';
import { formatValue as show } from '../../core/plan/format-value';
import type { CommandHandler } from './handler';
import { credentialsDomain } from '../secrets';
import type { Controller } from '../controller';
import { showProblem } from '../fix-actions';
import { PLAN_MAX_AGE_MS, type Auth0Session } from '../auth0-session';
import { COMMAND, SETUP_STEP, VIEW } from '../../core/ids';
import { stepsLeft } from '../../core/plan/done';
import { withCarriedSteps } from '../../core/plan/steps';

/** Options a caller (a test, another command that already asked) may pass to skip the confirmation dialog. */
interface Confirmed {
  confirmed?: boolean;
  /** A caller that reports the outcome itself (Set Up Everything): no notification of its own. */
  quiet?: boolean;
}

export const tenantCommands: Record<string, CommandHandler> = {
  [COMMAND.applyStep]: async (c, stepArg, options) => {
    const stepId = typeof stepArg === 'string' ? stepArg : undefined;
    if (stepId === 'env') return vscode.commands.executeCommand(COMMAND.writeEnv, options);
    return applyTenant(c, stepId ? [stepId] : undefined, options as Confirmed | undefined);
  },
  [COMMAND.applyTenant]: (c, options) => applyTenant(c, undefined, options as Confirmed | undefined),
  [COMMAND.setupEverything]: (c, options) => setupEverything(c, options as Confirmed | undefined),
  [COMMAND.pointAuth0AtUrl]: (c, options) => setupEverything(c, options as Confirmed | undefined),
  [COMMAND.restoreTenantSettings]: async (c, options) => {
    const session = requireSession(c);
    const record = await session.restoreRecord(c);
    const refused = record.refused?.length ?? 0;
    if (!record.entries.length) {
      void vscode.window.showInformationMessage(
        refused
          ? `Nothing to restore: the journal's ${refused} other entr${refused === 1 ? 'y was' : 'ies were'} not written by this extension and ${refused === 1 ? 'is' : 'are'} refused (${record.refused!.map((r) => r.what).join('; ')}).`
          : 'Nothing to restore: this extension has not changed tenant settings on this tenant.',
      );
      return;
    }
    const fields = session.describeRestore(record);
    const question = `Restore ${record.entries.length} tenant setting(s) on ${session.host}?${refused ? ` ${refused} journal entr${refused === 1 ? 'y' : 'ies'} this extension never writes will be left alone.` : ''}`;
    if (!(options as Confirmed | undefined)?.confirmed && !(await confirm(question, fields, 'Restore'))) return;
    const report = await vscode.window.withProgress({ location: { viewId: VIEW.setup }, title: 'Restoring tenant settings' }, () => session.restore(c, record));
    c.log.info(`restore: ${JSON.stringify(report?.restored ?? [])}`);
    // Every row the restore may have touched is read again; the last verification no longer describes the tenant.
    c.wrote('all');
    await c.checkTenant();
    if (report?.failed.length) {
      const first = report.failed[0]!;
      void showProblem({ problem: `Restored ${report.restored.length} of ${fields.length} on ${session.host}; ${first.what}: ${first.message}`, fix: first.fix });
    } else {
      void vscode.window.showInformationMessage(`Restored ${report?.restored.length ?? 0} tenant setting(s) on ${session.host}. ${tenantOutcome(c)}`);
    }
    return report;
  },
  [COMMAND.reviewDcrClients]: async (c) => {
    const session = requireSession(c);
    const clients = await session.scanDcrClients();
    // The row takes the review's result (the count, or the leftovers warning), and later checks keep counting.
    session.scanDcrClientsOnCheck = true;
    await c.checkTenant();
    if (clients.length === 0) {
      void vscode.window.showInformationMessage('No dynamically registered (tpc_) clients on this tenant.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      clients.map((client) => ({
        label: client.name ?? client.clientId,
        description: client.clientId,
        detail: client.callbacks.join(', ') || 'no callbacks',
        id: client.clientId,
      })),
      { title: `Dynamically registered clients (${clients.length}): pick the ones to delete`, canPickMany: true, ignoreFocusOut: true },
    );
    if (!picked?.length) return;
    if (
      !(await confirm(
        `Delete ${picked.length} client(s)? ChatGPT apps using them must reconnect.`,
        picked.map((p) => p.id),
        'Delete',
      ))
    )
      return;
    const report = await session.deleteDcrClients(picked.map((p) => p.id));
    c.log.info(`deleted DCR clients: ${JSON.stringify(report)}`);
    await c.checkTenant();
    if (report.failed.length) void showProblem({ problem: `Deleted ${report.deleted.length} of ${picked.length} client(s): ${report.failed[0]!.message}`, fix: report.failed[0]!.fix });
    else void vscode.window.showInformationMessage(`Deleted ${report.deleted.length} dynamically registered client(s).`);
  },
  [COMMAND.deletePreviousApi]: async (c, _node, options) => {
    const session = requireSession(c);
    const read = session.plan?.snapshot.previousApi;
    const previous = read?.ok ? read.value?.identifier : undefined;
    const current = c.resourceUrl;
    if (!previous || !current) {
      void vscode.window.showInformationMessage('There is no API of a previous URL to delete.');
      return false;
    }
    const detail = ['Tokens for that identifier stop working. The API for the current URL stays.'];
    if (!(options as Confirmed | undefined)?.confirmed && !(await confirm(`Delete the Auth0 API "${previous}"?`, detail, 'Delete API'))) return false;
    await session.deletePreviousApi(c, previous, current);
    await c.checkTenant();
    void vscode.window.showInformationMessage(`Deleted the Auth0 API "${previous}".`);
    return true;
  },
};

async function applyTenant(c: Controller, steps: string[] | undefined, options: Confirmed | undefined): Promise<boolean> {
  const session = requireSession(c);
  // The preview must show the tenant as it is now: apply writes exactly what the preview showed.
  const fresh = session.plan && Date.now() - session.planReadAt < PLAN_MAX_AGE_MS && session.plan.desired.identifier === c.resourceUrl;
  const plan = fresh ? session.plan : await session.check(c);
  if (!plan)
    throw new UserError(`The tenant cannot be planned yet: ${session.planProblem}.`, 'Start the tunnel (or set your own public URL) first.', 'no_public_url');
  // A step's fix writes the steps it is incomplete without (a new grant carries the tools' scopes): previewed too.
  const only = steps ? withCarriedSteps(steps) : undefined;
  const pending = plan.steps.filter((s) => s.status === 'change' && (!only || only.includes(s.id)));
  if (pending.length === 0) {
    if (!options?.quiet) void vscode.window.showInformationMessage(`The tenant already matches: nothing to change. ${tenantOutcome(c)}`);
    return true;
  }
  if (!options?.confirmed && !(await confirm(`Apply ${pending.length} change(s) to ${session.host}?`, previewLines(pending), 'Apply'))) return false;
  const report = await vscode.window.withProgress({ location: { viewId: VIEW.setup }, title: 'Applying to Auth0' }, () =>
    session.apply(
      c,
      plan,
      pending.map((s) => s.id),
    ),
  );
  const applied = report.outcomes.filter((o) => o.result === 'applied');
  await c.showTenantSteps(
    report.plan.steps,
    applied.map((o) => o.stepId),
  );
  const failed = report.outcomes.filter((o) => o.result === 'failed');
  if (failed.length) {
    const first = failed[0].error;
    void showProblem({
      problem: `${failed.length} step(s) failed, the rest were applied: ${first?.message ?? ''}`,
      fix: `${first?.fix ?? ''} Run it again once fixed to complete.`.trim(),
    });
    return false;
  }
  if (!options?.quiet) void vscode.window.showInformationMessage(`Applied to ${session.host}: ${applied.map((o) => o.title).join('; ')}. ${tenantOutcome(c)}`);
  return true;
}

/** What is left of the tenant's steps, by the one rule for done: said after every tenant write. */
function tenantOutcome(c: Controller): string {
  const left = stepsLeft(c.checklist.filter((s) => s.id.startsWith('auth0.')));
  return left.length ? `Still to do: ${left.map((s) => `${s.title} (${s.summary})`).join('; ')}.` : 'Every tenant step is done.';
}

/** Runs the missing steps in order: server, tunnel, tenant (after one preview), backend .env. */
async function setupEverything(c: Controller, options: Confirmed | undefined): Promise<boolean> {
  const done = await vscode.window.withProgress({ location: { viewId: VIEW.setup }, title: 'Setting up' }, async (progress) => {
    if (!c.auth0) {
      progress.report({ message: 'connecting to Auth0' });
      if (!(await c.secrets.auth0(credentialsDomain(c.settings)))) {
        await vscode.commands.executeCommand(COMMAND.connect);
        if (!c.auth0) return false;
      } else {
        await c.connectAuth0();
      }
    }
    if (c.settings.backend === 'embedded' && !c.mcp.server) {
      progress.report({ message: 'starting the MCP server' });
      await c.startServer();
    }
    if (!c.resourceUrl) {
      progress.report({ message: 'starting the tunnel' });
      await vscode.commands.executeCommand(COMMAND.startTunnel);
      if (!c.resourceUrl) return false;
    }
    progress.report({ message: 'reading the tenant' });
    const session = requireSession(c);
    const plan: TenantPlan | undefined = await session.check(c);
    if (plan && !plan.converged) {
      progress.report({ message: 'configuring the tenant' });
      if (!(await applyTenant(c, undefined, { ...options, quiet: true }))) return false;
    }
    progress.report({ message: 'writing the backend .env' });
    const env = await c.checkEnv();
    if (env && env.edit.changes.length > 0 && !(await vscode.commands.executeCommand<boolean>(COMMAND.writeEnv, options))) return false;
    await c.checkTenant();
    return true;
  });
  reportSetup(c, done);
  return done;
}

/** The end of Set Up Everything, always visible: what is done and what is left (the same rows the tree shows). */
function reportSetup(c: Controller, completed: boolean): void {
  const left = stepsLeft(c.checklist).filter((s) => s.id !== SETUP_STEP.chatgpt && s.id !== SETUP_STEP.verify);
  if (completed && !left.length) {
    void vscode.window
      .showInformationMessage('Set up: the server, the public URL, the tenant and the backend .env are ready. Next: verify like ChatGPT.', 'Verify Like ChatGPT')
      .then((choice) => (choice ? vscode.commands.executeCommand(COMMAND.verify) : undefined));
    return;
  }
  const first = left[0];
  void showProblem(
    {
      problem: `Set Up Everything stopped with ${left.length || 'some'} step(s) left${first ? `: ${first.title} (${first.summary})` : ''}.`,
      fix: first?.diagnosis?.fix ?? 'The Setup view shows each step with its fix.',
      ...(first?.diagnosis?.action ? { action: first.diagnosis.action } : {}),
    },
    'warning',
  );
}

function requireSession(c: Controller): Auth0Session {
  if (!c.auth0) throw new UserError('Not connected to Auth0.', 'Run "Connect to Auth0" first.', 'not_connected');
  return c.auth0;
}

function previewLines(steps: StepState[]): string[] {
  return steps.flatMap((s) => [`${s.title}:`, ...s.changes.map((ch: FieldChange) => `  ${ch.field}: ${show(ch.current)} → ${show(ch.desired)}`)]);
}

async function confirm(message: string, detail: string[], action: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail: detail.join('\n') }, action);
  return choice === action;
}
