// The CLI's command table. Each entry loads its module on demand so `--help` stays instant.

import type { CliCommand } from './command';

export interface CommandEntry {
  summary: string;
  load(): Promise<CliCommand>;
}

export const commands: Record<string, CommandEntry> = {
  init: { summary: 'create your own Auth0-protected MCP server project in an empty folder', load: async () => (await import('./init')).command },
  login: {
    summary: "create the product's own Auth0 application from one Management API token and keep its credentials",
    load: async () => (await import('./login')).command,
  },
  logout: { summary: 'forget the stored credentials; offers to delete the application login made', load: async () => (await import('./logout')).command },
  plan: { summary: 'show what the Auth0 tenant is missing for a ChatGPT app (exit 3: changes pending)', load: async () => (await import('./plan')).command },
  apply: { summary: 'configure the Auth0 tenant: writes only what differs (--yes to skip the prompt)', load: async () => (await import('./apply')).command },
  restore: { summary: 'put back the tenant settings that apply changed (kept in .auth0-mcp/)', load: async () => (await import('./restore')).command },
  clients: {
    summary: 'list the tpc_ clients dynamic registration left behind; --delete the ones you name',
    load: async () => (await import('./clients')).command,
  },
  serve: { summary: 'run the Auth0-protected MCP server locally', load: async () => (await import('./serve')).command },
  logs: { summary: 'print the tenant log events, each failure explained with its fix (--follow to tail)', load: async () => (await import('./logs')).command },
  status: {
    summary: 'print every setup step with its status and fix, as far as the command line can know them',
    load: async () => (await import('./status')).command,
  },
  verify: {
    summary: 'check the public URL the way ChatGPT will, each failure with its fix (--no-login: unattended)',
    load: async () => (await import('./verify')).command,
  },
};
