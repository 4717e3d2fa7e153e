// Bounds on what a server's tools/list may make the product write. Past one: a clear error, nothing written.

/**
 * Auth0's Management API schema caps a permission's value (ResourceServerScope.value) at 280 characters
 * (https://auth0.com/docs/api/management/v2/resource-servers/post-resource-servers, schema ResourceServerScope).
 */
export const MAX_SCOPE_LENGTH = 280;

/** Auth0's entity limit: 1000 scopes per API (https://auth0.com/docs/policies/entity-limit-policy, RBAC). */
export const MAX_SCOPES = 1000;

/** Ours (Auth0 documents none; an MCP server with more tools than this is not one ChatGPT can present). */
export const MAX_TOOLS = 1000;
