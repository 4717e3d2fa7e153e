// auth0-mcp verify: walks ChatGPT's path through the public URL and prints each check with its fix.

import { EXIT, type CliIO } from './io';
import { openInBrowser } from './open-url';
import { parseAuth0Domain } from '../core/config/domain';
import { lookupIn, namedSources } from './args';
import { withStoredLogin } from './login-source';
import type { CredentialSource } from '../core/auth0/management-access';
import { defineCommand, parseFlags, type Flags } from './command';
import { fixLines } from '../core/plan/fix-text';
import { UserError } from '../core/plan/types';
import { summarizeVerification, verify, type CheckResult, type VerifyOptions, type VerifyReport } from '../core/verify';

const help = `Usage: auth0-mcp verify [--json] [--no-login] [--url PUBLIC_URL] [--resource-url ID]

Checks, through the public URL, what ChatGPT will check: the resource metadata, the 401 challenge, the tenant's
metadata, a registration with ChatGPT's metadata (deleted afterwards), ChatGPT's own /authorize request answered
without a sign-in, a browser sign-in with PKCE, the token, and tools/list. It also probes the server as an attacker
would: a malformed token, forged tokens (another key under the tenant's kid, alg none, HS256 keyed with the public
key), a token the tenant signed for another API (a temporary API, journaled and deleted afterwards; needs
AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET), and after the sign-in your token in the query string and with its payload
altered. Any of them answered as a sign-in fails verify.
  --url PUBLIC_URL    the server's public URL   (or AUTH0_MCP_PUBLIC_URL; default: the origin of the identifier)
  --resource-url ID   the expected API identifier          (or AUTH0_RESOURCE_SERVER_URL; default: the public origin)
  --no-login          skip the browser sign-in and the checks that need its token
  --json              print {ok, checks, …} as JSON
AUTH0_DOMAIN names the tenant the metadata must point at. With Management API credentials (AUTH0_CLIENT_ID +
AUTH0_CLIENT_SECRET, or AUTH0_API_TOKEN) the tenant's configuration is cross-checked, the sign-in watches the
tenant's log, and the test client is deleted; otherwise its id is printed.
Exit status: 0 when every check that ran passed, 1 otherwise.`;

const options = {
  json: { type: 'boolean', default: false },
  'no-login': { type: 'boolean', default: false },
  url: { type: 'string' },
  'resource-url': { type: 'string' },
} as const;

export const command = defineCommand({ help, options, run: (io, args) => verifyWith(io, args) });

export interface VerifyDeps {
  /** Tests replace the real browser with a headless sign-in. */
  openBrowser?: (url: string) => Promise<void>;
  /** Tests route the tenant's https origin to a loopback stand-in. */
  fetch?: typeof fetch;
}

/** `auth0-mcp verify` with its flags from io.argv; tests pass their own browser. */
export function runVerify(io: CliIO, deps: VerifyDeps = {}): Promise<number> {
  return verifyWith(io, parseFlags(io.argv, options), deps);
}

async function verifyWith(io: CliIO, flags: Flags<typeof options>, deps: VerifyDeps = {}): Promise<number> {
  const args = { json: flags.json, login: !flags['no-login'], url: flags.url, resourceUrl: flags['resource-url'] };
  const sources = await withStoredLogin(io, await namedSources(io), { required: false });
  const pick = lookupIn(sources.map((s) => s.values));
  const resourceUrl = args.resourceUrl ?? pick('AUTH0_RESOURCE_SERVER_URL');
  // The identifier the backend .env already holds names the public URL too.
  const publicUrl = args.url ?? pick('AUTH0_MCP_PUBLIC_URL') ?? originOf(resourceUrl);
  if (!publicUrl) {
    throw new UserError(
      'No public URL to verify.',
      "Set AUTH0_RESOURCE_SERVER_URL (the backend .env's identifier), or pass --url https://… or set AUTH0_MCP_PUBLIC_URL (the tunnel or deployment URL).",
      'url_missing',
    );
  }
  const domain = pick('AUTH0_DOMAIN');
  const controller = new AbortController();
  void io.stopSignal.then(() => controller.abort());
  const options: VerifyOptions = {
    login: args.login,
    signal: controller.signal,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...resourceOption(resourceUrl),
    ...(domain ? { issuer: parseAuth0Domain(domain).issuer } : {}),
    ...(await managementAccess(sources, io.cwd)),
    openBrowser: async (url) => {
      io.err(`Sign in to continue; if no browser opens, open this URL:\n  ${url}`);
      await (deps.openBrowser ?? openInBrowser)(url);
    },
    onProgress: (event) => {
      if (!args.json && event.type === 'done') io.out(formatCheck(event.result));
    },
  };
  if (!args.json) io.out(`Verifying ${publicUrl} like ChatGPT${args.login ? '' : ' (no sign-in)'}…`);
  const report = await verify(publicUrl, options);
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else formatSummary(report).forEach((line) => io.out(line));
  return summarizeVerification(report).outcome === 'failed' ? EXIT.failure : EXIT.ok;
}

function resourceOption(resource: string | undefined): Pick<VerifyOptions, 'resource'> {
  return resource ? { resource } : {};
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined; // verify() names the bad value
  }
}

/**
 * With Management API credentials: the cross-check (the engine's own reads), the tenant's log for the sign-in
 * watcher, and the test client's deletion. Without: the report says why the client was not deleted.
 */
export async function managementAccess(
  sources: readonly CredentialSource[],
  cwd?: string,
): Promise<Pick<VerifyOptions, 'deleteClient' | 'noDeleteReason' | 'tenant'>> {
  // Loaded only here: the auth0 SDK is the CLI's heaviest module.
  const auth0 = await import('../core/auth0');
  const access = auth0.readAuth0Settings(sources).access;
  if (!access) return { noDeleteReason: 'no Management API credentials' };
  const domain = access.domain;
  const session = auth0.createManagementSession(auth0.sessionOptions(access));
  const { createSdkLogSource } = await import('../core/logs');
  const credentials = access.credentials;
  // The other-audience probe's throwaway API is journaled in the project's restore journal, like apply's writes.
  const probe =
    credentials.kind !== 'client-credentials'
      ? { noProbeAudienceReason: 'a pasted Management API token cannot ask for a token for another API (use AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET)' }
      : cwd === undefined
        ? { noProbeAudienceReason: 'no project folder for the restore journal' }
        : { probeAudience: () => auth0.createProbeAudience(session, auth0.projectRestoreJournal(cwd, session.domain.host), credentials.clientId) };
  return {
    tenant: {
      readPlan: async (identifier, scopeNeeds) =>
        auth0.checkPlan(session, auth0.desiredTenant({ domain, resourceUrl: identifier, ...(scopeNeeds ? { scopeNeeds } : {}) })),
      logs: createSdkLogSource(session),
      ...probe,
    },
    deleteClient: async (clientId) => {
      const report = await auth0.deleteDcrClients(session, [clientId]);
      const failed = report.failed[0];
      if (failed) throw new UserError(failed.message, failed.fix, 'client_not_deleted');
    },
  };
}

const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;

const VERDICT = { refused: '✓ refused', 'signed-in': '✗ GOT IN', 'signed-out': '! signed out', 'not-run': '– not run' } as const;

export function formatCheck(check: CheckResult): string {
  const lines = [`${MARK[check.status]} ${check.title}: ${check.detail}`];
  if (check.status === 'fail') {
    for (const probe of check.probes ?? []) {
      if (probe.verdict !== 'refused') lines.push(`    ${VERDICT[probe.verdict]}: ${probe.title}: ${probe.answer}`);
    }
  }
  if (check.status === 'fail' && check.diagnosis) lines.push(...fixLines(check.diagnosis, '    '));
  return lines.join('\n');
}

/** The run's last lines, from the one summary the extension's row and notification render too. */
function formatSummary(report: VerifyReport): string[] {
  const lines: string[] = [];
  if (report.testClient) lines.push(`Test client: ${report.testClient.detail}`);
  if (report.probeApi) lines.push(`Temporary API for the probes: ${report.probeApi.detail}`);
  const summary = summarizeVerification(report);
  const { pass, fail, skip } = summary.counts;
  lines.push(
    summary.outcome === 'failed'
      ? `FAILED: ${summary.headline} (${fail} failed, ${pass} passed, ${skip} skipped).`
      : `OK: ${pass} passed${skip ? `, ${skip} skipped` : ''}. App URL for ChatGPT: ${summary.appUrl}`,
  );
  return lines;
}
