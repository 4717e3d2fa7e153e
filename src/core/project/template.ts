// The own-server template: real files under templates/own-server/, shipped beside the bundles (in the .vsix and next
// to dist/cli.js) and read at run time. Only the files listed here are copied: never a stray node_modules or .env.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Template path → path in the new project. `gitignore` is renamed because packagers drop files named .gitignore. */
export const TEMPLATE_FILES: Readonly<Record<string, string>> = {
  'README.md': 'README.md',
  gitignore: '.gitignore',
  'package.json': 'package.json',
  'package-lock.json': 'package-lock.json',
  'tsconfig.json': 'tsconfig.json',
  'src/app.ts': 'src/app.ts',
  'src/auth.ts': 'src/auth.ts',
  'src/config.ts': 'src/config.ts',
  'src/server.ts': 'src/server.ts',
  'src/tools.ts': 'src/tools.ts',
  'src/widget.html': 'src/widget.html',
  'test/server.test.ts': 'test/server.test.ts',
};

/** The port the template's server listens on without PORT. */
export const TEMPLATE_DEFAULT_PORT = 3000;

/** templates/own-server, found upwards from this module (src/core/project in the repository, dist/ when bundled). */
export function templateDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates', 'own-server');
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`The own-server template (templates/own-server) is missing above ${from}: reinstall the product.`);
  }
}

/** Every template file's text, by its path in the new project. */
export async function readTemplate(dir: string = templateDir()): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [from, to] of Object.entries(TEMPLATE_FILES)) files.set(to, await readFile(join(dir, from), 'utf8'));
  return files;
}
