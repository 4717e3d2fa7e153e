// The server's settings, from the environment (`npm start` also reads .env in this folder).

export interface Config {
  port: number;
  /** The interface to listen on: loopback unless HOST says otherwise (a tunnel reaches loopback). */
  host: string;
  /** Your Auth0 tenant, which signs the access tokens: `https://<AUTH0_DOMAIN>/`. */
  issuer: string;
  jwksUri: string;
  /** The Auth0 API identifier: the public URL ChatGPT connects to, byte for byte. Tokens must name it as audience. */
  resource: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const domain = env.AUTH0_DOMAIN?.replace(/^https:\/\//, '').replace(/\/+$/, '');
  if (!domain) throw new Error('Set AUTH0_DOMAIN (in .env) to your Auth0 tenant domain, e.g. my-tenant.us.auth0.com.');
  const port = Number(env.PORT || 3000);
  const issuer = `https://${domain}/`;
  return {
    port,
    host: env.HOST || '127.0.0.1',
    issuer,
    jwksUri: `${issuer}.well-known/jwks.json`,
    resource: env.AUTH0_RESOURCE_SERVER_URL || `http://localhost:${port}`,
  };
}
