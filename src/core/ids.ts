// Ids shared by the code and the manifest (package.json): commands, views, Setup steps, walkthrough steps and
// context keys. test/unit/ids.test.ts checks each of them against package.json.

export const COMMAND = {
  connect: 'auth0Mcp.connect',
  disconnect: 'auth0Mcp.disconnect',
  addMissingScopes: 'auth0Mcp.addMissingScopes',
  refresh: 'auth0Mcp.refresh',
  showLog: 'auth0Mcp.showLog',
  openWalkthrough: 'auth0Mcp.openWalkthrough',
  startServer: 'auth0Mcp.startServer',
  stopServer: 'auth0Mcp.stopServer',
  showServerReference: 'auth0Mcp.showServerReference',
  createOwnServer: 'auth0Mcp.createOwnServer',
  runOwnServer: 'auth0Mcp.runOwnServer',
  startTunnel: 'auth0Mcp.startTunnel',
  stopTunnel: 'auth0Mcp.stopTunnel',
  setNgrokAuthtoken: 'auth0Mcp.setNgrokAuthtoken',
  usePublicUrl: 'auth0Mcp.usePublicUrl',
  copyAppUrl: 'auth0Mcp.copyAppUrl',
  openPublicUrl: 'auth0Mcp.openPublicUrl',
  stepRun: 'auth0Mcp.step.run',
  stepOpen: 'auth0Mcp.step.open',
  stepCopy: 'auth0Mcp.step.copy',
  writeEnv: 'auth0Mcp.writeEnv',
  markChatGptAppDone: 'auth0Mcp.markChatGptAppDone',
  openChatGpt: 'auth0Mcp.openChatGpt',
  setupEverything: 'auth0Mcp.setupEverything',
  applyTenant: 'auth0Mcp.applyTenant',
  applyStep: 'auth0Mcp.applyStep',
  pointAuth0AtUrl: 'auth0Mcp.pointAuth0AtUrl',
  restoreTenantSettings: 'auth0Mcp.restoreTenantSettings',
  reviewDcrClients: 'auth0Mcp.reviewDcrClients',
  deletePreviousApi: 'auth0Mcp.deletePreviousApi',
  logsFix: 'auth0Mcp.logs.fix',
  logsCopyJson: 'auth0Mcp.logs.copyJson',
  logsOpenInDashboard: 'auth0Mcp.logs.openInDashboard',
  logsShowAll: 'auth0Mcp.logs.showAll',
  logsShowRelevant: 'auth0Mcp.logs.showRelevant',
  verify: 'auth0Mcp.verify',
  verifyWithoutSignIn: 'auth0Mcp.verifyWithoutSignIn',
} as const;

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];

export const VIEW = { setup: 'auth0Mcp.setup', logs: 'auth0Mcp.logs' } as const;

/** The Setup checklist's own steps; the tenant steps' ids (auth0.*) are the engine's STEP (core/auth0/tenant-checks). */
export const SETUP_STEP = {
  connect: 'connect',
  server: 'server',
  tunnel: 'tunnel',
  env: 'env',
  chatgpt: 'chatgpt',
  verify: 'verify',
} as const;

/** The walkthrough's steps: each completes when its context key (WALKTHROUGH_DONE) is true. */
export const WALKTHROUGH = {
  id: 'auth0Mcp.gettingStarted',
  steps: ['connect', 'server', 'tunnel', 'tenant', 'chatgpt', 'verify'],
} as const;

export type WalkthroughStep = (typeof WALKTHROUGH.steps)[number];

/** Context keys the manifest's `when` clauses and walkthrough completion events read. */
export const CONTEXT = {
  hasCredentials: 'auth0Mcp.hasCredentials',
  connected: 'auth0Mcp.connected',
  serverRunning: 'auth0Mcp.serverRunning',
  tunnelUp: 'auth0Mcp.tunnelUp',
} as const;

/** One context key per walkthrough step, true while that step's status is ok. */
export const WALKTHROUGH_DONE: Record<WalkthroughStep, string> = {
  connect: 'auth0Mcp.done.connect',
  server: 'auth0Mcp.done.server',
  tunnel: 'auth0Mcp.done.tunnel',
  tenant: 'auth0Mcp.done.tenant',
  chatgpt: 'auth0Mcp.done.chatgpt',
  verify: 'auth0Mcp.done.verify',
};
