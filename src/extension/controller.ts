// One object owns the extension's long-lived state (connection, server, tunnel, checklist) and its disposables.
// Views render `checklist`; commands call the controller; the controller calls the core.

import * as vscode from 'vscode';
import { buildChecklist, type ChecklistInput } from '../core/plan/checklist';
import type { StepState } from '../core/plan/types';
import { readSettings, type Settings } from './settings';
import { Secrets } from './secrets';

export class Controller implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly secrets: Secrets;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever anything a view renders may have changed. */
  readonly onDidChange = this.changed.event;

  auth0: import('./auth0-session').Auth0Session | undefined;

  state: ChecklistInput = {
    auth0: { connected: false },
    server: { running: false },
    tunnel: { state: 'stopped' },
  };

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Auth0 for ChatGPT', { log: true });
    this.secrets = new Secrets(context.secrets);
    this.disposables.push(this.log, this.changed);
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('auth0Mcp')) void this.refresh('settings changed');
      }),
    );
  }

  get settings(): Settings {
    return readSettings();
  }

  get checklist(): StepState[] {
    return buildChecklist(this.state);
  }

  track<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  /** Re-reads cheap local state, updates context keys, and re-renders. Tenant checks run in their own command. */
  async refresh(reason: string): Promise<void> {
    this.log.debug(`refresh: ${reason}`);
    const settings = this.settings;
    const credentials = await this.secrets.auth0();
    if (!this.state.auth0.connected) {
      this.state = { ...this.state, auth0: { connected: false, domain: settings.domain || undefined } };
    }
    this.changed.fire();
    await Promise.all(
      Object.entries({
        hasCredentials: Boolean(credentials && settings.domain),
        connected: this.state.auth0.connected,
        serverRunning: this.state.server.running,
        tunnelUp: this.state.tunnel.state === 'connected',
      }).map(([key, value]) => vscode.commands.executeCommand('setContext', `auth0Mcp.${key}`, value)),
    );
  }

  /** Checks the stored credentials against the tenant, then reads the plan. */
  async connectAuth0(): Promise<void> {
    const { Auth0Session } = await import('./auth0-session');
    this.auth0 = await Auth0Session.open(this);
    await this.refresh('connected');
  }

  disconnectAuth0(): void {
    this.auth0 = undefined;
    this.update({ auth0: { connected: false }, tenantSteps: undefined });
  }

  update(patch: Partial<ChecklistInput>): void {
    this.state = { ...this.state, ...patch };
    void this.refresh('state changed');
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
