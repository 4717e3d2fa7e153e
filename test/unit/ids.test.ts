// The ids the code uses are the ids the manifest declares: read from the constants, compared with package.json.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND, CONTEXT, VIEW, WALKTHROUGH, WALKTHROUGH_DONE } from '../../src/core/ids';

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    menus: Record<string, Array<{ when?: string }>>;
    viewsWelcome: Array<{ when?: string }>;
    walkthroughs: Array<{ id: string; steps: Array<{ id: string; completionEvents: string[] }> }>;
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as Manifest;

describe('ids against package.json', () => {
  it('COMMAND holds exactly the contributed commands', () => {
    expect(Object.values(COMMAND).sort()).toEqual(manifest.contributes.commands.map((c) => c.command).sort());
  });

  it('VIEW names the contributed views', () => {
    const views = Object.values(manifest.contributes.views)
      .flat()
      .map((v) => v.id);
    expect(Object.values(VIEW).sort()).toEqual(views.sort());
  });

  it('every context key is read by a when clause, and every auth0Mcp key a when clause reads is one of them', () => {
    const whens = [...Object.values(manifest.contributes.menus).flat(), ...manifest.contributes.viewsWelcome].map((m) => m.when ?? '').join(' ');
    const views = new Set<string>(Object.values(VIEW));
    const read = new Set([...whens.matchAll(/(?<![.\w])auth0Mcp\.\w+/g)].map((m) => m[0]).filter((key) => !views.has(key)));
    expect([...read].sort()).toEqual(Object.values(CONTEXT).sort());
  });

  it('the walkthrough has the steps WALKTHROUGH names, each completed by its own context key', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    expect(walkthrough.id).toBe(WALKTHROUGH.id);
    expect(walkthrough.steps.map((s) => s.id)).toEqual([...WALKTHROUGH.steps]);
    for (const step of walkthrough.steps) {
      expect(step.completionEvents, step.id).toEqual([`onContext:${WALKTHROUGH_DONE[step.id as keyof typeof WALKTHROUGH_DONE]}`]);
    }
  });
});
