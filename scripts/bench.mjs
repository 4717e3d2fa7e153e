// `npm run bench`: prints the product's performance figures. No pass/fail: the figures go in the closing notes.
//  - activation time and JavaScript size, measured inside the code-server host with the production build;
//  - every test/bench/*.bench.ts module's exported run*Bench() (Auth0 request counts, MCP throughput, …).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const print = (title, figures) => {
  console.log(`\n## ${title}`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${v}`);
};

// `npm run bench -- --only=mcp` runs just the benches whose file name contains "mcp" (no host); --no-host skips the host.
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
spawnSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
const benches = readdirSync('test/bench').filter((f) => f.endsWith('.bench.ts'));
await esbuild.build({
  // mcp-server-process: each MCP server the MCP bench measures runs in its own process (its CPU is its own).
  entryPoints: ['test/bench/activation.host.ts', 'test/bench/mcp-server-process.ts', ...benches.map((f) => `test/bench/${f}`)],
  outdir: 'out/bench',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', '@ngrok/ngrok'],
  logLevel: 'warning',
});

// Each order in fresh hosts (the first extension activated in a host pays the host's own warm-up), three runs each;
// the figures are the median run's.
const RUNS = 3;
for (const order of process.argv.includes('--no-host') || only ? [] : ['baseline-first', 'ours-first']) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const host = spawnSync(process.execPath, ['test/host-runner/run-in-code-server.mjs'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        HOST_TESTS_PATH: 'out/bench/activation.host.js',
        HOST_EXTRA_EXTENSIONS: resolve('test/bench/baseline-extension'),
        AUTH0_MCP_BENCH_ORDER: order,
      },
    });
    const line = /^BENCH (.*)$/m.exec(host.stdout ?? '');
    if (line) runs.push(JSON.parse(line[1]));
    else console.log(`activation bench run failed:\n${host.stdout}\n${host.stderr}`);
  }
  if (!runs.length) continue;
  const key = 'activation, as the host reports it (ms)';
  runs.sort((a, b) => a[key] - b[key]);
  const median = runs[Math.floor(runs.length / 2)];
  print(`Extension activation (code-server 4.100.3 host, production build, ${order}, median of ${runs.length})`, {
    ...median,
    [`${key}, all runs`]: runs.map((r) => r[key]).join(', '),
  });
}

for (const file of benches.filter((f) => !only || f.includes(only))) {
  const mod = await import(pathToFileURL(resolve('out/bench', file.replace(/\.ts$/, '.js'))).href);
  for (const [name, fn] of Object.entries(mod.default ?? mod)) {
    if (typeof fn !== 'function' || !/^run.*Bench$/.test(name)) continue;
    const started = Date.now();
    const figures = await fn();
    print(`${file} ${name}`, { ...figures, 'wall time of this bench (s)': Math.round((Date.now() - started) / 1000) });
  }
}
