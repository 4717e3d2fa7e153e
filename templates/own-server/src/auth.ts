// Who is calling: the Auth0 access token from the Authorization header (never the URL), checked with jose: signed by
// your tenant's keys with RS256, issued by your tenant, for this server (audience), not expired. No token means
// "signed out" (public tools answer, the others ask for a sign-in); a bad token is always refused with 401.

import type { RequestHandler } from 'express';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Config } from './config.js';

export function authenticate(config: Config, resourceMetadataUrl: string): RequestHandler {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  const verifier = {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      const { payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.resource,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      }).catch((error: unknown) => {
        // jose's errors (bad signature, wrong audience, expired…) are the token's: 401. A failed fetch of the keys: 500.
        throw error instanceof errors.JOSEError ? new InvalidTokenError(error.message) : error;
      });
      return {
        token,
        clientId: typeof payload.azp === 'string' ? payload.azp : '',
        scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
        expiresAt: payload.exp,
        extra: { sub: payload.sub },
      };
    },
  };
  const requireToken = requireBearerAuth({ verifier, resourceMetadataUrl });

  return (req, res, next) => {
    if (req.query.access_token !== undefined) {
      // A token in the URL leaks into logs and histories: MCP clients send it in the Authorization header only.
      const description = 'Send the access token in the Authorization header, not in the URL';
      res.set('WWW-Authenticate', `Bearer error="invalid_request", error_description="${description}", resource_metadata="${resourceMetadataUrl}"`);
      res.status(401).json({ error: 'invalid_request', error_description: description });
      return;
    }
    if (req.headers.authorization === undefined) return next();
    return requireToken(req, res, next);
  };
}
