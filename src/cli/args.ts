// Pieces every CLI command shares: settings come from the environment, then .env; writes ask for confirmation.

import { createInterface } from 'node:readline/promises';
import { readDotenvFile } from '../core/config/dotenv';
import type { CliIO } from './io';

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
