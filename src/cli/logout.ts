// auth0-mcp logout: forgets the stored login of one tenant and, when asked, deletes the product's own application
// there (with its own credentials, which can delete clients and their grants).

import { createManagementSession, deleteOwnApplication, sessionOptions } from '../core/auth0';
import { UserError } from '../core/plan/types';
import { confirmed } from './args';
import { defineCommand } from './command';
import { EXIT } from './io';
import { findLogin, loginAccess, loginStore } from './login-source';

const HELP = `Usage: auth0-mcp logout [--domain <domain>] [--yes | --keep-app]

Forgets the credentials "auth0-mcp login" stored for a tenant, and offers to delete the product's own application
there (it counts towards the Free plan's 10 applications).
  --domain <domain>   the tenant (needed only when several are logged in)
  --yes               delete the application without asking
  --keep-app          keep the application (only forget its credentials here)
  -h, --help          show this help

Exit codes: 0 logged out, 1 failure.`;

export const command = defineCommand({
  help: HELP,
  options: { domain: { type: 'string' }, yes: { type: 'boolean', default: false }, 'keep-app': { type: 'boolean', default: false } },
  run: async (io, args) => {
    const login = await findLogin(io, args.domain ?? io.env.AUTH0_DOMAIN);
    const store = loginStore(io);
    if (!login || !store) {
      io.out('No stored login to forget.');
      return EXIT.ok;
    }
    let deleteApp = false;
    if (login.ownApp && !args['keep-app']) {
      deleteApp = await confirmed(io, {
        yes: args.yes,
        question: `Also delete the application "${login.applicationName ?? login.clientId}" (${login.clientId}) from ${login.managementHost}?`,
        refusal: `Keeping the application ${login.clientId} (no terminal to ask on; pass --yes to delete it).`,
      });
    }
    if (deleteApp) {
      const session = createManagementSession(sessionOptions(loginAccess(login, io.env.AUTH0_MCP_MANAGEMENT_ORIGIN)));
      try {
        const deleted = await deleteOwnApplication(session, store.journal(login.managementHost), login.clientId);
        io.out(deleted ? `Deleted the application ${login.clientId} and its Management API grant.` : `The application ${login.clientId} was already gone.`);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        // Kept: the credentials are the only way the product can still delete it.
        throw new UserError(
          `Could not delete the application ${login.clientId}: ${error.message}`,
          `${error.fix} Or delete it in the dashboard (Applications), then run "auth0-mcp logout --keep-app".`,
          error.code,
        );
      }
    } else if (login.ownApp) {
      io.out(`The application ${login.clientId} stays on ${login.managementHost}; delete it in the dashboard (Applications) when you no longer need it.`);
    }
    await store.forget(login.managementHost);
    io.out(`Logged out of ${login.domain}: its credentials were removed from ${store.path}.`);
    return EXIT.ok;
  },
});
