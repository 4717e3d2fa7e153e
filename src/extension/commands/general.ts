import type { CommandHandler } from '../commands';

export const generalCommands: Record<string, CommandHandler> = {
  'auth0Mcp.refresh': (c) => (c.auth0 ? c.checkTenant() : c.refresh('user asked')),
  'auth0Mcp.showLog': (c) => c.log.show(),
};
