// One usage-error path for every command: a wrong flag or value exits 2 and prints what was wrong with that command's
// help; --help prints the same help and exits 0. Nothing here reaches a tenant: the errors come before any request.

import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands';
import { runCli } from '../support/run-cli';

const run = (argv: string[]) => runCli(argv);

const usageErrors: Record<string, { argv: string[]; says: RegExp }> = {
  plan: { argv: ['--bogus'], says: /Unknown option "--bogus"/ },
  apply: { argv: ['--yes=no'], says: /--yes takes no value/ },
  restore: { argv: ['extra'], says: /Unexpected argument "extra"/ },
  clients: { argv: ['--delete'], says: /--delete needs a value/ },
  serve: { argv: ['--port', 'eighty'], says: /--port must be a port number/ },
  logs: { argv: ['--interval', '0'], says: /--interval must be a number of seconds/ },
  verify: { argv: ['--url', '--json'], says: /--url needs a value/ },
  status: { argv: ['--verbose'], says: /Unknown option "--verbose"/ },
  init: { argv: ['one', 'two'], says: /Unexpected argument "two"/ },
  login: { argv: [], says: /No Management API token was given/ },
  logout: { argv: ['--yes', '--force'], says: /Unknown option "--force"/ },
};

describe('CLI usage errors', () => {
  it('covers every command', () => {
    expect(Object.keys(usageErrors).sort()).toEqual(Object.keys(commands).sort());
  });

  for (const [name, { argv, says }] of Object.entries(usageErrors)) {
    it(`${name}: exit 2 with what was wrong and the command's help`, async () => {
      const result = await run([name, ...argv]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(says);
      expect(result.err).toContain(`Usage: auth0-mcp ${name}`);
      const help = await run([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toContain(`Usage: auth0-mcp ${name}`);
    });
  }

  it('an unknown command exits 2 too', async () => {
    expect((await run(['deploy'])).code).toBe(2);
  });
});
