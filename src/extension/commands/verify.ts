// "Verify Like ChatGPT": walks the public URL the way ChatGPT will, with progress, and shows each failure's fix.

import * as vscode from 'vscode';
import type * as LogsFeature from '../../core/logs';
import type * as VerifyFeature from '../../core/verify';
import { tryParseAuth0Domain } from '../../core/config/domain';
import type { CommandHandler } from './handler';
import type { Controller } from '../controller';
import { loadFeature } from '../lazy';
import { NO_PUBLIC_URL, showProblem } from '../fix-actions';
import { COMMAND } from '../../core/ids';

interface VerifyArgs {
  /** false: unattended, without the browser sign-in. */
  login?: boolean;
  /** Do not pop up the failure message (tests, Set Up Everything). */
  quiet?: boolean;
}

export const verifyCommands: Record<string, CommandHandler> = {
  [COMMAND.verify]: (c, args) => runVerify(c, { login: true, ...(args as VerifyArgs | undefined) }),
  [COMMAND.verifyWithoutSignIn]: (c, args) => runVerify(c, { ...(args as VerifyArgs | undefined), login: false }),
};

async function runVerify(c: Controller, args: VerifyArgs): Promise<VerifyFeature.VerifyReport | undefined> {
  // The identifier names the public URL (tunnel, reserved domain or own URL), as the CLI defaults to it.
  const publicUrl = originOf(c.resourceUrl) ?? c.tunnel.status.url;
  if (!publicUrl) {
    await showProblem({ ...NO_PUBLIC_URL, problem: 'Verification runs through the public URL, and there is none yet.' }, 'warning');
    return undefined;
  }
  const { verify, verificationToStep, summarizeVerification, verificationMessage } = loadFeature<typeof VerifyFeature>('verify');
  const issuer = tryParseAuth0Domain(c.settings.domain)?.issuer;
  const session = c.auth0;
  // The tenant as the cross-check read it: the tenant rows show that reading afterwards.
  let readSteps: VerifyFeature.TenantPlanView['steps'] | undefined;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Verifying like ChatGPT', cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return verify(publicUrl, {
        login: args.login !== false,
        signal: abort.signal,
        ...(c.resourceUrl ? { resource: c.resourceUrl } : {}),
        ...(issuer ? { issuer } : {}),
        ...(session ? { onAccessToken: (accessToken: string) => (session.toolsToken = accessToken) } : {}),
        openBrowser: async (url) => {
          c.log.info('verify: opening the browser for the sign-in');
          await vscode.env.openExternal(vscode.Uri.parse(url));
        },
        ...(session
          ? {
              // The same cross-check and log watch the CLI runs with Management API credentials.
              tenant: {
                readPlan: async () => {
                  const plan = await session.check(c);
                  if (!plan) throw new Error(session.planProblem ?? 'the tenant could not be read');
                  readSteps = plan.steps;
                  return plan;
                },
                logs: loadFeature<typeof LogsFeature>('logs').createSdkLogSource(session.session),
                // The attacker probes' token for another API: a throwaway API, recorded for Restore before it exists.
                ...probeAudience(c, session),
              },
              deleteClient: async (clientId: string) => {
                const result = await session.deleteDcrClients([clientId]);
                if (!result.deleted.includes(clientId)) throw new Error(`the test client ${clientId} was not deleted`);
              },
            }
          : { noDeleteReason: 'not connected to Auth0' }),
        onProgress: (event) => {
          if (event.type === 'start') progress.report({ message: `${event.index + 1}/${event.total} ${event.title}`, increment: 100 / event.total });
          else c.log.info(`verify: ${event.result.status} ${event.result.title}: ${event.result.detail}`);
        },
      });
    },
  );
  if (report.testClient) c.log.info(`verify: test client ${report.testClient.clientId}: ${report.testClient.detail}`);
  if (report.probeApi) c.log[report.probeApi.deleted ? 'info' : 'error'](`verify: ${report.probeApi.detail}`);
  for (const check of report.checks) {
    for (const probe of check.probes ?? [])
      c.log.info(`verify probe ${probe.id}: sent ${probe.sent || '-'}; ${probe.request} → ${probe.answer} (${probe.verdict})`);
  }
  // One judgement of the run: the Verify row, the rows it names and the notification all render it.
  const summary = summarizeVerification(report);
  await c.showVerification(verificationToStep(report, summary), summary.findings, readSteps ? [...readSteps] : undefined);
  if (!args.quiet) {
    const message = verificationMessage(summary);
    if (message.severity === 'info') void vscode.window.showInformationMessage(message.text);
    else void showProblem({ ...summary.diagnosis, problem: message.text, fix: summary.diagnosis?.fix ?? '' }, message.severity);
  }
  return report;
}

function probeAudience(
  c: Controller,
  session: NonNullable<Controller['auth0']>,
): Pick<VerifyFeature.VerifyTenantAccess, 'probeAudience' | 'noProbeAudienceReason'> {
  const factory = session.probeAudienceFactory(c);
  return factory
    ? { probeAudience: factory }
    : {
        noProbeAudienceReason:
          'connected with a pasted Management API token, which cannot ask for a token for another API (Connect to Auth0 with a machine-to-machine application)',
      };
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}
