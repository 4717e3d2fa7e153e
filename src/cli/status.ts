// auth0-mcp status: the whole Setup checklist as far as a terminal can know it: the tenant (when credentials are
// configured, judged exactly as `plan` judges it), the MCP server at its public URL, the backend .env. The ChatGPT
// app and the verification are listed as not known here, never failed.

import { checkBackendEnv } from '../core/config/backend-env';
import { tryParseAuth0Domain } from '../core/config/domain';
import { appUrlFor } from '../core/config/resource-url';
import { buildChecklist, pendingTenantSteps, type ChecklistInput } from '../core/checklist/checklist';
import { isStepDone, isStepFailed } from '../core/plan/done';
import { errorMessage, type StepState } from '../core/plan/types';
import { fixLines } from '../core/plan/fix-text';
import { defineCommand } from './command';
import { EXIT, type CliIO } from './io';
import { planTableRows } from './plan-output';
import { AUTH0_OPTIONS, AUTH0_OPTIONS_HELP, SCOPE_OPTIONS, SCOPE_OPTIONS_HELP, auth0Args } from './shared-auth0';
import { readSetupValues, tenantContext, type SetupValues } from './setup-context';
import { tenantVerdict } from './tenant-verdict';
import { findLogin } from './login-source';

const HELP = `Usage: auth0-mcp status [--json] [--clients]

Prints every setup step with its status and fix, as far as the command line can know them: the Auth0 tenant (with
Management API credentials and AUTH0_RESOURCE_SERVER_URL; the same judgment as "auth0-mcp plan"), the MCP server at
its public URL (AUTH0_MCP_PUBLIC_URL, or the resource URL's origin: its metadata and challenge) and the backend .env
in the working directory. The ChatGPT app and "Verify like ChatGPT" are listed as not known here. Writes nothing.
  --clients                also count dynamically registered (tpc_) clients (one more request)
${SCOPE_OPTIONS_HELP}
${AUTH0_OPTIONS_HELP}

Exit codes: 0 every step a terminal can know is done, 3 steps left to do, 1 a step failed.`;

/** Steps only ChatGPT (the app) or a verification run can show: listed, never counted. */
const NOT_KNOWN_HERE = new Set(['chatgpt', 'verify']);

export const command = defineCommand({
  help: HELP,
  options: { ...AUTH0_OPTIONS, ...SCOPE_OPTIONS, clients: { type: 'boolean', default: false } },
  run: async (io, args) => {
    const values = await readSetupValues(io, auth0Args(args), args);
    const steps = await checklist(io, values, args.clients);
    const known = steps.filter((s) => !NOT_KNOWN_HERE.has(s.id));
    const notKnown = steps.filter((s) => NOT_KNOWN_HERE.has(s.id));
    if (args.json) io.out(JSON.stringify({ done: known.every(isStepDone), steps, notKnownHere: notKnown.map((s) => s.id) }, null, 2));
    else {
      for (const line of planTableRows(known, (step) => (step.diagnosis && !isStepDone(step) ? fixLines(step.diagnosis, '') : []))) io.out(line);
      io.out('\nNot known from a terminal (not counted):');
      for (const line of planTableRows(notKnown, () => [])) io.out(line);
    }
    if (known.some(isStepFailed)) return EXIT.failure;
    return known.every(isStepDone) ? EXIT.ok : EXIT.changesPending;
  },
});

async function checklist(io: CliIO, values: SetupValues, scanDcrClients: boolean): Promise<StepState[]> {
  const { settings, resourceUrl, publicUrl } = values;
  // Credentials given, or else a stored login (`auth0-mcp login`): the same order `plan` takes them in.
  const login = settings.access ? undefined : await findLogin(io, settings.domain).catch(() => undefined);
  const domain = tryParseAuth0Domain(settings.domain ?? login?.domain ?? '');
  const connected = Boolean(domain && (settings.access || login));
  // The heavy modules load only here, so --help and usage errors stay instant.
  const { checkServerAt } = await import('../core/verify');
  const server = publicUrl
    ? await checkServerAt(publicUrl, { ...(resourceUrl ? { resource: resourceUrl } : {}), ...(domain ? { issuer: domain.issuer } : {}) })
    : unknownServer();
  const input: ChecklistInput = {
    auth0: connected && domain ? { connected: true, domain: domain.host } : { connected: false, ...(domain ? { domain: domain.host } : {}) },
    server: { running: false },
    tunnel: publicUrl ? { state: 'connected', url: publicUrl } : { state: 'closed' },
    env: (await checkBackendEnv({ workspace: io.cwd, file: '.env', domain: domain?.host, resourceUrl })).step,
    chatgpt: notKnown('chatgpt', 'ChatGPT app', publicUrl ? `create the app in ChatGPT with ${appUrl(publicUrl)}` : 'needs a public URL first'),
    verify: notKnown('verify', 'Verify like ChatGPT', 'run "auth0-mcp verify" (or "verify --no-login" unattended)'),
  };
  if (connected) input.tenantSteps = await tenantSteps(io, values, scanDcrClients);
  // A terminal knows the server only by its public URL: the check there replaces the extension's view of it.
  return buildChecklist(input).map((step) => (step.id === 'server' ? server : step));
}

/** The tenant steps exactly as `plan` reads and judges them (same values, same tools). */
async function tenantSteps(io: CliIO, values: SetupValues, scanDcrClients: boolean): Promise<StepState[]> {
  if (!values.resourceUrl) return pendingTenantSteps('needs AUTH0_RESOURCE_SERVER_URL (the public URL of the MCP server)');
  try {
    const { checkPlan } = await import('../core/auth0');
    const { session, desired } = await tenantContext(io, values);
    const plan = await checkPlan(session, desired, { scanDcrClients });
    const verdict = tenantVerdict(plan);
    // What verify's tenant check would still fail on beyond the steps: shown on the step it names, so exit 0 means it passes.
    return plan.steps.map((step) => {
      const finding = verdict.findings.find((f) => f.stepId === step.id);
      if (!finding) return step;
      const diagnosis = { problem: finding.problem, fix: finding.fix, ...(finding.action ? { action: finding.action } : {}) };
      return { ...step, status: 'manual', summary: finding.problem, diagnosis };
    });
  } catch (error) {
    return pendingTenantSteps(errorMessage(error), 'error');
  }
}

function unknownServer(): StepState {
  return {
    id: 'server',
    title: 'MCP server',
    status: 'unknown',
    summary: 'needs AUTH0_RESOURCE_SERVER_URL or AUTH0_MCP_PUBLIC_URL (where the server is reached)',
    changes: [],
  };
}

function notKnown(id: string, title: string, summary: string): StepState {
  return { id, title, status: 'unknown', summary, changes: [] };
}

function appUrl(publicUrl: string): string {
  try {
    return appUrlFor(publicUrl);
  } catch {
    return `${publicUrl}/mcp`;
  }
}
