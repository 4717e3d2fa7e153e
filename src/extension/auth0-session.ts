// The extension's connection to one Auth0 tenant: credentials from SecretStorage, the engine from
// dist/features/auth0.js (loaded on first connect), the last plan, and the restore journal in global storage.

import type * as Auth0Feature from '../core/auth0';
import type * as VerifyFeature from '../core/verify';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ApplyReport, ManagementSession, RestoreJournal, RestoreRecord, TenantPlan } from '../core/auth0';
import { connectWithSavedCredentials } from '../core/auth0/tenant-credentials';
import { credentialsDomain } from './secrets';
import type { Secrets } from './secrets';
import type { Settings } from './settings';
import { loadFeature } from './lazy';

/** The narrow things a session uses from its owner: settings, credentials, a log, a state store, the identifier. */
export interface SessionHost {
  readonly settings: Settings;
  readonly secrets: Pick<Secrets, 'auth0Tenants'>;
  readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
  readonly context: Pick<vscode.ExtensionContext, 'globalState' | 'globalStorageUri'>;
  readonly resourceUrl: string | undefined;
}

/** Apply writes what the preview showed: a preview older than this is read again first. */
export const PLAN_MAX_AGE_MS = 30_000;

/** Identifiers of the APIs this extension created on a tenant, newest first (not secret: public URLs). */
const IDENTIFIERS_KEY = (host: string) => `auth0Mcp.identifiers.${host}`;

export class Auth0Session {
  plan: TenantPlan | undefined;
  /** When `plan` was read (Date.now()); a preview older than PLAN_MAX_AGE_MS is read again before writing. */
  planReadAt = 0;
  /** Why the last check could not produce a plan (no public URL yet, a fatal error). */
  planProblem: string | undefined;
  /** Once the user reviewed the DCR clients, every check counts them too, so their row keeps the review's result. */
  scanDcrClientsOnCheck = false;
  /** The last verification's access token, in memory only: reads an own server whose tools/list needs a token. */
  toolsToken: string | undefined;

  private constructor(
    private readonly engine: typeof Auth0Feature,
    readonly session: ManagementSession,
    readonly tenantName: string | undefined,
    readonly missingScopes: readonly string[],
    /** The credentials are the extension's own application (made from a pasted token). */
    readonly ownApp: boolean,
  ) {}

  get host(): string {
    return this.session.domain.host;
  }

  /** Connects with the stored credentials: one read proves access and names any missing scope. */
  static async open(c: SessionHost): Promise<Auth0Session> {
    // Only the credentials saved for the tenant they are sent to (the Management API's host) go out; refused ones
    // are forgotten, that tenant's only.
    const settings = c.settings;
    const tenantDomain = settings.tenantDomain || process.env.AUTH0_TENANT_DOMAIN;
    const { engine, session, result } = await connectWithSavedCredentials(credentialsDomain(settings), c.secrets.auth0Tenants, async (_host, credentials) => {
      const engine = loadFeature<typeof Auth0Feature>('auth0');
      const session = engine.createManagementSession({
        domain: settings.domain,
        ...(tenantDomain ? { tenantDomain } : {}),
        credentials:
          credentials.kind === 'token'
            ? { kind: 'token', token: credentials.token }
            : { kind: 'client-credentials', clientId: credentials.clientId, clientSecret: credentials.clientSecret },
        // A proxy or a local stand-in (tests, air-gapped demos); never set in normal use.
        ...(process.env.AUTH0_MCP_MANAGEMENT_ORIGIN ? { origin: process.env.AUTH0_MCP_MANAGEMENT_ORIGIN } : {}),
        // Fixes name settings and commands, never CLI variables.
        face: 'editor',
        ownApp: credentials.kind === 'client' && Boolean(credentials.ownApp),
      });
      return { engine, session, result: await engine.connect(session) };
    });
    if (result.missingScopes.length) {
      c.log.warn(`connected to ${result.host}, but these scopes are missing: ${result.missingScopes.join(', ')}`);
    } else {
      c.log.info(`connected to ${result.host}${result.tenantName ? ` (${result.tenantName})` : ''}`);
    }
    return new Auth0Session(engine, session, result.tenantName, result.missingScopes, session.ownApp);
  }

  /** Reads the tenant and compares it with what the current public URL needs. */
  async check(c: SessionHost, options: { scanDcrClients?: boolean } = {}): Promise<TenantPlan | undefined> {
    const resourceUrl = c.resourceUrl;
    if (!resourceUrl) {
      this.plan = undefined;
      this.planProblem = 'needs a public URL: start the tunnel or set a reserved domain';
      return undefined;
    }
    const settings = c.settings;
    // The server declares, Auth0 follows: the embedded server's demo tools, or the own server's tools/list (signed out).
    const source =
      settings.backend === 'own'
        ? ({ kind: 'url', mcpUrl: `http://127.0.0.1:${settings.ownServerPort}/mcp`, ...(this.toolsToken ? { token: this.toolsToken } : {}) } as const)
        : ({ kind: 'embedded' } as const);
    const scopes = await loadFeature<typeof VerifyFeature>('verify').serverScopes(source, settings.extraScopes);
    for (const problem of scopes.problems) c.log.warn(`tools/list: ${problem}`);
    const desired = this.engine.desiredTenant({
      domain: this.host,
      resourceUrl,
      connectionNames: settings.connections,
      toggles: {
        defaultAudience: settings.setDefaultAudience,
        resourceParameterProfile: settings.resourceParameterCompatibility,
        issuerParameter: settings.issuerInAuthorizationResponse,
      },
      previousIdentifiers: this.createdIdentifiers(c),
      ownApplication: this.ownApp,
      scopeNeeds: scopes.needs,
      ...(scopes.unread ? { scopeProblem: scopes.unread } : {}),
    });
    this.plan = await this.engine.checkPlan(this.session, desired, { scanDcrClients: options.scanDcrClients ?? this.scanDcrClientsOnCheck });
    await this.forgetVanishedPreviousApi(c, this.plan);
    this.planReadAt = Date.now();
    this.planProblem = undefined;
    return this.plan;
  }

  /** Applies the plan's pending steps (or only `steps`), keeps the replaced values, and keeps the new plan. */
  async apply(c: SessionHost, plan: TenantPlan, steps?: readonly string[]): Promise<ApplyReport> {
    // Write-ahead: each write's previous values reach the journal (on disk) before the write is sent.
    const report = await this.engine.applyPlan(this.session, plan, { journal: this.journal(c), ...(steps ? { steps } : {}) });
    this.plan = report.plan;
    if (report.outcomes.some((o) => o.stepId === 'auth0.api' && o.result === 'applied')) {
      await this.rememberIdentifiers(c, [plan.desired.identifier, ...this.createdIdentifiers(c)]);
    }
    for (const o of report.outcomes) {
      const line = `apply ${o.stepId}: ${o.result}${o.error ? ` (${o.error.message})` : ''}`;
      if (o.result === 'failed') c.log.error(line);
      else c.log.info(line);
    }
    return report;
  }

  /**
   * One append-only journal per tenant (see core/auth0/restore-journal): the workspace's .auth0-mcp/, shared with
   * `auth0-mcp` run in that folder; without a folder, the extension's global storage.
   */
  private journal(c: SessionHost): RestoreJournal {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    const file = `${this.host.replace(/[^a-z0-9.-]/gi, '_')}.jsonl`;
    const journal = folder
      ? this.engine.projectRestoreJournal(folder, this.host)
      : this.engine.fileRestoreJournal(join(c.context.globalStorageUri.fsPath, 'restore', file), this.host);
    const ready = this.migrateLegacyRecord(c, journal);
    return {
      read: () => ready.then(() => journal.read()),
      record: (entries) => ready.then(() => journal.record(entries)),
      markRestored: (keys) => ready.then(() => journal.markRestored(keys)),
      voidEntries: (ids) => ready.then(() => journal.voidEntries(ids)),
    };
  }

  /** An earlier version kept the record whole in global state: move its values into the journal, once. */
  private async migrateLegacyRecord(c: SessionHost, journal: RestoreJournal): Promise<void> {
    const key = `auth0Mcp.restore.${this.host}`;
    const legacy = c.context.globalState.get<unknown>(key);
    if (legacy === undefined) return;
    const entries = this.engine.legacyRestoreEntries(legacy);
    if (entries.length) await journal.record(entries);
    await c.context.globalState.update(key, undefined);
  }

  restoreRecord(c: SessionHost): Promise<RestoreRecord> {
    return this.journal(c).read();
  }

  /** What restore will do, and what it refuses (entries this product never writes), for the confirmation. */
  describeRestore(record: RestoreRecord): string[] {
    return this.engine.restorePreview(record);
  }

  /** Restores `previewed` (the record the user confirmed), or the journal as it is now. */
  async restore(c: SessionHost, previewed?: RestoreRecord): Promise<Auth0Feature.RestoreReport | undefined> {
    const journal = this.journal(c);
    const record = previewed ?? (await journal.read());
    if (this.engine.isEmptyRestoreRecord(record)) return undefined;
    const report = await this.engine.restoreTenant(this.session, record);
    await journal.markRestored(report.restoredKeys);
    return report;
  }

  /** Verify's other-audience probe: its throwaway API, journaled like apply's writes (core/auth0/probe-audience.ts). */
  probeAudienceFactory(c: SessionHost): (() => Promise<Auth0Feature.ProbeAudience>) | undefined {
    const clientId = this.session.clientId;
    return clientId ? () => this.engine.createProbeAudience(this.session, this.journal(c), clientId) : undefined;
  }

  scanDcrClients(): Promise<Auth0Feature.DcrClientView[]> {
    return this.engine.scanDcrClients(this.session);
  }

  deleteDcrClients(ids: readonly string[]): Promise<Auth0Feature.DeleteReport> {
    return this.engine.deleteDcrClients(this.session, ids);
  }

  async deletePreviousApi(c: SessionHost, identifier: string, current: string): Promise<boolean> {
    const deleted = await this.engine.deletePreviousApi(this.session, identifier, current);
    await this.rememberIdentifiers(
      c,
      this.createdIdentifiers(c).filter((id) => id !== identifier),
    );
    return deleted;
  }

  private createdIdentifiers(c: SessionHost): string[] {
    return c.context.globalState.get<string[]>(IDENTIFIERS_KEY(this.host), []);
  }

  private rememberIdentifiers(c: SessionHost, identifiers: string[]): Thenable<void> {
    return c.context.globalState.update(IDENTIFIERS_KEY(this.host), [...new Set(identifiers)].slice(0, 10));
  }

  /** An API deleted elsewhere (the dashboard) is no longer offered: drop it once the check finds it gone. */
  private async forgetVanishedPreviousApi(c: SessionHost, plan: TenantPlan): Promise<void> {
    const checked = plan.desired.previousIdentifiers[0];
    const settings = plan.snapshot.settings;
    const audience = settings.ok ? settings.value.defaultAudience : undefined;
    const fromAudience = audience && audience !== plan.desired.identifier && audience !== plan.desired.managementAudience;
    const read = plan.snapshot.previousApi;
    if (checked && !fromAudience && read?.ok && read.value === null) {
      await this.rememberIdentifiers(
        c,
        this.createdIdentifiers(c).filter((id) => id !== checked),
      );
    }
  }
}
