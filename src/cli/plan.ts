// auth0-mcp plan: what the tenant is missing for a ChatGPT app. Exit 0 converged, 3 changes pending, 1 failure.

import { checkPlan } from '../core/auth0';
import { defineCommand } from './command';
import { EXIT } from './io';
import { planJson, planTable, stepErrors } from './plan-output';
import { tenantVerdict, verdictLines } from './tenant-verdict';
import { AUTH0_OPTIONS, AUTH0_OPTIONS_HELP, SCOPE_OPTIONS, SCOPE_OPTIONS_HELP, auth0Args, loadAuth0Context, warnMissingScopes } from './shared-auth0';

const HELP = `Usage: auth0-mcp plan [--json] [--clients]

Checks the Auth0 tenant against what a ChatGPT app needs and prints each step with its changes. Writes nothing.
  --clients                also count dynamically registered (tpc_) clients (one more request)
${SCOPE_OPTIONS_HELP}
${AUTH0_OPTIONS_HELP}

Exit codes: 0 every step done (what "verify --no-login" checks of the tenant passes on these values), 3 steps left
(changes pending, or a step apply cannot do, such as tools that could not be read), 1 failure.`;

export const command = defineCommand({
  help: HELP,
  options: { ...AUTH0_OPTIONS, ...SCOPE_OPTIONS, clients: { type: 'boolean', default: false } },
  run: async (io, args) => {
    const { session, desired, destination } = await loadAuth0Context(io, auth0Args(args), args);
    // Where the secret goes is said before it goes out.
    if (!args.json) io.out(`${destination}.`);
    await warnMissingScopes(io, session);
    const plan = await checkPlan(session, desired, { scanDcrClients: args.clients });
    if (args.json) io.out(JSON.stringify(planJson(plan, destination), null, 2));
    else {
      io.out(`Auth0 tenant ${desired.host}, API ${desired.identifier}`);
      for (const line of planTable(plan.steps)) io.out(line);
    }
    const verdict = tenantVerdict(plan);
    if (verdict.failed) {
      for (const e of stepErrors(plan.steps)) io.err(e);
      return EXIT.failure;
    }
    if (verdict.done) return EXIT.ok;
    if (!args.json) {
      for (const line of verdictLines(verdict)) io.err(line);
      if (verdict.pending.length) io.out('\nRun "auth0-mcp apply" to make these changes.');
    }
    return EXIT.changesPending;
  },
});
