// The real @ngrok/ngrok with a fake authtoken, dialling a closed loopback port instead of the ngrok service (so no
// traffic leaves the machine, network or not): forward() rejects within milliseconds with "failed to connect
// session: failed to establish tcp connection" (GenericFailure), which must become the "no network" diagnosis.

import { describe, expect, it } from 'vitest';
import { loadNgrokModule, NgrokProvider } from '../../src/core/tunnel/ngrok-provider';
import { TunnelError } from '../../src/core/tunnel/tunnel-error';

function nativeModuleLoadError(): string | undefined {
  try {
    loadNgrokModule();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const loadError = nativeModuleLoadError();
if (loadError) console.warn(`Skipping the real-ngrok offline test: @ngrok/ngrok does not load here (${loadError}).`);

describe.skipIf(loadError !== undefined)('NgrokProvider with the real SDK, offline', () => {
  it('rejects quickly with the mapped "no network" diagnosis, never echoing the token', { timeout: 15_000 }, async () => {
    const fakeToken = 'fake_offline_test_token_0123456789';
    const provider = new NgrokProvider({ env: {}, serverAddr: '127.0.0.1:9' });

    const outcome = await Promise.race([
      provider.start({ port: 9, authtoken: fakeToken }).then(
        async (tunnel) => {
          await tunnel.close();
          return 'connected' as const;
        },
        (err: unknown) => err,
      ),
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref()),
    ]);

    expect(outcome).toBeInstanceOf(TunnelError);
    const err = outcome as TunnelError;
    expect(err.code).toBe('ngrok_no_network');
    expect(err.detail).toBe('failed to connect session: failed to establish tcp connection');
    expect(JSON.stringify({ m: err.message, f: err.fix, d: err.detail })).not.toContain(fakeToken);
  });
});
