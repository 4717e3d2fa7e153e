// Preloaded (node --import, through NODE_OPTIONS) into a child process the tests start, such as a generated project's
// server: its fetch sends requests for AUTH0_MCP_TEST_ROUTE_FROM (the tenant's https origin, as AUTH0_DOMAIN names it)
// to AUTH0_MCP_TEST_ROUTE_TO (the loopback tenant), as the in-process tests' routeTenant does. Nothing else changes.
const from = process.env.AUTH0_MCP_TEST_ROUTE_FROM;
const to = process.env.AUTH0_MCP_TEST_ROUTE_TO;
const original = globalThis.fetch;
if (from && to) {
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'object' && 'url' in input ? input.url : String(input);
    return original(url.startsWith(from) ? to + url.slice(from.length) : input, init);
  };
}
