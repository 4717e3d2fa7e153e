// What a CLI command is: its help, its flags declared once (node:util parseArgs), and what it does with them. Every
// usage error, from the parser or from a flag's value, takes one path: main prints it with that command's help, exit 2.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/plan/types';
import { EXIT, type CliIO } from './io';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

type ParseConfig<O extends CliOptions> = { args: string[]; options: O & typeof HELP_OPTION; strict: true; allowPositionals: false };

/** The parsed flags of a command whose options are `O` (plus --help). */
export type Flags<O extends CliOptions> = ReturnType<typeof parseArgs<ParseConfig<O>>>['values'];

/** What main runs: the command's help (printed with every usage error) and the command itself. */
export interface CliCommand {
  help: string;
  execute(io: CliIO): Promise<number>;
}

/** A command from its help, its options (declared here only) and what it does with the parsed flags. */
export function defineCommand<const O extends CliOptions>(spec: { help: string; options: O; run(io: CliIO, flags: Flags<O>): Promise<number> }): CliCommand {
  return {
    help: spec.help,
    execute: async (io) => {
      const flags = parseFlags(io.argv, spec.options);
      if ((flags as { help?: boolean }).help) {
        io.out(spec.help);
        return EXIT.ok;
      }
      return spec.run(io, flags);
    },
  };
}

/** Wrong flags or values: main prints the message and the command's help, and exits 2. */
export function usageError(message: string): UserError {
  return new UserError(message, 'The options are below.', 'usage');
}

export function parseFlags<O extends CliOptions>(argv: readonly string[], options: O): Flags<O> {
  try {
    const config = { args: [...argv], options: { ...options, ...HELP_OPTION }, strict: true, allowPositionals: false } as ParseConfig<O>;
    return parseArgs(config).values;
  } catch (error) {
    throw usageError(usageMessage(error, argv));
  }
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
