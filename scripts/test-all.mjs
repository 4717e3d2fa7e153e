// `npm test`: type check, lint, vitest (unit + integration against local peers), the packaging suite, and the
// extension-host suite in code-server. Ends with one line "N passed, N failed" adding up every suite (type check and lint count as one each).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, rmSync } from 'node:fs';

const totals = { passed: 0, failed: 0 };
const summary = [];

function step(name, command, args, count) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const res = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const counted = count(res.status === 0);
  totals.passed += counted.passed;
  totals.failed += counted.failed;
  summary.push(`${name}: ${counted.passed} passed, ${counted.failed} failed`);
}

const asOne = (ok) => (ok ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });

// The host suite needs Debian's chromium and code-server in .tools/: install them if missing (idempotent, quick when present).
const install = spawnSync('bash', ['scripts/install-host.sh'], { stdio: 'inherit' });
if (install.status !== 0) console.error('scripts/install-host.sh failed: the host suite will fail too.');

step('typecheck', 'npx', ['tsc', '-p', '.', '--noEmit'], asOne);
step('lint', 'npx', ['eslint', '.', '--max-warnings', '0'], asOne);

mkdirSync('.host-run', { recursive: true });
const vitestJson = '.host-run/vitest.json';
rmSync(vitestJson, { force: true });
step('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`], (ok) => {
  if (!existsSync(vitestJson)) return { passed: 0, failed: 1 };
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  const failed = r.numFailedTests + (ok || r.numFailedTests > 0 ? 0 : 1); // a crashed run counts as a failure
  return { passed: r.numPassedTests, failed };
});

// The packaging suite (vsce package, then an install into code-server) runs apart from the unit run.
const packageJson = '.host-run/package.json';
rmSync(packageJson, { force: true });
step(
  'package',
  'npx',
  ['vitest', 'run', '--config', 'vitest.package.config.mts', '--reporter=default', '--reporter=json', `--outputFile=${packageJson}`],
  (ok) => {
    if (!existsSync(packageJson)) return { passed: 0, failed: 1 };
    const r = JSON.parse(readFileSync(packageJson, 'utf8'));
    return { passed: r.numPassedTests, failed: r.numFailedTests + (ok || r.numFailedTests > 0 ? 0 : 1) };
  },
);

const hostLine = /^host: (\d+) passed, (\d+) failed$/m;
console.log('\n=== host: extension-host suite in code-server');
const host = spawnSync('npm', ['run', '--silent', 'test:host'], { encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 });
process.stdout.write(host.stdout ?? '');
process.stderr.write(host.stderr ?? '');
const m = hostLine.exec(host.stdout ?? '');
const hostCounts = m ? { passed: Number(m[1]), failed: Number(m[2]) + (host.status === 0 || Number(m[2]) > 0 ? 0 : 1) } : { passed: 0, failed: 1 };
totals.passed += hostCounts.passed;
totals.failed += hostCounts.failed;
summary.push(`host: ${hostCounts.passed} passed, ${hostCounts.failed} failed`);

console.log('\n' + summary.map((s) => `  ${s}`).join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
