// auth0-mcp restore: puts back what `apply` changed (its journal in .auth0-mcp/): settings, connections, API fields,
// and deletes the API and default grant apply created.

import { projectRestoreJournal, restorePreview, restoreTenant } from '../core/auth0';
import { confirmed } from './args';
import { defineCommand } from './command';
import { EXIT } from './io';
import { AUTH0_OPTIONS, AUTH0_OPTIONS_HELP, auth0Args, loadSession } from './shared-auth0';

const HELP = `Usage: auth0-mcp restore [--yes] [--json]

Puts the tenant back as "auth0-mcp apply" first found it (from .auth0-mcp/restore-<tenant>.jsonl): the tenant
settings, the DCR flag, the connections' domain level and the API's fields; the API and the default permissions
that apply created are deleted. A write whose answer never came (a timeout, a crash) is restored too; one the tenant
refused is not. Without --yes the plan is shown first. Entries this product never writes (a journal carried in a
repository: other fields, other kinds, values of the wrong shape) are named and refused, and an API is deleted only
if its name says this product created it.
  --yes                    restore without asking (required when there is no terminal to ask on)
${AUTH0_OPTIONS_HELP}

Exit codes: 0 restored (or nothing to restore), 1 failure or refused entries.`;

export const command = defineCommand({
  help: HELP,
  options: { ...AUTH0_OPTIONS, yes: { type: 'boolean', default: false } },
  run: async (io, args) => {
    const { session, destination } = await loadSession(io, auth0Args(args).flagVars);
    if (!args.json) io.out(`${destination}.`);
    const host = session.domain.host;
    const journal = projectRestoreJournal(io.cwd, host);
    const record = await journal.read();
    const refused = record.refused ?? [];
    // Entries this product never writes (a journal carried in a repository) are named and never acted on.
    for (const r of refused) io.err(`Refused: ${r.what}: ${r.reason}. This product never writes it; it is not restored.`);
    if (refused.length) io.err(`Fix: check where ${journal.path} came from; a journal carried in a repository is not yours to restore (move it away).`);
    if (record.entries.length === 0) {
      if (args.json) io.out(JSON.stringify({ restored: [], failed: [], ...(refused.length ? { refused } : {}) }));
      else io.out(`Nothing to restore for ${host} (${journal.path} does not exist or holds nothing left to restore).`);
      return refused.length ? EXIT.failure : EXIT.ok;
    }
    // The plan first, always: without --yes and without a terminal, this is all that happens.
    if (!args.json) io.out(`Restore on ${host}:\n${restorePreview({ ...record, refused: [] }).map((line) => `  ${line}`).join('\n')}`);
    const refusal = 'Refusing to restore without confirmation: pass --yes (no terminal to ask on).';
    if (!(await confirmed(io, { yes: args.yes, question: 'Restore these values?', refusal }))) return EXIT.failure;
    const report = await restoreTenant(session, record);
    await journal.markRestored(report.restoredKeys);
    if (args.json) io.out(JSON.stringify({ restored: report.restored, failed: report.failed, ...(refused.length ? { refused } : {}) }, null, 2));
    else io.out(`Restored ${report.restored.length} value(s).`);
    for (const f of report.failed) io.err(`Not restored: ${f.what}: ${f.message}\nFix: ${f.fix}`);
    return report.failed.length || refused.length ? EXIT.failure : EXIT.ok;
  },
});
