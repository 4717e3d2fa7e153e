// Loads a feature bundle (dist/features/*.js) on first use, so activation never pays for the auth0 SDK,
// the MCP SDK with express, or the ngrok native module.

import * as path from 'node:path';

export type FeatureName = 'auth0' | 'mcp' | 'tunnel' | 'logs' | 'verify';

const cache = new Map<FeatureName, unknown>();

export function loadFeature<T>(name: FeatureName): T {
  let mod = cache.get(name);
  if (!mod) {
    // A computed path keeps esbuild from inlining the bundle into extension.js.
    const file = path.join(__dirname, 'features', `${name}.js`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(file);
    cache.set(name, mod);
  }
  return mod as T;
}
