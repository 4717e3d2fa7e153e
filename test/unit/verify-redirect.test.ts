// The loopback redirect listener: what the browser sees, and what the verifier gets back.

import { afterEach, describe, expect, it } from 'vitest';
import { SignInError, startRedirectListener, type RedirectListener } from '../../src/core/verify';

let listener: RedirectListener;
afterEach(async () => {
  await listener?.close();
});

async function visit(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

describe('redirect listener', () => {
  it('listens on 127.0.0.1 and hands over the code and iss of a matching state, with a friendly page', async () => {
    listener = await startRedirectListener();
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const waiting = listener.waitForCode('s1', 5_000);
    const page = await visit(`${listener.redirectUri}?code=abc&state=s1&iss=${encodeURIComponent('https://t/')}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Signed in.*You can close this tab/s);
    await expect(waiting).resolves.toEqual({ code: 'abc', iss: 'https://t/' });
    // A late second visit is told the sign-in is over.
    expect((await visit(`${listener.redirectUri}?code=abc&state=s1`)).status).toBe(410);
  });

  it('ignores a response with another state and keeps waiting for its own', async () => {
    listener = await startRedirectListener();
    const waiting = listener.waitForCode('expected', 5_000);
    const forged = await visit(`${listener.redirectUri}?error=access_denied&state=forged`);
    expect(forged.status).toBe(400);
    expect(forged.text).toMatch(/ignored/);
    await visit(`${listener.redirectUri}?code=right&state=expected`);
    await expect(waiting).resolves.toEqual({ code: 'right' });
  });

  it('passes on the authorization server error and shows it, escaped', async () => {
    listener = await startRedirectListener();
    const waiting = listener.waitForCode('s', 5_000);
    waiting.catch(() => undefined);
    const page = await visit(`${listener.redirectUri}?state=s&error=access_denied&error_description=${encodeURIComponent('<b>no</b>')}`);
    expect(page.text).toContain('&#60;b&#62;no');
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect(error).toMatchObject({ kind: 'denied', oauthError: 'access_denied' });
  });

  it('times out, and can be cancelled', async () => {
    listener = await startRedirectListener();
    await expect(listener.waitForCode('s', 50)).rejects.toMatchObject({ kind: 'timeout' });
    const controller = new AbortController();
    const waiting = listener.waitForCode('s', 5_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('answers 404 on other paths', async () => {
    listener = await startRedirectListener();
    expect((await visit(listener.redirectUri.replace('/callback', '/favicon.ico'))).status).toBe(404);
  });
});
