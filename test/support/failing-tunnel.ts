// A tunnel provider that fails the way @ngrok/ngrok 1.7.0 does: an Error with `code` "GenericFailure" (the napi
// status), the service's "ERR_NGROK_<n>" at the end of the message and copied to `errorCode` (the SDK's
// populateErrorCode). Drives the real ngrok adapter through an injected module, so the mapping is the product's own.

import { NgrokProvider, type NgrokModule } from '../../src/core/tunnel/ngrok-provider';
import type { TunnelProvider } from '../../src/core/tunnel/types';

export interface NgrokErrorShape {
  message: string;
  /** "GenericFailure" for everything the SDK reports, as seen on 1.7.0. */
  code?: string;
}

/** Builds an error shaped like the SDK's. `errorCode` is derived from the message exactly as the SDK does. */
export function ngrokSdkError({ message, code = 'GenericFailure' }: NgrokErrorShape): Error {
  const err = new Error(message) as Error & { code: string; errorCode?: string };
  err.code = code;
  const match = /error_code: (ERR_NGROK_\d+)$/.exec(message);
  if (match) err.errorCode = match[1];
  return err;
}

/** Messages in the shape the ngrok service returns them (text from ngrok's error reference, trimmed). */
export const ngrokFailures = {
  offline: { message: 'failed to connect session: failed to establish tcp connection' },
  authtokenMalformed: {
    message:
      'failed to connect session: authentication failed: The authtoken you specified does not look like a proper ngrok authtoken.\nYour authtoken: fake_TOKEN_value\nInstructions to install your authtoken are on your ngrok dashboard:\nhttps://dashboard.ngrok.com/get-started/your-authtoken\n\nERR_NGROK_105\n, error_code: ERR_NGROK_105',
  },
  authtokenInvalid: {
    message:
      'failed to connect session: authentication failed: The authtoken you specified is properly formed, but it is invalid.\nYour authtoken: 2abcdefghijklmnopqrstuv_1234567890ABCDEFGHIJ\n\nERR_NGROK_107\n, error_code: ERR_NGROK_107',
  },
  accountRequired: {
    message:
      'failed to connect session: authentication failed: Usage of ngrok requires a verified account and authtoken.\n\nERR_NGROK_4018\n, error_code: ERR_NGROK_4018',
  },
  sessionLimit: {
    message:
      'failed to connect session: authentication failed: Your account is limited to 3 simultaneous ngrok agent sessions.\n\nERR_NGROK_108\n, error_code: ERR_NGROK_108',
  },
  domainNotReserved: {
    message:
      'failed to start tunnel: You must reserve a custom hostname for your account before it can be used to create endpoints.\n\nERR_NGROK_319\n, error_code: ERR_NGROK_319',
  },
  domainOtherAccount: {
    message: 'failed to start tunnel: This domain is reserved for another account.\n\nERR_NGROK_320\n, error_code: ERR_NGROK_320',
  },
  customSubdomainPaid: {
    message: "failed to start tunnel: Custom subdomains are a feature on ngrok's paid plans.\n\nERR_NGROK_313\n, error_code: ERR_NGROK_313",
  },
} satisfies Record<string, NgrokErrorShape>;

/** An ngrok module stand-in whose forward() always rejects with the given shape. */
export function failingNgrokModule(shape: NgrokErrorShape): NgrokModule & { calls: number } {
  const module = {
    calls: 0,
    forward: async () => {
      module.calls++;
      throw ngrokSdkError(shape);
    },
  };
  return module;
}

/** The real NgrokProvider wired to a failing module: start() rejects with the mapped TunnelError. */
export function failingNgrokProvider(shape: NgrokErrorShape, authtoken = 'test-authtoken-not-real'): TunnelProvider {
  return new NgrokProvider({ load: () => failingNgrokModule(shape), env: { NGROK_AUTHTOKEN: authtoken } });
}
