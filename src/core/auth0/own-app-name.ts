// The name of the product's own Management API application (see own-application.ts): kept apart so restore's
// journal validation can know it without importing the code that creates the application.

export const OWN_APP_NAME = 'Auth0 for ChatGPT Apps (auth0-mcp)';
