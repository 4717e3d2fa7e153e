// Runs inside the VS Code host (bench only): measures activation and what it loads, next to an empty baseline
// extension so the host's own per-extension cost is visible. Prints one "BENCH {json}" line and a HOST-RESULT.

import * as vscode from 'vscode';
import * as fs from 'node:fs';

const EXTENSION_ID = 'auth0-mcp-tools.auth0-chatgpt-mcp';
const BASELINE_ID = 'bench.activation-baseline';

async function timeActivation(id: string): Promise<{ ms: number; loaded: string[]; api: unknown } | undefined> {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) return undefined;
  const before = new Set(Object.keys(require.cache));
  const started = performance.now();
  const api = await extension.activate();
  return { ms: performance.now() - started, loaded: Object.keys(require.cache).filter((f) => !before.has(f) && f.endsWith('.js')), api };
}

export async function run(): Promise<void> {
  // The first extension activated in a fresh host pays the host's warm-up; ORDER=ours-first measures that worst case.
  const oursFirst = process.env.AUTH0_MCP_BENCH_ORDER === 'ours-first';
  const baselineFirst = oursFirst ? undefined : await timeActivation(BASELINE_ID);
  const ours = await timeActivation(EXTENSION_ID);
  const baseline = baselineFirst ?? (await timeActivation(BASELINE_ID));
  if (!ours) throw new Error(`${EXTENSION_ID} is not loaded`);
  const bytes = ours.loaded.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  const own = (ours.api as { timing?: { bundleEvaluationMs: number; activateMs: number } }).timing;
  console.log(
    `BENCH ${JSON.stringify({
      'extension code: bundle evaluation (ms)': own ? Number(own.bundleEvaluationMs.toFixed(1)) : 'n/a',
      'extension code: activate() (ms)': own ? Number(own.activateMs.toFixed(1)) : 'n/a',
      'activation, as the host reports it (ms)': Number(ours.ms.toFixed(1)),
      order: oursFirst ? 'this extension first, then the empty one' : 'the empty extension first, then this one',
      'activation of an empty extension in the same host (ms)': baseline ? Number(baseline.ms.toFixed(1)) : 'n/a',
      'JavaScript loaded by activation (KB)': Number((bytes / 1024).toFixed(1)),
      'modules loaded by activation': ours.loaded.map((f) => f.replace(/^.*\/dist\//, 'dist/')).join(', '),
    })}`,
  );
  console.log(`HOST-RESULT ${JSON.stringify({ passed: 1, failed: 0 })}`);
}
