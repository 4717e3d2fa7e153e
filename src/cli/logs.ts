// auth0-mcp logs: the tenant's newest log events with their diagnosis; --follow keeps tailing until Ctrl+C.

import { UserError } from '../core/plan/types';
import { createSdkLogSource, diagnose, diagnosisLines, eventJsonLine, isRelevant, LogTail, summaryLine, type LogEvent, type LogSource } from '../core/logs';
import { EXIT, type CliIO } from './io';
import { AUTH0_OPTIONS_HELP, loadSession, parseAuth0Args } from './shared-auth0';

export const HELP = `Usage: auth0-mcp logs [--follow] [--json] [--all] [--interval S] [--query Q]

Prints the tenant's newest log events, each failure with what it means and how to fix it.
By default only events about this setup: the API (AUTH0_RESOURCE_SERVER_URL), ChatGPT's registered (tpc_) apps,
failures and Management API writes.
  --follow, -f             keep polling for new events until Ctrl+C
  --all                    show every event
  --interval <seconds>     time between polls with --follow (default 5)
  --query <lucene>         narrow the first search, e.g. 'type:f' (Auth0 log search syntax)
  --json                   one JSON object per line: {"event": …, "diagnosis": … | null}
${AUTH0_OPTIONS_HELP}`;

interface LogsArgs {
  follow: boolean;
  all: boolean;
  intervalMs: number;
  query?: string;
  /** Everything else, for the shared Auth0 option parser. */
  rest: string[];
}

export async function run(io: CliIO): Promise<number> {
  const own = parseLogsArgs(io.argv);
  const args = parseAuth0Args(own.rest);
  if (args.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const { session, resourceUrl: audience } = await loadSession(io, args.flagVars);
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

function parseLogsArgs(argv: readonly string[]): LogsArgs {
  const args: LogsArgs = { follow: false, all: false, intervalMs: 5000, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UserError(`${flag} needs a value.`, 'Run "auth0-mcp logs --help" for its options.', 'usage');
      return v;
    };
    if (flag === '--follow' || flag === '-f') args.follow = true;
    else if (flag === '--all') args.all = true;
    else if (flag === '--query') args.query = value();
    else if (flag === '--interval') args.intervalMs = intervalMs(value());
    else args.rest.push(argv[i]);
  }
  return args;
}

function intervalMs(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new UserError(`--interval must be a number of seconds, e.g. 5 (got "${text}").`, 'Pass --interval 5, or leave it out.', 'usage');
  }
  return Math.round(seconds * 1000);
}
