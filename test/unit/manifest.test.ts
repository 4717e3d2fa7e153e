// The extension manifest keeps the promises users see: every command is categorised and titled, tree-only commands
// stay out of the command palette, settings have defaults and descriptions, and no source file spells a command id
// outside src/core/ids.ts.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Manifest {
  engines: { vscode: string };
  activationEvents: string[];
  main: string;
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    configuration: { properties: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> };
    views: Record<string, Array<{ id: string }>>;
    walkthroughs: Array<{ steps: Array<{ media: { markdown?: string } }> }>;
  };
}

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('extension manifest', () => {
  it('targets the VS Code 1.100 line the code-server host runs', () => {
    expect(manifest.engines.vscode).toBe('^1.100.0');
  });

  it('gives every command the product category and a title', () => {
    for (const c of manifest.contributes.commands) {
      expect(c.category, c.command).toBe('Auth0 for ChatGPT');
      expect(c.title.length, c.command).toBeGreaterThan(3);
    }
  });

  it('hides commands that only make sense on a tree item or a log event from the palette', () => {
    const hidden = new Set(manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    const itemOnly = manifest.contributes.commands
      .map((c) => c.command)
      .filter((id) => /^auth0Mcp\.(step|logs)\.(run|open|copy|fix|copyJson|openInDashboard)$/.test(id) || id === 'auth0Mcp.applyStep');
    expect(itemOnly.length).toBeGreaterThanOrEqual(6);
    for (const id of itemOnly) expect(hidden.has(id), id).toBe(true);
  });

  it('activates on its views and commands only', () => {
    expect(manifest.activationEvents.every((e) => /^onView:auth0Mcp\.|^onCommand:auth0Mcp\./.test(e))).toBe(true);
    expect(manifest.activationEvents).toContain('onView:auth0Mcp.setup');
  });

  it('gives every setting a default and a description, and stores no secret in settings', () => {
    for (const [key, p] of Object.entries(manifest.contributes.configuration.properties)) {
      expect(p.default, key).not.toBeUndefined();
      expect(p.description ?? p.markdownDescription, key).toBeTruthy();
      expect(key).not.toMatch(/secret|token|password/i);
    }
  });

  it('menus refer only to contributed commands', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) expect(contributed.has(item.command), `${menu}: ${item.command}`).toBe(true);
    }
  });

  it('no source file spells a command id: they come from COMMAND (src/core/ids.ts)', () => {
    for (const file of sources(join(root, 'src'))) {
      if (file.endsWith('ids.ts')) continue;
      const text = readFileSync(file, 'utf8');
      expect(
        [...contributed].filter((id) => text.includes(`'${id}'`)),
        file,
      ).toEqual([]);
    }
  });

  it('command links in the walkthrough and the welcome views name real commands', () => {
    const texts = [
      ...manifest.contributes.walkthroughs[0].steps.map((step) => (step as { description?: string }).description ?? ''),
      ...((manifest.contributes as { viewsWelcome?: Array<{ contents: string }> }).viewsWelcome ?? []).map((w) => w.contents),
    ];
    const viewFocus = new Set(
      Object.values(manifest.contributes.views)
        .flat()
        .map((v) => `${v.id}.focus`),
    );
    const links = texts.flatMap((t) => [...t.matchAll(/command:([A-Za-z0-9.]+)/g)].map((m) => m[1]));
    expect(links.length).toBeGreaterThanOrEqual(6);
    for (const id of links) expect(contributed.has(id) || viewFocus.has(id), id).toBe(true);
  });

  it('walkthrough pages exist', () => {
    for (const step of manifest.contributes.walkthroughs[0].steps) {
      if (step.media.markdown) expect(statSync(join(root, step.media.markdown)).isFile()).toBe(true);
    }
  });
});
