// Pieces every CLI command shares: usage errors print the help, and settings come from the environment, then .env.

import { createInterface } from 'node:readline/promises';
import { readDotenvFile } from '../core/config/dotenv';
import { UserError } from '../core/plan/types';
import { EXIT, type CliIO } from './io';

/** Parses argv; a UserError from the parser becomes the usage exit code with the help text, --help prints it. */
export function parseOrExit<T extends { help?: boolean }>(io: CliIO, parse: (argv: string[]) => T, help: string): T | number {
  let args: T;
  try {
    args = parse(io.argv);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    io.err(`${error.message}\n${help}`);
    return EXIT.usage;
  }
  if (args.help) {
    io.out(help);
    return EXIT.ok;
  }
  return args;
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** The environment, then the working directory's .env: the order settings are looked up in. */
export async function envSources(io: CliIO): Promise<EnvSource[]> {
  return [io.env, (await readDotenvFile(io.cwd))?.values ?? {}];
}

/** The first non-blank value of a variable across the sources. */
export function lookupIn(sources: readonly EnvSource[]): (name: string) => string | undefined {
  return (name) => sources.map((source) => nonEmpty(source[name])).find((value) => value !== undefined);
}

export async function envLookup(io: CliIO): Promise<(name: string) => string | undefined> {
  return lookupIn(await envSources(io));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

/**
 * The confirmation every writing command asks for: --yes skips it; without a terminal to ask on, `refusal` is
 * printed and the answer is no.
 */
export async function confirmed(io: CliIO, options: { yes: boolean; question: string; refusal: string }): Promise<boolean> {
  if (options.yes) return true;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    io.err(options.refusal);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${options.question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
