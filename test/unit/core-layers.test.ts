// src/core's folders are floors: each imports only the floors below it, so no folder can reach one above it or
// form a circle with a peer. This test reads every import of src/core and fails naming the import that climbs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = resolve(import.meta.dirname, '../../src/core');

/** Lowest first. Folders on one floor may not import each other. Files directly in src/core are the ground. */
const FLOORS: string[][] = [
  ['.'], // ids.ts: ids shared with the manifest
  ['plan'], // the checklist model: step ids, titles, states, diagnoses, fixes
  ['files', 'http'], // shared tools: safe file writes, the outgoing-request helper
  ['config'], // values users type, .env reading and writing
  ['tunnel', 'mcp', 'project'],
  ['scopes'],
  ['auth0'],
  ['logs'],
  ['verify'],
  ['checklist'], // composes the whole checklist; the faces call it
];

function floorOf(folder: string): number {
  const i = FLOORS.findIndex((f) => f.includes(folder));
  if (i < 0) throw new Error(`src/core/${folder} is on no floor: add it to FLOORS in test/unit/core-layers.test.ts`);
  return i;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Static imports, re-exports and dynamic imports, with their specifiers. */
function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

const folderOf = (file: string) => {
  const rel = relative(CORE, file).split(sep);
  return rel.length > 1 ? rel[0]! : '.';
};

describe('src/core floors', () => {
  const files = sources(CORE);

  it('reads imports of every form', () => {
    const text =
      "import a from '../x/a';\nimport type { B } from \"../y/b\";\nexport { c } from '../z/c';\nimport '../w/side';\nconst d = await import('../v/d');";
    expect(importsOf(text)).toEqual(['../x/a', '../y/b', '../z/c', '../w/side', '../v/d']);
  });

  it('never imports vscode', () => {
    const offenders = files.filter((f) => importsOf(readFileSync(f, 'utf8')).includes('vscode'));
    expect(offenders.map((f) => relative(CORE, f))).toEqual([]);
  });

  it('no folder imports one above it or a peer on its floor', () => {
    const climbs: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(CORE + sep)) {
          climbs.push(`${relative(CORE, file)} imports ${spec}, outside src/core`);
          continue;
        }
        const isDir = statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
        const to = folderOf(isDir ? join(target, 'index.ts') : target + '.ts');
        if (to === from) continue;
        if (floorOf(to) >= floorOf(from)) climbs.push(`${relative(CORE, file)} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(climbs).toEqual([]);
  });
});
