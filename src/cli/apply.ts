// auth0-mcp apply: shows the plan, asks (or takes --yes), writes only what differs, keeps what it replaced for restore.

import { applyPlan, checkPlan, isEmptyRestoreRecord, projectRestoreJournal } from '../core/auth0';
import { confirmed } from './args';
import { defineCommand } from './command';
import { EXIT, type CliIO } from './io';
import type { StepState } from '../core/plan/types';
import { tenantVerdict, verdictLines, type TenantVerdict } from './tenant-verdict';
import { applyLines, planJson, planTable, stepErrors } from './plan-output';
import { AUTH0_OPTIONS, AUTH0_OPTIONS_HELP, SCOPE_OPTIONS, SCOPE_OPTIONS_HELP, auth0Args, loadAuth0Context, warnMissingScopes } from './shared-auth0';

const HELP = `Usage: auth0-mcp apply [--yes] [--json]

Shows the plan, then changes the Auth0 tenant: only what differs. Before each write, the value it replaces is saved
in .auth0-mcp/ (git-ignored), so "auth0-mcp restore" can put everything back, even after a crash. Ctrl-C finishes
the write in flight and starts no other; a second Ctrl-C stops at once.
  --yes                    apply without asking (required when there is no terminal to ask on)
${SCOPE_OPTIONS_HELP}
${AUTH0_OPTIONS_HELP}

Exit codes: 0 every step done (as "plan" judges it), 1 failure or steps left that apply cannot do (each printed
with its fix).`;

export const command = defineCommand({
  help: HELP,
  options: { ...AUTH0_OPTIONS, ...SCOPE_OPTIONS, yes: { type: 'boolean', default: false } },
  run: async (io, args) => {
    const { session, desired, destination } = await loadAuth0Context(io, auth0Args(args), args);
    // Where the secret goes is said before it goes out.
    if (!args.json) io.out(`${destination}.`);
    await warnMissingScopes(io, session);
    const plan = await checkPlan(session, desired);
    const pending = plan.steps.filter((s) => s.status === 'change');
    if (!args.json) {
      io.out(`Auth0 tenant ${desired.host}, API ${desired.identifier}`);
      for (const line of planTable(plan.steps)) io.out(line);
    }
    if (!pending.length) {
      if (args.json) io.out(JSON.stringify({ ...planJson(plan, destination), outcomes: [] }, null, 2));
      return finish(io, tenantVerdict(plan), plan.steps);
    }
    const asked = { yes: args.yes, question: `\nApply ${pending.length} change${pending.length === 1 ? '' : 's'} to ${desired.host}?` };
    const refusal =
      'Refusing to change the tenant without confirmation: there is no terminal to ask on. Review "auth0-mcp plan", then run "auth0-mcp apply --yes".';
    if (!(await confirmed(io, { ...asked, refusal }))) {
      io.err('Nothing was changed.');
      return EXIT.failure;
    }
    const journal = projectRestoreJournal(io.cwd, desired.host);
    const interrupt = new AbortController();
    let writing = true;
    void io.stopSignal.then(() => {
      if (!writing) return;
      interrupt.abort();
      io.err(
        '\nInterrupted: finishing the write in flight so the tenant and the restore record agree; no further change starts.\n' +
          `Press Ctrl-C again to abort now (every previous value is already in ${journal.path}).`,
      );
    });
    const report = await applyPlan(session, plan, { journal, signal: interrupt.signal }).finally(() => (writing = false));
    const restoreFile = isEmptyRestoreRecord(report.restore) ? undefined : journal.path;
    const previousApi = report.plan.steps.find((s) => s.id === 'auth0.previous-api');
    if (args.json) {
      io.out(JSON.stringify({ ...planJson(report.plan, destination), outcomes: report.outcomes, ...(restoreFile ? { restoreFile } : {}) }, null, 2));
    } else {
      io.out('\nApplied:');
      for (const line of applyLines(report)) io.out(line);
      if (restoreFile) io.out(`Previous values saved to ${restoreFile} ("auth0-mcp restore" puts them back).`);
      io.out('\nThe tenant now:');
      for (const line of planTable(report.plan.steps)) io.out(line);
      if (previousApi) io.out(`\nNote: ${previousApi.diagnosis?.problem ?? previousApi.summary} It was not deleted.`);
    }
    const failed = report.outcomes.filter((o) => o.result !== 'applied');
    for (const o of failed) io.err(`Not applied: ${o.title}: ${o.error?.message ?? ''}\nFix: ${o.error?.fix ?? 'Run apply again.'}`);
    if (failed.length) io.err('Run "auth0-mcp apply" again to complete it; steps already applied are skipped.');
    const code = finish(io, tenantVerdict(report.plan), report.plan.steps);
    return failed.length ? EXIT.failure : code;
  },
});

/** Exit 0 only when the tenant is done as `plan` judges it; otherwise every error and open step with its fix, exit 1. */
function finish(io: CliIO, verdict: TenantVerdict, steps: readonly StepState[]): number {
  for (const e of stepErrors(steps)) io.err(e);
  if (verdict.done) return EXIT.ok;
  for (const line of verdictLines(verdict)) io.err(line);
  return EXIT.failure;
}
