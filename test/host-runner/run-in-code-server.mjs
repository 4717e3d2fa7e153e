// Runs the extension-host suite (out/host/index.js) inside a real VS Code host: code-server 4.100.3
// (VS Code 1.100.3) from .tools/, driven by Debian's headless Chromium through playwright-core.
// The workbench loads the extension from source and runs the tests through the `payload` URL parameter,
// the web equivalent of --extensionDevelopmentPath / --extensionTestsPath.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, copyFileSync, renameSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { format } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
const codeServer = join(root, '.tools/code-server/node_modules/.bin/code-server');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const timeoutMs = Number(process.env.HOST_TEST_TIMEOUT_MS ?? 10 * 60_000);
const artifacts = join(root, '.host-run/artifacts');

if (!existsSync(codeServer)) {
  console.error("code-server is not installed: run `bash scripts/install-host.sh` first (the README's setup command does).");
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'auth0-mcp-host-'));
const workspace = join(scratch, 'workspace');
rmSync(artifacts, { recursive: true, force: true });
for (const dir of [workspace, artifacts, join(scratch, 'home'), join(scratch, 'tmp')]) mkdirSync(dir, { recursive: true });
writeFileSync(join(workspace, 'README.md'), '# host-test workspace\n');
// No welcome page or walkthrough over the views under test.
mkdirSync(join(scratch, 'user-data/User'), { recursive: true });
writeFileSync(
  join(scratch, 'user-data/User/settings.json'),
  JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false }),
);

// Extra extension folders to install as-is (the benchmark's empty baseline extension).
for (const dir of (process.env.HOST_EXTRA_EXTENSIONS ?? '').split(':').filter(Boolean)) {
  cpSync(dir, join(scratch, 'extensions', basename(dir)), { recursive: true });
}
const port = await freePort();
const env = {
  ...process.env,
  HOME: join(scratch, 'home'),
  TMPDIR: join(scratch, 'tmp'),
  XDG_CONFIG_HOME: join(scratch, 'home/.config'),
  XDG_DATA_HOME: join(scratch, 'home/.local/share'),
  XDG_CACHE_HOME: join(scratch, 'home/.cache'),
  AUTH0_MCP_HOST_ARTIFACTS: artifacts,
};
const server = spawn(
  codeServer,
  [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--extensions-dir',
    join(scratch, 'extensions'),
    '--user-data-dir',
    join(scratch, 'user-data'),
    workspace,
  ],
  { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
);
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));

let browser;
let exitCode = 1;
let result = { passed: 0, failed: 0 };
try {
  await waitForHealth(port);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let finish;
  const finished = new Promise((r) => (finish = r));
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    for (const text of line.split('\n')) handleLine(page, text);
  });
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`],
    ['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${resolve(root, process.env.HOST_TESTS_PATH ?? 'out/host/index.js')}`],
  ]);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  await page.goto(url);
  const timer = setTimeout(() => finish('timeout'), timeoutMs);
  const code = await finished;
  clearTimeout(timer);
  if (code === 'timeout') console.error(`host tests did not finish within ${timeoutMs / 1000} s`);
  exitCode = code === 0 && result.failed === 0 && result.passed > 0 ? 0 : 1;
} catch (error) {
  console.error(`host runner: ${error?.stack ?? error}`);
  console.error(serverLog.split('\n').slice(-30).join('\n'));
} finally {
  await browser?.close().catch(() => {});
  try {
    process.kill(-server.pid, 'SIGKILL'); // the file watcher outlives its parent: end the whole group
  } catch {
    /* already gone */
  }
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`host: ${result.passed} passed, ${result.failed} failed`);
process.exit(exitCode);

function handleLine(page, text) {
  if (text.startsWith('HOST-RESULT ')) {
    result = JSON.parse(text.slice('HOST-RESULT '.length));
    return;
  }
  if (text.startsWith('HOST-ASK ')) {
    void answer(page, JSON.parse(text.slice('HOST-ASK '.length)));
    return;
  }
  if (
    /open-vsx\.org|^\s+at .*workbench\.js|Creating a socket|Resolv(ing|ed) connection token|Service Worker|ChatSessionStore|Updating additional builtin/.test(
      text,
    )
  )
    return;
  console.log(text);
}

async function answer(page, request) {
  if (request.kind === 'screenshot') {
    await page.waitForTimeout(600); // let the workbench finish painting
    const file = join(artifacts, `${request.name}.png`);
    await page.screenshot({ path: `${file}.tmp.png` });
    renameSync(`${file}.tmp.png`, file); // atomic: the test polls for the file
    // README pictures come from these runs; refreshing them is explicit so a test run leaves the tree clean.
    if (/^readme-/.test(request.name) && process.env.AUTH0_MCP_UPDATE_SCREENSHOTS === '1') {
      copyFileSync(file, join(root, 'media/screenshots', `${request.name.slice(7)}.png`));
    }
  } else {
    const texts = await page.$$eval(request.selector, (els) => els.map((e) => e.textContent?.trim() ?? ''));
    const file = join(artifacts, `${request.name}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(texts));
    renameSync(`${file}.tmp`, file); // atomic: the test polls for the file
  }
}

async function waitForHealth(p) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${p}/healthz`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('code-server did not become healthy within 60 s');
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolvePort(p));
    });
    s.on('error', reject);
  });
}
