// "Verify like ChatGPT": the public surface for the CLI and the VS Code layer.

export { verify, CHECK_IDS } from './verify';
export { verificationToStep, VERIFY_STEP_ID, VERIFY_STEP_TITLE } from './to-step';
export { summarizeVerification, verificationMessage, type VerificationOutcome, type VerificationSummary } from './summary';
export {
  CHECK_TITLES,
  type CheckFinding,
  type CheckId,
  type CheckResult,
  type CheckStatus,
  type ProbeFinding,
  type ProbeId,
  type ProbeResult,
  type ProbeVerdict,
  type TenantPlanView,
  type TestClientCleanup,
  type VerifyEvent,
  type VerifyOptions,
  type VerifyReport,
  type VerifyTenantAccess,
} from './types';
export { readAuthorizeAnswer, refusalDiagnosis } from './authorize-answer';
export { tenantFindings } from './tenant-check';
export { signInFailure, watchSignInLog } from './sign-in-watch';
export { registrationDiagnosis } from './registration';
export { CHATGPT_REDIRECT_URI, CHATGPT_SCOPES, chatgptClientMetadata } from './chatgpt-request';
export { compareResource } from './resource-match';
export { inspectAccessToken } from './token-check';
export { authorizationServerProblems } from './authorization-server-check';
export { signInDiagnosis } from './sign-in-check';
export { startRedirectListener, SignInError, type RedirectListener } from './loopback-redirect';
export { checkOwnServer, checkServerAt } from './own-server';
export { PROBE_TITLES, validationFix } from './probe-findings';
// Where the Scopes step's scopes come from (it reads tools/list with the MCP SDK client, which this feature bundles).
export { serverScopes, type ToolSource, type ServerScopes } from '../scopes/server-scopes';
