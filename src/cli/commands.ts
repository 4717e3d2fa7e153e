// The CLI's command table. Each entry loads its module on demand so `--help` stays instant.

import type { CliCommand } from './io';

export interface CommandEntry {
  summary: string;
  load(): Promise<CliCommand>;
}

export const commands: Record<string, CommandEntry> = {
};
