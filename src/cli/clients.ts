// auth0-mcp clients: lists the dynamically registered (tpc_) clients ChatGPT left behind, and deletes only the ones
// named with --delete (never all of them, never a first-party application).

import { deleteDcrClients, scanDcrClients } from '../core/auth0';
import { confirmed } from './args';
import { defineCommand } from './command';
import { EXIT } from './io';
import { AUTH0_OPTIONS, AUTH0_OPTIONS_HELP, auth0Args, loadSession } from './shared-auth0';

const HELP = `Usage: auth0-mcp clients [--json] [--delete <client_id>]... [--yes]

Lists the clients that dynamic registration created (client ids starting with tpc_): ChatGPT registers one per
connection attempt, and failed attempts leave them behind. With --delete, deletes exactly the clients named.
  --delete <client_id>     delete this tpc_ client (repeatable); anything else is refused
  --yes                    delete without asking (required when there is no terminal to ask on)
${AUTH0_OPTIONS_HELP}

Exit codes: 0 listed (or every named client deleted), 1 failure.`;

export const command = defineCommand({
  help: HELP,
  options: { ...AUTH0_OPTIONS, yes: { type: 'boolean', default: false }, delete: { type: 'string', multiple: true, default: [] } },
  run: async (io, args) => {
    const deleteClients = args.delete;
    const { session } = await loadSession(io, auth0Args(args).flagVars);
    if (deleteClients.length === 0) {
      const clients = await scanDcrClients(session);
      if (args.json) io.out(JSON.stringify({ clients }, null, 2));
      else if (clients.length === 0) io.out(`No dynamically registered clients on ${session.domain.host}.`);
      else for (const c of clients) io.out(`${c.clientId}  ${c.name ?? ''}  ${c.callbacks.join(', ')}`.trimEnd());
      return EXIT.ok;
    }
    const refusal = 'Refusing to delete without confirmation: pass --yes (no terminal to ask on).';
    if (!(await confirmed(io, { yes: args.yes, question: `Delete ${deleteClients.join(', ')}?`, refusal }))) return EXIT.failure;
    const report = await deleteDcrClients(session, deleteClients);
    if (args.json) io.out(JSON.stringify(report, null, 2));
    else for (const id of report.deleted) io.out(`Deleted ${id}`);
    for (const f of report.failed) io.err(`Not deleted: ${f.id}: ${f.message}\nFix: ${f.fix}`);
    return report.failed.length ? EXIT.failure : EXIT.ok;
  },
});
