import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInBrowser, openerFor } from '../../src/cli/open-url';

// An authorize URL as the verifier builds it: several parameters joined by "&", one value with a "|".
const URL_WITH_AMPERSANDS =
  'https://t.us.auth0.com/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2Fchatgpt.com%2Fcb&state=a|b&scope=openid profile';
const NORMALISED =
  'https://t.us.auth0.com/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2Fchatgpt.com%2Fcb&state=a|b&scope=openid%20profile';

describe('opening a URL', () => {
  it('on Windows, hands the whole URL as one argument to the URL protocol handler, with no cmd.exe to split it at "&"', () => {
    expect(openerFor(URL_WITH_AMPERSANDS, 'win32')).toEqual({ command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', NORMALISED] });
  });

  it('on macOS and Linux, runs open / xdg-open with the URL as its only argument', () => {
    expect(openerFor(URL_WITH_AMPERSANDS, 'darwin')).toEqual({ command: 'open', args: [NORMALISED] });
    expect(openerFor(URL_WITH_AMPERSANDS, 'linux')).toEqual({ command: 'xdg-open', args: [NORMALISED] });
    expect(openerFor(URL_WITH_AMPERSANDS, 'freebsd')).toEqual({ command: 'xdg-open', args: [NORMALISED] });
  });

  it('percent-encodes quotes and spaces, so no argument quoting can be escaped', () => {
    const { args } = openerFor('https://x.example/a?q="; calc.exe & echo "', 'win32');
    expect(args[1]).toBe('https://x.example/a?q=%22;%20calc.exe%20&%20echo%20%22');
  });

  it('refuses anything but http and https, and what is not a URL', () => {
    expect(() => openerFor('file:///etc/passwd', 'linux')).toThrow(/only http and https/);
    expect(() => openerFor('javascript:alert(1)', 'darwin')).toThrow(/only http and https/);
    expect(() => openerFor('not a url', 'win32')).toThrow(/not a URL/);
  });

  it.runIf(process.platform === 'linux')('really passes one argument to the opener (a stand-in xdg-open on PATH records its argv)', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'opener-'));
    const out = join(bin, 'argv.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$#" "$@" > '${out}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ''}`;
    try {
      await openInBrowser(URL_WITH_AMPERSANDS);
      for (let i = 0; i < 100 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 50 && readFileSync(out, 'utf8').split('\n').length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.env.PATH = path;
    }
    expect(readFileSync(out, 'utf8')).toBe(`1\n${NORMALISED}\n`);
  });
});
