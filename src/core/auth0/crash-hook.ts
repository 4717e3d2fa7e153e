// A test hook for the restore crash matrix: AUTH0_MCP_TEST_CRASH="before|after METHOD /path-prefix #n" kills this
// process with SIGKILL (no handler, no cleanup: a real crash) just before the n-th matching Management API request is
// sent, or just after its answer arrives. Unset, it changes nothing.

const SPEC = /^(before|after)\s+([A-Z]+)\s+(\S+)(?:\s*#(\d+))?$/;

export function withCrashHook(base: typeof fetch | undefined, spec = process.env.AUTH0_MCP_TEST_CRASH): typeof fetch | undefined {
  const match = spec ? SPEC.exec(spec.trim()) : null;
  if (!match) return base;
  const [, when, method, prefix, nth] = match;
  const target = Number(nth ?? 1);
  let seen = 0;
  const crash = (): never => {
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable');
  };
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const hit = (init?.method ?? 'GET').toUpperCase() === method && url.pathname.startsWith(prefix) && ++seen === target;
    if (hit && when === 'before') crash();
    const response = await (base ?? fetch)(input, init);
    if (hit && when === 'after') crash();
    return response;
  };
}
