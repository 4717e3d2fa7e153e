// auth0-mcp restore: puts back the tenant-wide values that `apply` replaced (kept in .auth0-mcp/).

import { restoreTenant } from '../core/auth0';
import { confirmed } from './args';
import { EXIT, type CliIO } from './io';
import { readRestoreRecord, replaceRestoreRecord, restoreFilePath } from './restore-file';
import { AUTH0_OPTIONS_HELP, loadSession, parseAuth0Args } from './shared-auth0';

export const HELP = `Usage: auth0-mcp restore [--yes] [--json]

Puts back the tenant settings, the DCR flag and the connections' domain level as they were before "auth0-mcp apply"
changed them (from .auth0-mcp/restore-<tenant>.json). APIs and grants that apply created are left in place.
  --yes                    restore without asking (required when there is no terminal to ask on)
${AUTH0_OPTIONS_HELP}

Exit codes: 0 restored (or nothing to restore), 1 failure.`;

export async function run(io: CliIO): Promise<number> {
  const args = parseAuth0Args(io.argv, { yes: true });
  if (args.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const { session } = await loadSession(io, args.flagVars);
  const host = session.domain.host;
  const record = await readRestoreRecord(io.cwd, host);
  const lines = record
    ? [
        ...Object.entries(record.settings).map(([k, v]) => `  ${k} → ${JSON.stringify(v)}`),
        ...Object.entries(record.flags).map(([k, v]) => `  flags.${k} → ${JSON.stringify(v)}`),
        ...record.connections.map((c) => `  ${c.name}: is_domain_connection → ${c.isDomainConnection}`),
      ]
    : [];
  if (!record || lines.length === 0) {
    if (args.json) io.out(JSON.stringify({ restored: [], failed: [] }));
    else io.out(`Nothing to restore for ${host} (${restoreFilePath(io.cwd, host)} does not exist or is empty).`);
    return EXIT.ok;
  }
  if (!args.json) io.out(`Restore on ${host}:\n${lines.join('\n')}`);
  const refusal = 'Refusing to restore without confirmation: pass --yes (no terminal to ask on).';
  if (!(await confirmed(io, { yes: args.yes, question: 'Restore these values?', refusal }))) return EXIT.failure;
  const report = await restoreTenant(session, record);
  await replaceRestoreRecord(io.cwd, host, report.remaining);
  if (args.json) io.out(JSON.stringify({ restored: report.restored, failed: report.failed }, null, 2));
  else io.out(`Restored ${report.restored.length} value(s).`);
  for (const f of report.failed) io.err(`Not restored: ${f.what}: ${f.message}\nFix: ${f.fix}`);
  return report.failed.length ? EXIT.failure : EXIT.ok;
}
