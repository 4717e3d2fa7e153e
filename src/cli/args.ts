// Pieces every CLI command shares: settings come from the environment, then .env; writes ask for confirmation.

import { createInterface } from 'node:readline/promises';
import { readDotenvFile } from '../core/config/dotenv';
import type { CredentialSource } from '../core/auth0/management-access';
import { withoutOverrides } from '../core/auth0/management-access';
import type { CliIO } from './io';

export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Flags (when given), the environment, then the working directory's .env: the order settings are looked up in,
 * each named for messages. Testing overrides are dropped from the .env: they are read from the environment only.
 */
export async function namedSources(io: CliIO, flagVars?: Record<string, string>): Promise<CredentialSource[]> {
  const dotenv = (await readDotenvFile(io.cwd))?.values ?? {};
  return [
    ...(flagVars ? [{ name: 'flags', values: flagVars }] : []),
    { name: 'the environment', values: io.env, overrides: true },
    { name: 'the project .env', values: withoutOverrides(dotenv) },
  ];
}

/** The environment, then the working directory's .env (without its testing overrides). */
export async function envSources(io: CliIO): Promise<EnvSource[]> {
  return (await namedSources(io)).map((s) => s.values);
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
