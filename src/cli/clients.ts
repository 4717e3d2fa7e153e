// auth0-mcp clients: lists the dynamically registered (tpc_) clients ChatGPT left behind, and deletes only the ones
// named with --delete (never all of them, never a first-party application).

import { deleteDcrClients, scanDcrClients } from '../core/auth0';
import { confirmed } from './args';
import { EXIT, type CliIO } from './io';
import { AUTH0_OPTIONS_HELP, loadSession, parseAuth0Args } from './shared-auth0';

export const HELP = `Usage: auth0-mcp clients [--json] [--delete <client_id>]... [--yes]

Lists the clients that dynamic registration created (client ids starting with tpc_): ChatGPT registers one per
connection attempt, and failed attempts leave them behind. With --delete, deletes exactly the clients named.
  --delete <client_id>     delete this tpc_ client (repeatable); anything else is refused
  --yes                    delete without asking (required when there is no terminal to ask on)
${AUTH0_OPTIONS_HELP}

Exit codes: 0 listed (or every named client deleted), 1 failure.`;

export async function run(io: CliIO): Promise<number> {
  const args = parseAuth0Args(io.argv, { yes: true, delete: true });
  if (args.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const { session } = await loadSession(io, args.flagVars);
  if (args.deleteClients.length === 0) {
    const clients = await scanDcrClients(session);
    if (args.json) io.out(JSON.stringify({ clients }, null, 2));
    else if (clients.length === 0) io.out(`No dynamically registered clients on ${session.domain.host}.`);
    else for (const c of clients) io.out(`${c.clientId}  ${c.name ?? ''}  ${c.callbacks.join(', ')}`.trimEnd());
    return EXIT.ok;
  }
  const refusal = 'Refusing to delete without confirmation: pass --yes (no terminal to ask on).';
  if (!(await confirmed(io, { yes: args.yes, question: `Delete ${args.deleteClients.join(', ')}?`, refusal }))) return EXIT.failure;
  const report = await deleteDcrClients(session, args.deleteClients);
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else for (const id of report.deleted) io.out(`Deleted ${id}`);
  for (const f of report.failed) io.err(`Not deleted: ${f.id}: ${f.message}\nFix: ${f.fix}`);
  return report.failed.length ? EXIT.failure : EXIT.ok;
}
