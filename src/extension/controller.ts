// One object owns the extension's long-lived state (connection, server, tunnel, the status objects each step reports)
// and its disposables. The state is private: commands change it through the named methods below, and every face
// (the Setup tree, the walkthrough's context keys, the status bar) renders the checklist built from it.

import * as vscode from 'vscode';
import { buildChecklist, pendingTenantSteps, staleVerification, type ChecklistInput } from '../core/checklist/checklist';
import type { StepFinding } from '../core/plan/findings';
import { UserError, errorMessage, type StepState } from '../core/plan/types';
import type { BackendEnvState } from '../core/config/backend-env';
import type { TunnelStatus } from '../core/tunnel/tunnel-manager';
import { chatgptStep } from '../core/plan/chatgpt-step';
import { walkthroughDone } from '../core/checklist/walkthrough';
import { CONTEXT, SETUP_STEP } from '../core/ids';
import { WalkthroughSync } from './walkthrough-sync';
import { readSettings, type Settings } from './settings';
import { Secrets, credentialsDomain } from './secrets';
import { ServerLifecycle } from './server-lifecycle';
import type { McpHost } from './mcp-host';
import { TunnelHost } from './tunnel-host';
import { coalesced } from './coalesce';
import { FindingsBook } from './findings-book';
import type { LogDiagnosis, LogEvent } from '../core/logs';
import { TunnelStatusBar } from './status-bar';
import { Auth0Session } from './auth0-session';
import { TUNNEL_KIND, aimedResourceUrl, checkEnv, driftNotes, ownServerState, type LocalFacts } from './local-checks';
import { REFUSED_CREDENTIALS } from '../core/auth0/tenant-credentials';
import type { LogsViewProvider } from './logs-view';
import type { SetupNode } from './setup-tree';

const CHATGPT_DONE_KEY = 'auth0Mcp.chatgptDoneForUrls';

export class Controller implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly secrets: Secrets;
  readonly server: ServerLifecycle;
  readonly statusBar: TunnelStatusBar;
  readonly tunnel: TunnelHost;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever anything a view renders may have changed. */
  readonly onDidChange = this.changed.event;

  private current: ChecklistInput = { auth0: { connected: false }, server: { running: false }, tunnel: { state: 'closed' } };
  private session: Auth0Session | undefined;
  /** The backend .env as last checked (undefined without a workspace folder). */
  private envState: BackendEnvState | undefined;
  private views: { setup: vscode.TreeView<SetupNode>; logs: LogsViewProvider } | undefined;
  /** What verifications and the tenant's log found broken, laid over the rows they name until answered. */
  private readonly findings = new FindingsBook();
  readonly walkthrough: WalkthroughSync;

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Auth0 for ChatGPT', { log: true });
    this.secrets = new Secrets(context.secrets);
    this.statusBar = new TunnelStatusBar();
    this.tunnel = new TunnelHost((status) => this.onTunnelChange(status));
    this.server = new ServerLifecycle({
      log: this.log,
      settings: () => this.settings,
      tunnel: () => this.tunnel.status,
      state: () => this.current.server,
      update: (server) => this.update({ server }),
    });
    this.disposables.push(this.log, this.changed, this.statusBar, this.tunnel, this.server);
    this.walkthrough = new WalkthroughSync(context.extension.id, this.log);
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => this.onSettingsChanged(e)));
  }

  /** The status objects the checklist is built from, as they arrived (read-only: change them through the methods). */
  get state(): Readonly<ChecklistInput> {
    return this.current;
  }

  /** The embedded MCP server (its domain, auth mode and running instance). */
  get mcp(): McpHost {
    return this.server.mcp;
  }

  get auth0(): Auth0Session | undefined {
    return this.session;
  }

  get settings(): Settings {
    return readSettings();
  }

  get checklist(): StepState[] {
    return buildChecklist({
      ...this.current,
      tunnel: { ...this.current.tunnel, wanted: TUNNEL_KIND[this.settings.tunnelProvider] },
      findings: this.findings.all,
    });
  }

  get logsView(): LogsViewProvider | undefined {
    return this.views?.logs;
  }

  attachViews(views: { setup: vscode.TreeView<SetupNode>; logs: LogsViewProvider }): void {
    this.views = views;
  }

  track<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  /** Shows one step of the checklist, expanded (its diff and fix). */
  async revealStep(id: string): Promise<void> {
    const step = this.checklist.find((s) => s.id === id);
    if (step && this.views) await this.views.setup.reveal({ kind: 'step', step }, { expand: true, focus: false, select: false });
  }

  /** Re-reads cheap local state, updates context keys, and re-renders (bursts coalesce). Tenant checks run in their own command. */
  readonly refresh = coalesced((reason) => this.refreshNow(reason));

  private async refreshNow(reason: string): Promise<void> {
    this.log.debug(`refresh: ${reason}`);
    const settings = this.settings;
    const credentials = await this.secrets.auth0(credentialsDomain(settings));
    if (!this.current.auth0.connected) this.set({ auth0: { connected: false, domain: settings.domain || undefined } });
    this.envState = await this.checkEnv().catch((error) => {
      this.log.warn(`could not read the backend .env: ${errorMessage(error)}`);
      return undefined;
    });
    const chatgpt = chatgptStep(this.tunnel.status.appUrl, this.chatgptDoneForUrls());
    const drift = driftNotes(this.localFacts(), this.envState);
    if (settings.backend === 'own') this.set({ server: await ownServerState(this.localFacts(), settings.ownServerPort) });
    this.set({ ...(this.envState ? { env: this.envState.step } : {}), chatgpt, tunnel: { ...this.current.tunnel, drift } });
    this.changed.fire();
    // Every face renders from the same steps: the tree (onDidChange), the status bar, the walkthrough.
    const checklist = this.checklist;
    this.statusBar.render(
      checklist.find((s) => s.id === SETUP_STEP.tunnel),
      this.tunnel.status,
    );
    const keys: Array<[string, boolean]> = [
      [CONTEXT.hasCredentials, Boolean(credentials && settings.domain)],
      [CONTEXT.connected, this.current.auth0.connected],
      [CONTEXT.serverRunning, this.current.server.running || settings.backend === 'own'],
      [CONTEXT.tunnelUp, this.current.tunnel.state === 'connected'],
    ];
    await Promise.all([
      ...keys.map(([key, value]) => vscode.commands.executeCommand('setContext', key, value)),
      this.walkthrough.render(walkthroughDone(checklist)),
    ]);
  }

  /** Checks the stored credentials against the tenant, then reads the plan. */
  async connectAuth0(): Promise<void> {
    try {
      this.session = await Auth0Session.open(this);
    } catch (error) {
      // The tenant refused its credentials: they are forgotten already (that tenant's only), so disconnect.
      if (error instanceof UserError && REFUSED_CREDENTIALS.has(error.code)) void this.disconnectAuth0();
      throw error;
    }
    const { host, missingScopes, ownApp } = this.session;
    this.set({ auth0: { connected: true, domain: host, missingScopes, ownApp } });
    await this.checkTenant();
  }

  /** Re-reads the tenant (when connected) and re-renders the tenant steps. */
  async checkTenant(options: { scanDcrClients?: boolean } = {}): Promise<void> {
    const session = this.session;
    if (!session) return this.refresh('not connected');
    this.findings.tenantRead();
    try {
      const plan = await session.check(this, options);
      this.set({ tenantSteps: plan ? plan.steps : pendingTenantSteps(session.planProblem ?? 'not checked') });
    } catch (error) {
      this.log.error(`checking the tenant failed: ${errorMessage(error)}`);
      this.set({ tenantSteps: pendingTenantSteps(errorMessage(error), 'error') });
    }
    await this.refresh('tenant checked');
  }

  /** The tenant as an apply left it (the apply report's fresh plan); `written`: the steps it changed. */
  showTenantSteps(steps: StepState[], written: readonly string[] = []): Promise<void> {
    if (written.length) this.wrote(written);
    this.set({ tenantSteps: steps });
    return this.refresh('tenant applied');
  }

  /**
   * What a verification learned: its row, the rows its failures name (red with their fix until answered), and the
   * tenant's steps as it read them. A full pass answers every finding, the log's included.
   */
  showVerification(step: StepState, findings: readonly StepFinding[], tenantSteps?: StepState[]): Promise<void> {
    this.findings.verified(step.status === 'ok', findings);
    this.set({ verify: step, ...(tenantSteps && this.session ? { tenantSteps } : {}) });
    return this.refresh('verified');
  }

  /** What the tenant's log names broken (a real sign-in's failure, newer than the step's last reading), on its row until answered. */
  logFinding(event: LogEvent, diagnosis: LogDiagnosis | undefined): void {
    if (this.findings.fromLog(event, diagnosis)) void this.refresh('log finding');
  }

  /**
   * A write (apply, a fix, restore, the .env) changed these steps: what checks found on them is answered by it,
   * and the last verification no longer describes the setup. The caller re-reads what it wrote.
   */
  wrote(stepIds: readonly string[] | 'all'): void {
    this.findings.wrote(stepIds);
    if (this.current.verify) this.set({ verify: staleVerification(this.current.verify) });
  }

  disconnectAuth0(): Promise<void> {
    this.session = undefined;
    this.findings.clear();
    this.set({ auth0: { connected: false }, tenantSteps: undefined });
    return this.refresh('disconnected');
  }

  checkEnv(): Promise<BackendEnvState | undefined> {
    return checkEnv(this);
  }

  chatgptDoneForUrls(): string[] {
    return this.context.globalState.get<string[]>(CHATGPT_DONE_KEY, []);
  }

  async markChatGptDone(appUrl: string): Promise<void> {
    const urls = new Set(this.chatgptDoneForUrls());
    urls.add(appUrl);
    await this.context.globalState.update(CHATGPT_DONE_KEY, [...urls].slice(-20));
    await this.refresh('ChatGPT app marked done');
  }

  get resourceUrl(): string | undefined {
    return aimedResourceUrl(this.settings, this.tunnel.status);
  }

  /** The embedded server's port, starting it if needed; or the user's own server's port. */
  serverPort(): Promise<number> {
    return this.server.port();
  }

  startServer(port?: number): Promise<{ port: number; url: string }> {
    return this.server.start(port);
  }

  stopServer(): Promise<void> {
    return this.server.stop();
  }

  private onSettingsChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration('auth0Mcp')) return;
    if (e.affectsConfiguration('auth0Mcp.domain')) {
      // The embedded server trusts one issuer: a new tenant means a new server, so the old tenant's tokens stop at once.
      void this.server.restartIfStale('the Auth0 domain changed');
      // Another tenant: the open session (and its credentials) belong to the old one.
      if (this.session && this.settings.domain !== this.session.host) {
        this.log.info(`the domain setting changed: disconnected from ${this.session.host}`);
        void this.disconnectAuth0();
        return;
      }
    }
    // Signed-out access is decided when the server is built: a new mode needs a new server.
    if (e.affectsConfiguration('auth0Mcp.server.authMode')) void this.server.restartIfStale('the auth mode changed');
    // What the tenant must look like depends on these: read it again.
    const tenantKeys = ['resourceUrlForm', 'connections', 'tenant', 'tunnel.publicUrl', 'tunnel.ngrokDomain', 'tunnel.provider'];
    if (this.session && tenantKeys.some((k) => e.affectsConfiguration(`auth0Mcp.${k}`))) void this.checkTenant();
    else void this.refresh('settings changed');
  }

  private onTunnelChange(status: TunnelStatus): void {
    this.set({ tunnel: status });
    this.statusBar.render(
      this.checklist.find((s) => s.id === SETUP_STEP.tunnel),
      status,
    );
    if (status.state === 'connected') this.log.info(`tunnel (${status.provider}) connected: ${status.url}`);
    if (status.state === 'failed') this.log.error(`tunnel (${status.provider}) failed: ${status.error?.problem ?? 'unknown error'}`);
    this.server.followTunnel(status);
    // A new public URL changes what the tenant must look like: read it again.
    if (status.state === 'connected' && this.session) void this.checkTenant();
    else void this.refresh('tunnel changed');
  }

  private localFacts(): LocalFacts {
    return { settings: this.settings, tunnel: this.tunnel.status, resourceUrl: this.resourceUrl, plan: this.session?.plan };
  }

  private set(patch: Partial<ChecklistInput>): void {
    this.current = { ...this.current, ...patch };
  }

  private update(patch: Partial<ChecklistInput>): void {
    this.set(patch);
    void this.refresh('state changed');
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
