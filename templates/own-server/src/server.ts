// `npm start`: the MCP server on PORT (default 3000), configured by .env.

import { createApp } from './app.js';
import { loadConfig } from './config.js';

try {
  process.loadEnvFile();
} catch {
  // No .env: the environment alone.
}
const config = loadConfig();
createApp(config).listen(config.port, config.host, (error) => {
  if (error) throw error;
  console.log(`MCP server on http://${config.host}:${config.port}/mcp for ${config.resource}, trusting ${config.issuer}`);
});
