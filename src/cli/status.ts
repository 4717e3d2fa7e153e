// auth0-mcp status: the whole Setup checklist as far as a terminal can know it: the tenant (when credentials are
// configured), a server on PORT, the public URL, the backend .env; the ChatGPT app and verification stay to do.

import { checkBackendEnv } from '../core/config/backend-env';
import { tryParseAuth0Domain } from '../core/config/domain';
import { buildChecklist, pendingTenantSteps, type ChecklistInput } from '../core/checklist/checklist';
import { errorMessage, type StepState } from '../core/plan/types';
import { fixLines } from '../core/plan/fix-text';
import { lookupIn, namedSources } from './args';
import { defineCommand } from './command';
import { EXIT, type CliIO } from './io';
import { planTableRows } from './plan-output';
import { AUTH0_OPTIONS, AUTH0_OPTIONS_HELP, SCOPE_OPTIONS, SCOPE_OPTIONS_HELP, auth0Args, type ScopeArgs } from './shared-auth0';

const HELP = `Usage: auth0-mcp status [--json]

Prints every setup step with its status and fix, as far as the command line can know them: the Auth0 tenant (with
Management API credentials and AUTH0_RESOURCE_SERVER_URL), the MCP server on PORT (default 3000), the public URL
(AUTH0_MCP_PUBLIC_URL, or the resource URL's origin) and the backend .env in the working directory. Writes nothing.
${SCOPE_OPTIONS_HELP}
${AUTH0_OPTIONS_HELP}

Exit codes: 0 every step ok, 3 steps left to do, 1 a step failed.`;

export const command = defineCommand({
  help: HELP,
  options: { ...AUTH0_OPTIONS, ...SCOPE_OPTIONS },
  run: async (io, args) => {
    const steps = await checklist(io, auth0Args(args).flagVars, auth0Args(args).connections, args);
    if (args.json) io.out(JSON.stringify({ steps }, null, 2));
    else for (const line of planTableRows(steps, (step) => (step.diagnosis && step.status !== 'ok' ? fixLines(step.diagnosis, '') : []))) io.out(line);
    if (steps.some((s) => s.status === 'error')) return EXIT.failure;
    return steps.every((s) => s.status === 'ok') ? EXIT.ok : EXIT.changesPending;
  },
});

async function checklist(io: CliIO, flagVars: Record<string, string>, connections: string[], scopeArgs: ScopeArgs): Promise<StepState[]> {
  const named = await namedSources(io, flagVars);
  const pick = lookupIn(named.map((s) => s.values));
  const domain = tryParseAuth0Domain(pick('AUTH0_DOMAIN') ?? '');
  const resourceUrl = pick('AUTH0_RESOURCE_SERVER_URL');
  const publicUrl = pick('AUTH0_MCP_PUBLIC_URL') ?? (resourceUrl ? originOf(resourceUrl) : undefined);
  // The heavy modules load only here, so --help and usage errors stay instant.
  const auth0 = await import('../core/auth0');
  const { checkOwnServer } = await import('../core/verify');
  const settings = auth0.readAuth0Settings(named);
  const connected = Boolean(domain && settings.access);
  const port = Number(pick('PORT') ?? 3000);
  const input: ChecklistInput = {
    auth0: connected && domain ? { connected: true, domain: domain.host } : { connected: false, ...(domain ? { domain: domain.host } : {}) },
    server: {
      running: false,
      ownPort: port,
      ownCheck: await checkOwnServer(port, {
        ...(publicUrl ? { publicUrl } : {}),
        ...(resourceUrl ? { resource: resourceUrl } : {}),
        ...(domain ? { issuer: domain.issuer } : {}),
      }),
    },
    tunnel: publicUrl ? { state: 'connected', url: publicUrl } : { state: 'closed' },
    env: (await checkBackendEnv({ workspace: io.cwd, file: '.env', domain: domain?.host, resourceUrl })).step,
  };
  if (connected && domain) {
    const { parseToolSource, serverScopes } = await import('../core/scopes');
    const scopes = await serverScopes(parseToolSource(scopeArgs['tools-from'] ?? pick('AUTH0_MCP_TOOLS_FROM')), scopeArgs.scope ?? []);
    input.tenantSteps = await tenantSteps(auth0, settings.access!, resourceUrl, connections, scopes);
  }
  return buildChecklist(input);
}

async function tenantSteps(
  auth0: typeof import('../core/auth0'),
  access: import('../core/auth0').ManagementAccess,
  resourceUrl: string | undefined,
  connections: string[],
  scopes: import('../core/scopes').ServerScopes,
): Promise<StepState[]> {
  if (!resourceUrl) return pendingTenantSteps('needs AUTH0_RESOURCE_SERVER_URL (the public URL of the MCP server)');
  try {
    const session = auth0.createManagementSession(auth0.sessionOptions(access));
    const desired = auth0.desiredTenant({
      domain: access.domain,
      resourceUrl,
      connectionNames: connections,
      scopeNeeds: scopes.needs,
      ...(scopes.unread ? { scopeProblem: scopes.unread } : {}),
    });
    return (await auth0.checkPlan(session, desired)).steps;
  } catch (error) {
    return pendingTenantSteps(errorMessage(error), 'error');
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
