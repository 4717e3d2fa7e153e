// The walkthrough's ticks follow the checklist both ways. Its completion events (onContext:…) only ever tick a step,
// once per session, and the tick is remembered across sessions; so each change of a step's "done" (the one rule,
// core/plan/done.ts) is also told to the workbench: ticked when it becomes done, un-ticked when it no longer is
// (after Disconnect, Connect is no longer done).

import * as vscode from 'vscode';
import { WALKTHROUGH, WALKTHROUGH_DONE, type WalkthroughStep } from '../core/ids';

/** The workbench's own commands behind a step's "Mark Done" / "Mark Step Incomplete". */
const MARK = { done: 'welcome.markStepComplete', open: 'welcome.markStepIncomplete' } as const;

export class WalkthroughSync {
  private last: Partial<Record<WalkthroughStep, boolean>> = {};

  constructor(
    private readonly extensionId: string,
    private readonly log: Pick<vscode.LogOutputChannel, 'debug'>,
  ) {}

  /** The done state of each walkthrough step as last told to the workbench. */
  get state(): Readonly<Partial<Record<WalkthroughStep, boolean>>> {
    return this.last;
  }

  /** Sets each step's context key, and ticks or un-ticks the steps whose state changed since the last call. */
  async render(done: Record<WalkthroughStep, boolean>): Promise<void> {
    const changed = WALKTHROUGH.steps.filter((step) => this.last[step] !== done[step]);
    this.last = { ...done };
    await Promise.all(WALKTHROUGH.steps.map((step) => vscode.commands.executeCommand('setContext', WALKTHROUGH_DONE[step], done[step])));
    for (const step of changed) {
      const id = `${this.extensionId}#${WALKTHROUGH.id}#${step}`;
      try {
        await vscode.commands.executeCommand(done[step] ? MARK.done : MARK.open, id);
      } catch (error) {
        // A host without the Welcome page (none we know of) still has the context keys.
        this.log.debug(`walkthrough ${step}: ${String(error)}`);
      }
    }
  }
}
