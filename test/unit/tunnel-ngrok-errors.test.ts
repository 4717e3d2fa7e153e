import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/plan/types';
import { classifyNgrokError, missingAuthtokenError, ngrokErrorCode, toNgrokTunnelError, type NgrokErrorKind } from '../../src/core/tunnel/ngrok-errors';
import { TunnelError, diagnosisOf, redactSecrets } from '../../src/core/tunnel/tunnel-error';
import { ngrokFailures, ngrokSdkError } from '../support/failing-tunnel';

const SET_TOKEN = { kind: 'command', command: 'auth0Mcp.setNgrokAuthtoken', label: 'Set ngrok Authtoken' };

// One row per code ngrok documents (https://ngrok.com/docs/errors/err_ngrok_<n>), as the service reports it.
const table: { code: string; kind: NgrokErrorKind; action: 'set-token' | string | undefined }[] = [
  { code: 'ERR_NGROK_4018', kind: 'ngrok_authtoken_missing', action: 'set-token' },
  { code: 'ERR_NGROK_105', kind: 'ngrok_authtoken_invalid', action: 'set-token' },
  { code: 'ERR_NGROK_106', kind: 'ngrok_authtoken_invalid', action: 'set-token' },
  { code: 'ERR_NGROK_107', kind: 'ngrok_authtoken_invalid', action: 'set-token' },
  { code: 'ERR_NGROK_300', kind: 'ngrok_authtoken_invalid', action: 'set-token' },
  { code: 'ERR_NGROK_108', kind: 'ngrok_session_limit', action: 'https://dashboard.ngrok.com/agents' },
  { code: 'ERR_NGROK_319', kind: 'ngrok_domain_not_reserved', action: 'https://dashboard.ngrok.com/domains' },
  { code: 'ERR_NGROK_320', kind: 'ngrok_domain_other_account', action: 'https://dashboard.ngrok.com/domains' },
  { code: 'ERR_NGROK_313', kind: 'ngrok_domain_not_allowed', action: 'https://dashboard.ngrok.com/domains' },
  { code: 'ERR_NGROK_314', kind: 'ngrok_domain_not_allowed', action: 'https://dashboard.ngrok.com/domains' },
  { code: 'ERR_NGROK_15000', kind: 'ngrok_domain_not_allowed', action: 'https://dashboard.ngrok.com/domains' },
  { code: 'ERR_NGROK_322', kind: 'ngrok_domain_other_region', action: 'https://dashboard.ngrok.com/domains' },
  { code: 'ERR_NGROK_334', kind: 'ngrok_endpoint_in_use', action: 'https://dashboard.ngrok.com/agents' },
];

describe('ngrok error mapping', () => {
  it.each(table)('$code → $kind', ({ code, kind, action }) => {
    const err = ngrokSdkError({ message: `failed to start tunnel: something.\n\n${code}\n, error_code: ${code}` });
    expect(classifyNgrokError(err)).toBe(kind);

    const mapped = toNgrokTunnelError(err, { domain: 'my-app.ngrok-free.app' });
    expect(mapped).toBeInstanceOf(TunnelError);
    expect(mapped).toBeInstanceOf(UserError);
    expect(mapped.code).toBe(kind);
    expect(mapped.message).toBe(mapped.diagnosis.problem);
    expect(mapped.fix).toBe(mapped.diagnosis.fix);
    if (action === 'set-token') expect(mapped.diagnosis.action).toEqual(SET_TOKEN);
    else expect(mapped.diagnosis.action).toMatchObject({ kind: 'open', url: action });
  });

  it('reads the code from errorCode when the message does not carry it', () => {
    const err = Object.assign(new Error('authentication failed'), { code: 'GenericFailure', errorCode: 'ERR_NGROK_107' });
    expect(ngrokErrorCode(err)).toBe('ERR_NGROK_107');
    expect(classifyNgrokError(err)).toBe('ngrok_authtoken_invalid');
  });

  it('reads the code from the message when errorCode is absent (older SDKs, wrapped errors)', () => {
    expect(ngrokErrorCode(new Error('tunnel failed ERR_NGROK_108 here'))).toBe('ERR_NGROK_108');
  });

  it('names the requested domain in domain problems', () => {
    const err = toNgrokTunnelError(ngrokSdkError(ngrokFailures.domainNotReserved), { domain: 'mine.ngrok-free.app' });
    expect(err.diagnosis.problem).toContain('"mine.ngrok-free.app"');
  });

  it('maps the offline failure (GenericFailure, no code) to "no network", without an action', () => {
    const err = toNgrokTunnelError(ngrokSdkError(ngrokFailures.offline));
    expect(err.code).toBe('ngrok_no_network');
    expect(err.diagnosis.problem).toMatch(/offline/);
    expect(err.diagnosis.action).toBeUndefined();
    expect(err.detail).toBe('failed to connect session: failed to establish tcp connection');
  });

  it.each(['failed to connect session: dns error: failed to lookup address information', 'connection timed out'])('maps "%s" to no network', (message) => {
    expect(classifyNgrokError(ngrokSdkError({ message }))).toBe('ngrok_no_network');
  });

  it("an unknown code links ngrok's page for it and quotes the first line of the message", () => {
    const err = toNgrokTunnelError(ngrokSdkError({ message: 'failed to start tunnel: odd thing\nmore\n, error_code: ERR_NGROK_9999' }));
    expect(err.code).toBe('ngrok_unknown');
    expect(err.diagnosis.problem).toBe('ngrok could not start the tunnel: failed to start tunnel: odd thing');
    expect(err.diagnosis.action).toEqual({ kind: 'open', url: 'https://ngrok.com/docs/errors/err_ngrok_9999/', label: 'About ERR_NGROK_9999' });
  });

  it('an unknown error without a code gets a generic diagnosis and no action', () => {
    const err = toNgrokTunnelError('weird');
    expect(err.code).toBe('ngrok_unknown');
    expect(err.diagnosis.action).toBeUndefined();
  });

  it('never carries the authtoken, even when ngrok echoes it', () => {
    const token = 'fake_TOKEN_value';
    const err = toNgrokTunnelError(ngrokSdkError(ngrokFailures.authtokenMalformed), { authtoken: token });
    const everything = JSON.stringify({ m: err.message, f: err.fix, d: err.diagnosis, detail: err.detail, s: err.stack });
    expect(everything).not.toContain(token);

    // And a token the caller did not pass in is still caught by its shape and by "Your authtoken:".
    const other = toNgrokTunnelError(ngrokSdkError(ngrokFailures.authtokenInvalid));
    expect(other.detail).not.toContain('2abcdefghijklmnopqrstuv_1234567890ABCDEFGHIJ');
    expect(other.detail).toContain('Your authtoken: [redacted]');
  });

  it('a missing authtoken is its own error, raised before ngrok is called', () => {
    const err = missingAuthtokenError();
    expect(err.code).toBe('ngrok_authtoken_missing');
    expect(err.diagnosis.action).toEqual(SET_TOKEN);
    expect(err.diagnosis.fix).toContain('https://dashboard.ngrok.com/get-started/your-authtoken');
  });
});

describe('diagnosisOf and redactSecrets', () => {
  it('keeps a TunnelError diagnosis, turns a UserError into problem + fix, and wraps anything else', () => {
    const tunnelErr = missingAuthtokenError();
    expect(diagnosisOf(tunnelErr)).toBe(tunnelErr.diagnosis);
    expect(diagnosisOf(new UserError('bad', 'do this', 'unexpected'))).toEqual({ problem: 'bad', fix: 'do this' });
    expect(diagnosisOf(new Error('boom')).problem).toContain('boom');
  });

  it('scrubs explicit secrets and token-shaped strings', () => {
    expect(redactSecrets('token abcd1234 here', 'abcd1234')).toBe('token [redacted] here');
    expect(redactSecrets('x 2abcdefghijklmnopqrstuv_1234567890ABCDEFGHIJ y')).toBe('x [redacted] y');
    expect(redactSecrets('nothing secret')).toBe('nothing secret');
  });
});
