// `npm run package` gives a .vsix that carries what the extension needs at run time (the bundles and ngrok's
// native binary, nothing from src/ or test/) and that VS Code (code-server 4.100.3 here) installs.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_FILES } from '../../src/core/project/template';

const root = join(__dirname, '../..');
const vsix = join(root, 'auth0-chatgpt-mcp.vsix');
const codeServer = join(root, '.tools/code-server/node_modules/.bin/code-server');

describe('packaging', () => {
  it('npm run package builds a .vsix with the bundles and the ngrok binary, and nothing else of the repo', () => {
    const packaged = spawnSync('npm', ['run', '-s', 'package'], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    expect(packaged.status, `${packaged.stdout}\n${packaged.stderr}`).toBe(0);
    expect(statSync(vsix).size).toBeGreaterThan(1_000_000);

    const listed = spawnSync('npx', ['vsce', 'ls'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const files = listed.stdout.split('\n').filter(Boolean);
    for (const bundle of ['extension', 'features/auth0', 'features/mcp', 'features/tunnel', 'features/logs', 'features/verify']) {
      expect(files, bundle).toContain(`dist/${bundle}.js`);
    }
    expect(files.some((f) => /^node_modules\/@ngrok\/ngrok-[^/]+\/ngrok\.[^/]+\.node$/.test(f))).toBe(true);
    // The own-server template is the one place TypeScript sources ship: as files the user's project is made of.
    const template = Object.keys(TEMPLATE_FILES).map((f) => `templates/own-server/${f}`);
    expect(files.filter((f) => f.startsWith('templates/')).sort()).toEqual(template.sort());
    expect(files.filter((f) => !f.startsWith('templates/own-server/') && /^(src|test|scripts)\/|\.map$|\.tsx?$|(^|\/)\.env$/.test(f))).toEqual([]);
  }, 240_000);

  it.skipIf(!existsSync(codeServer))(
    'installs into VS Code (code-server 4.100.3)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'vsix-install-'));
      try {
        const args = ['--extensions-dir', join(dir, 'ext'), '--user-data-dir', join(dir, 'data')];
        const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'share') };
        const installed = spawnSync(codeServer, [...args, '--install-extension', vsix], { encoding: 'utf8', env, timeout: 120_000 });
        expect(installed.status, `${installed.stdout}\n${installed.stderr}`).toBe(0);
        const list = spawnSync(codeServer, [...args, '--list-extensions', '--show-versions'], { encoding: 'utf8', env, timeout: 60_000 });
        expect(list.stdout).toContain('auth0-mcp-tools.auth0-chatgpt-mcp@0.1.0');
        // The installed copy's ngrok module loads its packaged native binary (what Start Tunnel needs).
        const installedDir = join(dir, 'ext', 'auth0-mcp-tools.auth0-chatgpt-mcp-0.1.0');
        const loaded = spawnSync(
          process.execPath,
          ['-e', `console.log(typeof require(${JSON.stringify(join(installedDir, 'node_modules/@ngrok/ngrok'))}).forward)`],
          { encoding: 'utf8' },
        );
        expect(loaded.stdout.trim(), loaded.stderr).toBe('function');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
