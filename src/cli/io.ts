// What every CLI command gets: its arguments, the environment, and where to print. Tests pass their own.

export interface CliIO {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Standard input when it is not a terminal (piped), else undefined; bounded by the caller. */
  readStdin?(): Promise<string | undefined>;
  /** Resolves when the user asks the process to stop (SIGINT / SIGTERM). */
  stopSignal: Promise<string>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, changesPending: 3 } as const;
