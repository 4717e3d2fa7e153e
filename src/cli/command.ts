// What a CLI command is: its help, its flags declared once (node:util parseArgs), and what it does with them. Every
// usage error, from the parser or from a flag's value, takes one path: main prints it with that command's help, exit 2.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/plan/types';
import { EXIT, type CliIO } from './io';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

type ParseConfig<O extends CliOptions> = { args: string[]; options: O & typeof HELP_OPTION; strict: true; allowPositionals: boolean };

/** The parsed flags of a command whose options are `O` (plus --help). */
export type Flags<O extends CliOptions> = ReturnType<typeof parseArgs<ParseConfig<O>>>['values'];

/** What main runs: the command's help (printed with every usage error) and the command itself. */
export interface CliCommand {
  help: string;
  execute(io: CliIO): Promise<number>;
}

/**
 * A command from its help, its options (declared here only) and what it does with the parsed flags; `positionals`
 * is how many plain arguments it takes (default none).
 */
export function defineCommand<const O extends CliOptions>(spec: {
  help: string;
  options: O;
  positionals?: number;
  run(io: CliIO, flags: Flags<O>, positionals: string[]): Promise<number>;
}): CliCommand {
  return {
    help: spec.help,
    execute: async (io) => {
      const { values: flags, positionals } = parseArguments(io.argv, spec.options, spec.positionals ?? 0);
      if ((flags as { help?: boolean }).help) {
        io.out(spec.help);
        return EXIT.ok;
      }
      return spec.run(io, flags, positionals);
    },
  };
}

/** Wrong flags or values: main prints the message and the command's help, and exits 2. */
export function usageError(message: string): UserError {
  return new UserError(message, 'The options are below.', 'usage');
}

export function parseFlags<O extends CliOptions>(argv: readonly string[], options: O): Flags<O> {
  return parseArguments(argv, options, 0).values;
}

function parseArguments<O extends CliOptions>(argv: readonly string[], options: O, maxPositionals: number): { values: Flags<O>; positionals: string[] } {
  let parsed: { values: Flags<O>; positionals: string[] };
  try {
    const config = { args: [...argv], options: { ...options, ...HELP_OPTION }, strict: true, allowPositionals: maxPositionals > 0 } as ParseConfig<O>;
    parsed = parseArgs(config);
  } catch (error) {
    throw usageError(usageMessage(error, argv));
  }
  const extra = parsed.positionals[maxPositionals];
  if (extra !== undefined) throw usageError(`Unexpected argument "${extra}".`);
  return parsed;
}

/** parseArgs' messages, shortened to what was wrong. */
function usageMessage(error: unknown, argv: readonly string[]): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^ ']+)/.exec(message ?? '')?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option "${option ?? '?'}".`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing|ambiguous/.test(message ?? '') ? `${option} needs a value.` : `${option} takes no value.`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `Unexpected argument "${argv.find((a) => !a.startsWith('-')) ?? '?'}".`;
  return message ?? String(error);
}
