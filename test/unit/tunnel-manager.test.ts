import { describe, expect, it } from 'vitest';
import { StatefulTunnel } from '../../src/core/tunnel/stateful-tunnel';
import { TunnelError } from '../../src/core/tunnel/tunnel-error';
import { TunnelManager, type TunnelStatus } from '../../src/core/tunnel/tunnel-manager';
import type { TunnelProvider, TunnelStartOptions } from '../../src/core/tunnel/types';
import { failingNgrokProvider, ngrokFailures } from '../support/failing-tunnel';

/** A provider whose start() the test resolves by hand, to see the manager in between. */
function manualProvider(url: string) {
  const started: { opts: TunnelStartOptions; tunnel: StatefulTunnel; resolve: () => void }[] = [];
  const provider: TunnelProvider = {
    kind: 'fake',
    start: (opts) =>
      new Promise((resolve) => {
        const tunnel = new StatefulTunnel(url);
        started.push({ opts, tunnel, resolve: () => resolve(tunnel) });
      }),
  };
  return { provider, started };
}

function record(manager: TunnelManager): TunnelStatus[] {
  const seen: TunnelStatus[] = [];
  manager.onDidChange((s) => seen.push(s));
  return seen;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('TunnelManager', () => {
  it('starts closed with no URL', () => {
    expect(new TunnelManager().current).toEqual({ state: 'closed' });
  });

  it('goes connecting → connected and exposes url, appUrl and host', async () => {
    const manager = new TunnelManager();
    const seen = record(manager);
    const { provider, started } = manualProvider('https://abc.ngrok-free.app');

    const done = manager.start(provider, { port: 3000 });
    await tick();
    expect(manager.current).toEqual({ state: 'connecting', provider: 'fake' });
    started[0].resolve();
    const status = await done;

    expect(started[0].opts).toEqual({ port: 3000 });
    expect(status).toEqual({
      state: 'connected',
      url: 'https://abc.ngrok-free.app',
      appUrl: 'https://abc.ngrok-free.app/mcp',
      host: 'abc.ngrok-free.app',
      provider: 'fake',
    });
    expect(seen.map((s) => s.state)).toEqual(['connecting', 'connected']);
  });

  it("relays the tunnel's own state changes (reconnecting, connected, failed)", async () => {
    const manager = new TunnelManager();
    const { provider, started } = manualProvider('https://abc.ngrok-free.app');
    const done = manager.start(provider, { port: 3000 });
    await tick();
    started[0].resolve();
    await done;
    const seen = record(manager);

    started[0].tunnel.setState('reconnecting');
    started[0].tunnel.setState('connected');
    started[0].tunnel.setState('failed');
    expect(seen.map((s) => s.state)).toEqual(['reconnecting', 'connected', 'failed']);
    expect(seen[0].url).toBe('https://abc.ngrok-free.app');
    expect(seen[2].error?.problem).toContain('fake tunnel stopped');
  });

  it("uses the tunnel's own diagnosis when it fails with one", async () => {
    const manager = new TunnelManager();
    const { provider, started } = manualProvider('https://abc.ngrok-free.app');
    const done = manager.start(provider, { port: 1 });
    await tick();
    started[0].resolve();
    await done;
    started[0].tunnel.setState('failed', { problem: 'p', fix: 'f' });
    expect(manager.current.error).toEqual({ problem: 'p', fix: 'f' });
  });

  it('stop closes the tunnel, clears the URL and emits once', async () => {
    const manager = new TunnelManager();
    const { provider, started } = manualProvider('https://abc.ngrok-free.app');
    const done = manager.start(provider, { port: 3000 });
    await tick();
    started[0].resolve();
    await done;
    const seen = record(manager);

    await manager.stop();
    expect(started[0].tunnel.state).toBe('closed');
    expect(manager.current).toEqual({ state: 'closed' });
    expect(seen).toEqual([{ state: 'closed' }]);

    await manager.stop(); // nothing running: no event
    expect(seen).toHaveLength(1);
    // Late events from the closed tunnel are ignored.
    started[0].tunnel.setState('connected');
    expect(seen).toHaveLength(1);
  });

  it('a start failure becomes state "failed" with the diagnosis, and does not reject', async () => {
    const manager = new TunnelManager();
    const seen = record(manager);
    const status = await manager.start(failingNgrokProvider(ngrokFailures.sessionLimit), { port: 3000 });

    expect(status.state).toBe('failed');
    expect(status.url).toBeUndefined();
    expect(status.provider).toBe('ngrok');
    expect(status.error?.action).toMatchObject({ kind: 'open', url: 'https://dashboard.ngrok.com/agents' });
    expect(seen.map((s) => s.state)).toEqual(['connecting', 'failed']);
  });

  it('a plain Error from a provider still becomes a diagnosis', async () => {
    const manager = new TunnelManager();
    const status = await manager.start(
      {
        kind: 'x',
        start: async () => {
          throw new Error('kaput');
        },
      },
      { port: 1 },
    );
    expect(status.error?.problem).toContain('kaput');
  });

  it('starting again replaces the running tunnel', async () => {
    const manager = new TunnelManager();
    const first = manualProvider('https://one.example');
    const second = manualProvider('https://two.example');
    const a = manager.start(first.provider, { port: 1 });
    await tick();
    first.started[0].resolve();
    await a;

    const b = manager.start(second.provider, { port: 1 });
    await tick();
    expect(first.started[0].tunnel.state).toBe('closed');
    second.started[0].resolve();
    expect((await b).url).toBe('https://two.example');
    first.started[0].tunnel.setState('failed'); // the old one must not leak into the snapshot
    expect(manager.current.state).toBe('connected');
  });

  it('a stop during connecting wins: the late tunnel is closed and the state stays closed', async () => {
    const manager = new TunnelManager();
    const { provider, started } = manualProvider('https://abc.example');
    const done = manager.start(provider, { port: 1 });
    await tick();
    await manager.stop();
    started[0].resolve();
    const status = await done;

    expect(status).toEqual({ state: 'closed' });
    expect(started[0].tunnel.state).toBe('closed');
  });

  it('a stale failure does not overwrite a newer state', async () => {
    const manager = new TunnelManager();
    let reject!: (e: unknown) => void;
    const slow: TunnelProvider = { kind: 'slow', start: () => new Promise((_, r) => (reject = r)) };
    const done = manager.start(slow, { port: 1 });
    await tick();
    await manager.stop();
    reject(new TunnelError({ problem: 'ngrok_unknown', fix: 'x' }, 'ngrok_unknown'));
    await done;
    expect(manager.current).toEqual({ state: 'closed' });
  });

  it('a listener that throws does not stop the others', async () => {
    const manager = new TunnelManager();
    manager.onDidChange(() => {
      throw new Error('bad renderer');
    });
    const seen = record(manager);
    await manager.start({ kind: 'x', start: async () => new StatefulTunnel('https://x.example') }, { port: 1 });
    expect(seen.at(-1)?.state).toBe('connected');
  });

  it('disposing a subscription stops its events', async () => {
    const manager = new TunnelManager();
    const seen: TunnelStatus[] = [];
    manager.onDidChange((s) => seen.push(s)).dispose();
    await manager.start({ kind: 'x', start: async () => new StatefulTunnel('https://x.example') }, { port: 1 });
    expect(seen).toEqual([]);
  });
});
