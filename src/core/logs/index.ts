// The log tail and error catalogue's public surface, for the CLI and the VS Code layer.

export { toLogEvent, isFailureType, eventMessage, type LogEvent } from './event';
export { CATALOGUE, type CatalogueEntry, type CatalogueMatch, type CatalogueAction, type TenantStepId } from './catalogue';
export { diagnose, asDiagnosis, type LogDiagnosis, type DiagnoseContext } from './diagnose';
export { isRelevant, filterRelevant, isVerifierEvent, type RelevanceContext } from './relevance';
export { logFinding } from './finding';
export { dashboardUrl, eventDashboardUrl, DASHBOARD_HOME, type DashboardPage } from './dashboard';
export { summarize, summaryLine, diagnosisLines, eventJson, eventJsonLine, type EventSummary } from './format';
export { RateLimitedError, retryAfterMs, type LogSource } from './source';
export { createSdkLogSource } from './sdk-source';
export { LogTail, realTimers, type LogTailOptions, type TailState, type TailStatus, type TailTimers } from './tail';
