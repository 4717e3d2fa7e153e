// Tool scopes: what each tool of an MCP server asks for, and keeping Auth0's permissions and grant in step with it.

export * from './tool-scopes';
export * from './auth0-scopes';
export * from './challenge';
export * from './tools-list-reader';
export * from './server-scopes';
