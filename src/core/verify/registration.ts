// Register a temporary client the way ChatGPT does (its DCR metadata, plus the loopback redirect a browser sign-in
// needs), and delete it afterwards through the injected deleter, so verification leaves no stray application.

import { registerClient } from '@modelcontextprotocol/sdk/client/auth.js';
import { asDiagnosis, diagnose } from '../logs/diagnose';
import type { Diagnosis } from '../plan/types';
import { chatgptClientMetadata } from './chatgpt-request';
import type { VerifyContext } from './context';
import { DCR_FIX } from './authorization-server-check';
import { startRedirectListener } from './loopback-redirect';
import { fail, pass, type CheckOutcome, type TestClientCleanup, type VerifyOptions } from './types';
import { errorMessage } from '../plan/types';

/** Pure: why ChatGPT's registration was refused. DCR off still lists registration_endpoint, so only this shows it. */
export function registrationDiagnosis(message: string): Diagnosis {
  const found = diagnose({ log_id: 'registration', date: '', type: 'f', description: message });
  if (found?.action?.kind === 'apply') return { ...asDiagnosis(found), problem: `Dynamic Client Registration failed: "${message}". ${found.explanation}` };
  return {
    problem: `Dynamic Client Registration failed: ${message}.`,
    fix: 'Turn on Dynamic Client Registration and keep it open (no initial access token), as ChatGPT registers without one.',
    action: DCR_FIX,
  };
}

export { TEST_CLIENT_NAME } from './chatgpt-request';

export async function checkRegistration(ctx: VerifyContext): Promise<CheckOutcome> {
  const metadata = ctx.asMetadata;
  if (!metadata || !ctx.issuer) return fail('no authorization server metadata', { problem: 'No metadata to register with.', fix: 'Fix the previous check.' });
  // Unattended runs never receive a redirect: ChatGPT's own redirect is enough for the probe.
  if (ctx.options.login !== false) {
    ctx.redirect = await startRedirectListener();
    ctx.redirectUri = ctx.redirect.redirectUri;
  }
  const clientMetadata = chatgptClientMetadata(ctx.redirectUri);
  try {
    ctx.client = await registerClient(ctx.issuer, { metadata, fetchFn: ctx.fetch, clientMetadata });
  } catch (error) {
    const message = errorMessage(error);
    return fail(`POST ${metadata.registration_endpoint}: ${message}`, registrationDiagnosis(message));
  }
  return pass(`Registered ${ctx.client.client_id} with ChatGPT's metadata (redirects ${clientMetadata.redirect_uris.join(', ')})`);
}

/** Deletes the test client if one was registered. Never throws: the outcome goes in the report. */
export async function deleteTestClient(clientId: string | undefined, options: VerifyOptions): Promise<TestClientCleanup | undefined> {
  if (!clientId) return undefined;
  if (!options.deleteClient) {
    const why = options.noDeleteReason ?? 'no way to delete it was given';
    return { clientId, deleted: false, detail: `not deleted: ${why}; delete ${clientId} in the Auth0 dashboard (Applications)` };
  }
  try {
    await options.deleteClient(clientId);
    return { clientId, deleted: true, detail: `deleted ${clientId}` };
  } catch (error) {
    const fix = (error as { fix?: unknown }).fix;
    const message = errorMessage(error);
    const then = `Delete ${clientId} in the Auth0 dashboard (Applications) or with "auth0-mcp clients --delete ${clientId}".`;
    return { clientId, deleted: false, detail: `not deleted: ${message}${typeof fix === 'string' ? ` ${fix}` : ''} ${then}` };
  }
}
