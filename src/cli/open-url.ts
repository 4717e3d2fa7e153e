// Opens a URL in the user's browser without any shell parsing it: the URL is one argument of one program, so an `&`
// or `|` in a query string stays part of the URL (with `cmd /c start`, Windows would run the rest as a command).

import { spawn } from 'node:child_process';
import { UserError } from '../core/plan/types';

export interface Opener {
  command: string;
  args: string[];
}

/** The program and arguments for this platform; only http(s) URLs, normalised (quotes and spaces percent-encoded). */
export function openerFor(url: string, platform: NodeJS.Platform = process.platform): Opener {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`"${url}" is not a URL.`, 'Open the address by hand.', 'bad_url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UserError(
      `Refusing to open "${parsed.protocol}" addresses: only http and https are opened.`,
      'Open the address by hand if you trust it.',
      'bad_url',
    );
  }
  const href = parsed.href;
  // Windows: the URL protocol handler itself (what "start" ends up calling), with no cmd.exe in between.
  if (platform === 'win32') return { command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', href] };
  if (platform === 'darwin') return { command: 'open', args: [href] };
  return { command: 'xdg-open', args: [href] };
}

/** Best effort: a missing opener (no desktop, CI) only means the user opens the printed URL by hand. */
export function openInBrowser(url: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const { command, args } = openerFor(url);
      const child = spawn(command, args, { stdio: 'ignore', detached: true, shell: false, windowsHide: true });
      child.once('error', () => resolve());
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    } catch {
      resolve();
    }
  });
}
