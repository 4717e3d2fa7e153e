// Realistic tenant log events (types, descriptions and fields as Auth0 writes them; see shared notes "Logs"),
// for the catalogue's unit tests and for seeding the Management API stand-in's `data.logs`.

export const API = 'https://mcp-demo.ngrok-free.app/';
export const DCR_CLIENT = 'tpc_9xQm2LkT4v8RZb1NwY3c';
const M2M_CLIENT = 'Wq3kPb7nT0cL5mZr8YvXe2aHsD4fJ6gN';

let seq = 0;
/** Auth0 log ids are long digit strings that grow with time; the stand-in keeps `data.logs` oldest first. */
export function nextLogId(): string {
  seq++;
  return `900202605011200${String(Date.now()).padStart(16, '0')}${String(seq).padStart(8, '0')}00000000000000`;
}

export type Raw = Record<string, unknown>;

export function event(fields: Raw): Raw {
  return {
    log_id: nextLogId(),
    date: new Date(Date.UTC(2026, 4, 1, 12, 0, seq % 60)).toISOString(),
    ip: '203.0.113.7',
    user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/136.0.0.0',
    hostname: 'mcp-demo.us.auth0.com',
    ...fields,
  };
}

const chatgpt = { client_id: DCR_CLIENT, client_name: 'ChatGPT' };

/** One event per catalogue entry, keyed by the entry id it must match. */
export const failures: Record<string, () => Raw> = {
  'no-connections': () =>
    event({
      type: 'f',
      description: 'no connections enabled for the client',
      ...chatgpt,
      details: { qs: { client_id: DCR_CLIENT, resource: API, response_type: 'code' } },
    }),
  'third-party-not-authorized': () =>
    event({
      type: 'f',
      description: `Client "${DCR_CLIENT}" is not authorized to access resource server "${API}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
      ...chatgpt,
      audience: API,
    }),
  'verify-control-request': () => event({ type: 'f', description: 'Service not found: https://auth0-mcp-verify.invalid/3fa9c2d41b07', ...chatgpt }),
  'service-not-found': () => event({ type: 'f', description: 'Service not found: https://old-tunnel.ngrok-free.app', ...chatgpt }),
  'callback-mismatch': () =>
    event({
      type: 'f',
      description: 'Callback URL mismatch. https://chatgpt.com/connector_platform_oauth_redirect is not in the list of allowed callback URLs',
      client_id: 'hAnDmAdEcLiEnT00000000000000000',
      client_name: 'My MCP app',
    }),
  'cimd-unknown-client': () => event({ type: 'f', description: 'Unknown client: https://chatgpt.com/oauth/a1b2c3d4/client.json' }),
  'unknown-client': () => event({ type: 'f', description: 'Unknown client: tpc_deletedEarlier00000001' }),
  'pkce-verifier': () => event({ type: 'feacft', description: 'Failed to verify code verifier', ...chatgpt, user_id: '' }),
  'grant-type-not-allowed': () =>
    event({ type: 'fertft', description: "Grant type 'refresh_token' not allowed for the client.", ...chatgpt, user_name: 'ada@example.com' }),
  'management-not-authorized': () =>
    event({
      type: 'feccft',
      description:
        'Client is not authorized to access "https://mcp-demo.us.auth0.com/api/v2/". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants',
      client_id: M2M_CLIENT,
      client_name: 'auth0-mcp (M2M)',
      audience: 'https://mcp-demo.us.auth0.com/api/v2/',
    }),
  'dcr-disabled': () => event({ type: 'f', description: 'dynamic client registration is disabled' }),
  'userinfo-audience': () =>
    event({ type: 'f', description: 'The userinfo audience is not allowed for third party clients. Please specify a valid API audience.', ...chatgpt }),
  'custom-domain-management-audience': () =>
    event({
      type: 'feccft',
      description: 'Service not enabled within domain: https://login.example.com/api/v2/',
      client_id: M2M_CLIENT,
      client_name: 'auth0-mcp (M2M)',
    }),
  'opaque-token': () =>
    event({
      type: 'seacft',
      description: 'Authorization Code for Access Token',
      ...chatgpt,
      audience: 'https://mcp-demo.us.auth0.com/userinfo',
      scope: 'openid profile email',
    }),
  'refresh-failed': () => event({ type: 'fertft', description: 'Unknown or invalid refresh token.', ...chatgpt, user_name: 'ada@example.com' }),
  'rate-limit': () => event({ type: 'api_limit', description: "You passed the limit of allowed calls to '/api/v2/logs'", client_id: M2M_CLIENT }),
  'attack-protection-block': () =>
    event({
      type: 'limit_wc',
      description: 'An IP address was blocked after reaching the maximum failed login attempts into a single account.',
      user_name: 'ada@example.com',
      connection: 'Username-Password-Authentication',
    }),
  'breached-password': () => event({ type: 'pwd_leak', description: 'Breached password', user_name: 'ada@example.com', ...chatgpt }),
  'deprecation-notice': () =>
    event({
      type: 'depnote',
      description: 'Enabled clients on connections via the "enabled_clients" field is deprecated; use /api/v2/connections/{id}/clients.',
      client_id: M2M_CLIENT,
    }),
  // Wording unsourced (see the catalogue entry): a refusal naming the scope.
  'scope-not-granted': () =>
    event({ type: 'f', description: 'The scope notes:write is not allowed for this client', ...chatgpt, audience: API, user_name: 'ada@example.com' }),
  'consent-denied': () => event({ type: 'f', description: 'User did not authorize the request', ...chatgpt, user_name: 'ada@example.com' }),
  'wrong-password': () =>
    event({ type: 'fp', description: 'Wrong email or password.', user_name: 'ada@example.com', connection: 'Username-Password-Authentication', ...chatgpt }),
  'wrong-user': () =>
    event({ type: 'fu', description: 'Wrong email or password.', user_name: 'nobody@example.com', connection: 'Username-Password-Authentication', ...chatgpt }),
};

/** Ordinary events no catalogue entry should claim. */
export const ordinary: Record<string, () => Raw> = {
  'successful login': () =>
    event({ type: 's', description: 'Successful login', ...chatgpt, user_name: 'ada@example.com', connection: 'Username-Password-Authentication' }),
  'code exchange with the API audience': () =>
    event({ type: 'seacft', description: 'Authorization Code for Access Token', ...chatgpt, audience: API, scope: 'openid profile email' }),
  'DCR registration': () =>
    event({
      type: 'sapi',
      description: 'Dynamic client registration',
      client_id: DCR_CLIENT,
      details: { request: { method: 'post', path: '/oidc/register' } },
    }),
  'management write by the engine': () => event({ type: 'sapi', description: 'Update tenant settings', client_id: M2M_CLIENT }),
  'client credentials exchange': () =>
    event({ type: 'seccft', description: 'Client Credentials for Access Token', client_id: M2M_CLIENT, audience: 'https://mcp-demo.us.auth0.com/api/v2/' }),
  'unrelated app success': () =>
    event({ type: 's', description: 'Successful login', client_id: 'otherWebApp0000000000000000000', client_name: 'Storefront', user_name: 'bob@example.com' }),
  'login failure unrelated to the recipe': () => event({ type: 'f', description: 'Invalid state', client_id: 'otherWebApp0000000000000000000' }),
  'flows execution (not a failure although it starts with f)': () =>
    event({ type: 'flows_execution_completed', description: 'Flow executed', client_id: 'otherWebApp0000000000000000000' }),
  'cors failure': () => event({ type: 'fco', description: 'Origin https://evil.example is not allowed.', client_id: 'otherWebApp0000000000000000000' }),
};
