// auth0-mcp logs: the tenant's newest log events with their diagnosis; --follow keeps tailing until Ctrl+C.

import { UserError } from '../core/plan/types';
import { createSdkLogSource, diagnose, diagnosisLines, eventJsonLine, isRelevant, LogTail, summaryLine, type LogEvent, type LogSource } from '../core/logs';
import { EXIT, type CliIO } from './io';
import { AUTH0_OPTIONS, AUTH0_OPTIONS_HELP, auth0Args, loadSession } from './shared-auth0';
import { defineCommand, usageError } from './command';

const HELP = `Usage: auth0-mcp logs [--follow] [--json] [--all] [--interval S] [--query Q]

Prints the tenant's newest log events, each failure with what it means and how to fix it.
By default only events about this setup: the API (AUTH0_RESOURCE_SERVER_URL), ChatGPT's registered (tpc_) apps,
failures and Management API writes.
  --follow, -f             keep polling for new events until Ctrl+C
  --all                    show every event
  --interval <seconds>     time between polls with --follow (default 5)
  --query <lucene>         narrow the first search, e.g. 'type:f' (Auth0 log search syntax)
  --json                   one JSON object per line: {"event": …, "diagnosis": … | null}
${AUTH0_OPTIONS_HELP}`;

export const command = defineCommand({
  help: HELP,
  options: {
    ...AUTH0_OPTIONS,
    follow: { type: 'boolean', short: 'f', default: false },
    all: { type: 'boolean', default: false },
    interval: { type: 'string' },
    query: { type: 'string' },
  },
  run: async (io, args) => {
    const own: LogsArgs = { follow: args.follow, all: args.all, intervalMs: intervalMs(args.interval ?? '5'), query: args.query };
    const { session, resourceUrl: audience } = await loadSession(io, auth0Args(args).flagVars);
    const domain = session.domain.host;
    const print = (event: LogEvent) => {
      if (!own.all && !isRelevant(event, { audience })) return;
      const d = diagnose(event, { domain });
      if (args.json) io.out(eventJsonLine(event, d));
      else for (const line of [summaryLine(event), ...(d ? diagnosisLines(d) : [])]) io.out(line);
    };
    const source = createSdkLogSource(session);
    if (!own.follow) {
      const newestFirst = await source.search({ q: own.query, perPage: 100 });
      [...newestFirst].reverse().forEach(print);
      if (!newestFirst.length) io.err('No log events found.');
      return EXIT.ok;
    }
    return follow(io, source, own, print);
  },
});

interface LogsArgs {
  follow: boolean;
  all: boolean;
  intervalMs: number;
  query?: string;
}

async function follow(io: CliIO, source: LogSource, own: LogsArgs, print: (e: LogEvent) => void): Promise<number> {
  let failed: (error: UserError) => void = () => {};
  const failure = new Promise<UserError>((resolve) => (failed = resolve));
  const tail = new LogTail({
    source,
    intervalMs: own.intervalMs,
    query: own.query,
    onEvents: (events) => events.forEach(print),
    onStatus: (status) => {
      if (status.state === 'failed' && status.error) failed(status.error);
      else if (status.state === 'backing-off' && status.error) {
        io.err(`Waiting ${Math.ceil((status.nextPollInMs ?? 0) / 1000)} s before the next poll: ${status.error.message}`);
      }
    },
  });
  io.err('Following the tenant logs; Ctrl+C stops.');
  tail.start();
  const outcome = await Promise.race([io.stopSignal.then(() => undefined), failure]);
  await tail.stop();
  if (outcome) throw outcome;
  return EXIT.ok;
}

function intervalMs(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw usageError(`--interval must be a number of seconds, e.g. 5 (got "${text}").`);
  }
  return Math.round(seconds * 1000);
}
