import { describe, expect, it } from 'vitest';
import { NgrokProvider, normaliseDomain, type NgrokForwardConfig, type NgrokModule } from '../../src/core/tunnel/ngrok-provider';
import { OwnUrlProvider } from '../../src/core/tunnel/own-url-provider';
import { StatefulTunnel } from '../../src/core/tunnel/stateful-tunnel';
import { TunnelError } from '../../src/core/tunnel/tunnel-error';
import { failingNgrokModule, failingNgrokProvider, ngrokFailures } from '../support/failing-tunnel';

/** An ngrok module stand-in that succeeds and hands the test the config it got. */
function fakeNgrok(url: string | null = 'https://abc.ngrok-free.app') {
  const state = { config: undefined as NgrokForwardConfig | undefined, closed: 0 };
  const module: NgrokModule = {
    forward: async (config) => {
      state.config = config;
      config.onStatusChange?.('closed'); // the SDK may report before forward resolves; must not matter
      return { url: () => url, close: async () => void state.closed++ };
    },
  };
  return { module, state };
}

async function rejection(p: Promise<unknown>): Promise<TunnelError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TunnelError);
  return err as TunnelError;
}

describe('NgrokProvider (with a stand-in module)', () => {
  it('refuses without an authtoken before loading or calling ngrok', async () => {
    let loaded = false;
    const provider = new NgrokProvider({ env: {}, load: () => ((loaded = true), fakeNgrok().module) });
    const err = await rejection(provider.start({ port: 3000 }));
    expect(err.code).toBe('ngrok_authtoken_missing');
    expect(loaded).toBe(false);
    expect((await rejection(provider.start({ port: 3000, authtoken: '   ' }))).code).toBe('ngrok_authtoken_missing');
  });

  it('forwards to 127.0.0.1:<port> with the token and a normalised domain', async () => {
    const { module, state } = fakeNgrok();
    const provider = new NgrokProvider({ env: {}, load: () => module });
    const tunnel = await provider.start({ port: 4321, authtoken: 'tok', domain: 'https://mine.ngrok-free.app/' });
    expect(state.config).toMatchObject({ addr: '127.0.0.1:4321', authtoken: 'tok', domain: 'mine.ngrok-free.app' });
    expect(tunnel.url).toBe('https://abc.ngrok-free.app');
    expect(tunnel.state).toBe('connected');
  });

  it('takes NGROK_AUTHTOKEN from the environment, and a host when given', async () => {
    const { module, state } = fakeNgrok();
    await new NgrokProvider({ env: { NGROK_AUTHTOKEN: 'from-env' }, load: () => module }).start({ port: 80, host: 'localhost' });
    expect(state.config).toMatchObject({ addr: 'localhost:80', authtoken: 'from-env' });
    expect(state.config).not.toHaveProperty('domain');
  });

  it('reflects the SDK status events: lost → reconnecting, connected → connected; close closes the listener', async () => {
    const { module, state } = fakeNgrok();
    const tunnel = await new NgrokProvider({ env: {}, load: () => module }).start({ port: 1, authtoken: 't' });
    const seen: string[] = [];
    tunnel.onStateChange((s) => seen.push(s));

    state.config?.onStatusChange?.('closed');
    state.config?.onStatusChange?.('connected');
    await tunnel.close();
    await tunnel.close(); // idempotent
    state.config?.onStatusChange?.('connected'); // late SDK event after close

    expect(seen).toEqual(['reconnecting', 'connected', 'closed']);
    expect(state.closed).toBe(1);
    expect(tunnel.state).toBe('closed');
  });

  it('passes SDK log lines on without the authtoken', async () => {
    const { module, state } = fakeNgrok();
    const lines: string[] = [];
    await new NgrokProvider({ env: {}, load: () => module, log: (l) => lines.push(l) }).start({ port: 1, authtoken: 'secret-token-1234' });
    state.config?.onLogEvent?.('INFO ngrok - session up with secret-token-1234');
    expect(lines).toEqual(['INFO ngrok - session up with [redacted]']);
  });

  it('maps SDK errors through the ngrok error table', async () => {
    const module = failingNgrokModule(ngrokFailures.domainOtherAccount);
    const err = await rejection(new NgrokProvider({ env: {}, load: () => module }).start({ port: 1, authtoken: 't', domain: 'd.ngrok.app' }));
    expect(err.code).toBe('ngrok_domain_other_account');
    expect(err.diagnosis.problem).toContain('"d.ngrok.app"');
    expect(module.calls).toBe(1);
  });

  it.each([
    ['offline', 'ngrok_no_network'],
    ['authtokenMalformed', 'ngrok_authtoken_invalid'],
    ['accountRequired', 'ngrok_authtoken_missing'],
    ['sessionLimit', 'ngrok_session_limit'],
    ['domainNotReserved', 'ngrok_domain_not_reserved'],
    ['customSubdomainPaid', 'ngrok_domain_not_allowed'],
  ] as const)('the failing provider for %s yields %s', async (name, code) => {
    expect((await rejection(failingNgrokProvider(ngrokFailures[name]).start({ port: 1 }))).code).toBe(code);
  });

  it('a native module that does not load is its own diagnosis', async () => {
    const provider = new NgrokProvider({
      env: {},
      load: () => {
        throw new Error('Cannot find module ngrok.linux-x64-gnu.node');
      },
    });
    const err = await rejection(provider.start({ port: 1, authtoken: 't' }));
    expect(err.code).toBe('ngrok_module_missing');
    expect(err.diagnosis.fix).toMatch(/own public URL/);
  });

  it('a listener without a URL is an error, and is closed', async () => {
    const { module, state } = fakeNgrok(null);
    const err = await rejection(new NgrokProvider({ env: {}, load: () => module }).start({ port: 1, authtoken: 't' }));
    expect(err.code).toBe('ngrok_unknown');
    expect(state.closed).toBe(1);
  });

  it('normaliseDomain strips scheme, path and blanks', () => {
    expect(normaliseDomain(' https://a.ngrok-free.app/mcp ')).toBe('a.ngrok-free.app');
    expect(normaliseDomain('a.ngrok.app')).toBe('a.ngrok.app');
    expect(normaliseDomain('  ')).toBeUndefined();
    expect(normaliseDomain(undefined)).toBeUndefined();
  });
});

describe('OwnUrlProvider', () => {
  it('returns a connected tunnel on the origin of a valid https URL', async () => {
    const tunnel = await new OwnUrlProvider(' https://mcp.example.com/mcp ').start();
    expect(tunnel.url).toBe('https://mcp.example.com');
    expect(tunnel.state).toBe('connected');
    await tunnel.close();
    expect(tunnel.state).toBe('closed');
  });

  it('accepts http on loopback only', async () => {
    expect((await new OwnUrlProvider('http://127.0.0.1:8080').start()).url).toBe('http://127.0.0.1:8080');
    expect((await rejection(new OwnUrlProvider('http://example.com').start())).code).toBe('url_not_https');
  });

  it("turns a missing or malformed URL into a TunnelError with the parser's fix", async () => {
    const missing = await rejection(new OwnUrlProvider(undefined).start());
    expect(missing.code).toBe('url_missing');
    expect(missing.diagnosis.fix).toBe(missing.fix);
    expect(missing.diagnosis.action).toMatchObject({ kind: 'command', command: 'auth0Mcp.usePublicUrl' });
    expect((await rejection(new OwnUrlProvider('not a url').start())).code).toBe('url_invalid');
  });
});

describe('StatefulTunnel', () => {
  it('fires only on real changes, keeps a failure diagnosis, and stays closed', async () => {
    const tunnel = new StatefulTunnel('https://x.example', async () => {}, 'connecting');
    const seen: string[] = [];
    tunnel.onStateChange((s) => seen.push(s));
    tunnel.setState('connecting');
    tunnel.setState('connected');
    tunnel.setState('failed', { problem: 'p', fix: 'f' });
    expect(tunnel.error).toEqual({ problem: 'p', fix: 'f' });
    tunnel.setState('connected');
    expect(tunnel.error).toBeUndefined();
    await tunnel.close();
    tunnel.setState('connected');
    expect(seen).toEqual(['connected', 'failed', 'connected', 'closed']);
  });

  it('still ends closed when the close hook fails', async () => {
    const tunnel = new StatefulTunnel('https://x.example', async () => {
      throw new Error('close failed');
    });
    await expect(tunnel.close()).rejects.toThrow('close failed');
    expect(tunnel.state).toBe('closed');
  });
});
