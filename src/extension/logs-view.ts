// The "Auth0 Logs" panel: a live tail of the tenant's log events, newest first. A recognised failure shows its
// explanation and fix, with a Fix action; every event can be copied as JSON or opened in the Auth0 dashboard.
// Polling runs only while the view is visible and a tenant is connected.

import * as vscode from 'vscode';
import type * as LogsFeature from '../core/logs';
import type { LogDiagnosis, LogEvent } from '../core/logs';
import type { ManagementSession } from '../core/auth0';
import type { Settings } from './settings';
import { loadFeature } from './lazy';

const MAX_EVENTS = 300;

/** What the panel reads from its owner: the connected tenant, settings, the identifier, a log, and change events. */
export interface LogsViewHost {
  readonly onDidChange: vscode.Event<void>;
  readonly auth0: { readonly host: string; readonly session: ManagementSession } | undefined;
  readonly settings: Settings;
  readonly resourceUrl: string | undefined;
  readonly log: Pick<vscode.LogOutputChannel, 'warn'>;
  /** A fresh failure that names a step: the owner shows it on that step's row (see core/logs/finding.ts). */
  logFinding(event: LogEvent, diagnosis: LogDiagnosis | undefined): void;
}

export type LogNode = { kind: 'event'; event: LogEvent; diagnosis?: LogDiagnosis } | { kind: 'detail'; label: string; value: string; parent: LogEvent };

export class LogsViewProvider implements vscode.TreeDataProvider<LogNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: vscode.TreeView<LogNode> | undefined;
  private tail: LogsFeature.LogTail | undefined;
  private tailFor: unknown;
  private tailIntervalMs = 0;
  private events: Array<{ event: LogEvent; diagnosis?: LogDiagnosis }> = [];

  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: LogsViewHost) {
    this.subscriptions.push(host.onDidChange(() => this.sync()));
  }

  attach(view: vscode.TreeView<LogNode>): void {
    this.view = view;
    this.subscriptions.push(view.onDidChangeVisibility(() => this.sync()));
    this.sync();
  }

  /** Events currently shown (for tests and "copy"). */
  get shown(): ReadonlyArray<{ event: LogEvent; diagnosis?: LogDiagnosis }> {
    return this.visibleEvents();
  }

  /** Starts, pauses or stops the tail to match the connection and the view's visibility. */
  private sync(): void {
    const session = this.host.auth0;
    if (!session) {
      this.stopTail();
      this.events = [];
      this.changed.fire();
      return;
    }
    const intervalMs = Math.max(2, this.host.settings.logsPollSeconds) * 1000;
    if (this.tailFor !== session || this.tailIntervalMs !== intervalMs) {
      // A new tenant starts over; a new interval (the setting changed) keeps the events already shown.
      if (this.tailFor !== session) this.events = [];
      this.stopTail();
      const logs = loadFeature<typeof LogsFeature>('logs');
      this.tailFor = session;
      this.tailIntervalMs = intervalMs;
      this.tail = new logs.LogTail({
        source: logs.createSdkLogSource(session.session),
        intervalMs,
        onEvents: (batch) => this.add(batch),
        onStatus: (status) => {
          if (this.view)
            this.view.message =
              status.state === 'failed' && status.error
                ? `${status.error.message} ${status.error.fix}`
                : status.state === 'backing-off'
                  ? 'Rate limited by Auth0: waiting before the next poll.'
                  : undefined;
        },
      });
    }
    if (this.view?.visible) this.tail?.resume();
    else this.tail?.pause();
    this.changed.fire();
  }

  private add(batch: LogEvent[]): void {
    const logs = loadFeature<typeof LogsFeature>('logs');
    const domain = this.host.auth0?.host;
    // A restarted tail (new poll interval) searches again: keep each event once.
    const shown = new Set(this.events.map((e) => e.event.log_id));
    const fresh = batch.filter((event) => !shown.has(event.log_id)).map((event) => ({ event, diagnosis: logs.diagnose(event, { domain }) }));
    for (const { event, diagnosis } of fresh) {
      if (diagnosis?.action && !logs.isVerifierEvent(event)) this.host.log.warn(`Auth0 ${event.type}: ${diagnosis.explanation} Fix: ${diagnosis.fix}`);
      this.host.logFinding(event, diagnosis);
    }
    this.events = [...fresh.reverse(), ...this.events].slice(0, MAX_EVENTS);
    this.changed.fire();
  }

  private visibleEvents(): Array<{ event: LogEvent; diagnosis?: LogDiagnosis }> {
    if (!this.host.auth0) return [];
    const logs = loadFeature<typeof LogsFeature>('logs');
    const showAll = this.host.settings.logsShowAll;
    const audience = this.host.resourceUrl;
    return this.events.filter(({ event }) => logs.isRelevant(event, { showAll, ...(audience ? { audience } : {}) }));
  }

  getChildren(node?: LogNode): LogNode[] {
    if (!node) return this.visibleEvents().map((e) => ({ kind: 'event', ...e }));
    if (node.kind !== 'event') return [];
    const { event, diagnosis } = node;
    const rows: Array<[string, string | undefined]> = [
      ['Explanation', diagnosis?.explanation],
      ['Fix', diagnosis?.fix],
      ['Client', event.client_name ? `${event.client_name} (${event.client_id})` : event.client_id],
      ['User', event.user_name ?? event.user_id],
      ['Connection', event.connection],
      ['Audience', event.audience],
      ['Scope', event.scope],
      ['IP', event.ip],
    ];
    return rows.filter(([, v]) => v).map(([label, value]) => ({ kind: 'detail', label, value: value!, parent: event }));
  }

  getTreeItem(node: LogNode): vscode.TreeItem {
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label);
      item.description = node.value;
      item.tooltip = node.value;
      return item;
    }
    const logs = loadFeature<typeof LogsFeature>('logs');
    const s = logs.summarize(node.event);
    const item = new vscode.TreeItem(`${s.time.slice(11) || s.time}  ${s.description}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `log:${node.event.log_id}`;
    if (logs.isVerifierEvent(node.event)) {
      // "Verify like ChatGPT" sent it: an expected refusal, or one the Verify row already reports with its fix.
      item.description = ['Verify like ChatGPT (its own request)', s.type].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.tooltip = `${s.time} ${s.type}\n${s.description}\n\nSent by "Verify like ChatGPT" (its test client or its control request): not a failure of a real sign-in. The Verify row shows what the run found.`;
      item.contextValue = 'logEvent:verifier';
      return item;
    }
    const failure = logs.isFailureType(node.event.type);
    item.description = [s.type, s.client, s.user].filter(Boolean).join(' · ');
    item.iconPath = node.diagnosis
      ? new vscode.ThemeIcon(failure ? 'error' : 'info', new vscode.ThemeColor(failure ? 'list.errorForeground' : 'list.warningForeground'))
      : new vscode.ThemeIcon(failure ? 'warning' : 'pass');
    const md = new vscode.MarkdownString();
    md.appendText(`${s.time} ${s.type}\n${s.description}`);
    if (node.diagnosis)
      md.appendMarkdown('\n\n**Why:** ').appendText(node.diagnosis.explanation).appendMarkdown('\n\n**Fix:** ').appendText(node.diagnosis.fix);
    item.tooltip = md;
    item.contextValue = node.diagnosis?.action ? 'logEvent:fixable' : 'logEvent';
    return item;
  }

  /**
   * The tail's state once no poll is under way ('paused' while the panel is hidden). A paused, idle tail has no timer
   * either, so it sends nothing until shown: what the host tests wait on instead of a sleep.
   */
  async tailIdle(): Promise<string | undefined> {
    await this.tail?.idle();
    return this.tail ? (this.tail.scheduled ? 'scheduled' : this.tail.status.state) : undefined;
  }

  private stopTail(): void {
    void this.tail?.stop();
    this.tail = undefined;
    this.tailFor = undefined;
  }

  dispose(): void {
    this.stopTail();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.changed.dispose();
  }
}
