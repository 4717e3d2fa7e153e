// Bundles the extension, its lazily loaded feature bundles, and the CLI.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  sourcesContent: false,
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  // vscode is provided by the host; @ngrok/ngrok carries a native binary that cannot be inlined.
  external: ['vscode', '@ngrok/ngrok'],
  define: { PRODUCT_VERSION: JSON.stringify(version) },
  metafile: true,
};

/** Activation loads only dist/extension.js; the heavy feature bundles are required on first use. */
export const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: {
      'features/auth0': 'src/core/auth0/index.ts',
      'features/mcp': 'src/core/mcp/index.ts',
      'features/tunnel': 'src/core/tunnel/index.ts',
      'features/logs': 'src/core/logs/index.ts',
      'features/verify': 'src/core/verify/index.ts',
    },
    outdir: 'dist',
  },
  { ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist' },
];

async function main() {
  const present = builds
    .map((b) => ({ ...b, entryPoints: Object.fromEntries(Object.entries(b.entryPoints).filter(([, f]) => exists(f))) }))
    .filter((b) => Object.keys(b.entryPoints).length > 0);
  if (watch) {
    for (const b of present) await (await esbuild.context(b)).watch();
    console.log('esbuild: watching for changes');
    return;
  }
  const results = await Promise.all(present.map((b) => esbuild.build(b)));
  for (const r of results) {
    for (const [file, info] of Object.entries(r.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${file.padEnd(28)} ${(info.bytes / 1024).toFixed(1)} KB`);
    }
  }
}

function exists(file) {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
