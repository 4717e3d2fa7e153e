// Pure: why an advertised `resource` differs from the expected identifier. ChatGPT sends the advertised value
// verbatim to Auth0, which needs it byte for byte equal to the API identifier, so every difference matters.

import type { Diagnosis, FixAction } from '../plan/types';

/** The backend .env step of the checklist: where AUTH0_RESOURCE_SERVER_URL and AUTH0_DOMAIN are written. */
export const ENV_FIX: FixAction = { kind: 'apply', stepId: 'env', label: 'Update the backend .env' };

export function compareResource(advertised: string, expected: string): Diagnosis | undefined {
  if (advertised === expected) return undefined;
  const fix = `Make the server advertise exactly "${expected}": set AUTH0_RESOURCE_SERVER_URL to it in the server's environment and restart the server.`;
  const head = `The server advertises resource "${advertised}" but the identifier is "${expected}"`;
  const tail = 'ChatGPT sends the advertised value to Auth0, which answers "Service not found" unless it equals the API identifier byte for byte.';
  const problem = (why: string) => ({ problem: `${head}: ${why}. ${tail}`, fix, action: ENV_FIX });

  if (advertised.replace(/\/+$/, '') === expected.replace(/\/+$/, '')) return problem('they differ only by a trailing slash');
  const a = tryUrl(advertised);
  const e = tryUrl(expected);
  if (!a || !e) return problem('one of them is not a URL');
  if (a.href === e.href) return problem('they differ only in letter case or in how the URL is written');
  if (a.host === e.host && a.protocol !== e.protocol) return problem(`the scheme differs (${a.protocol.slice(0, -1)} vs ${e.protocol.slice(0, -1)})`);
  if (a.origin === e.origin) return problem(`the path differs ("${a.pathname}" vs "${e.pathname}")`);
  return {
    problem: `${head}: another host, probably a previous tunnel URL. ${tail}`,
    fix: `${fix} If the public URL changed, update the Auth0 API too.`,
    action: ENV_FIX,
  };
}

function tryUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
