// A tunnel failure as a value: the UserError message/fix plus the full diagnosis the UI renders.

import { UserError, type Diagnosis, type ErrorCode, errorMessage } from '../plan/types';

export class TunnelError extends UserError {
  constructor(
    readonly diagnosis: Diagnosis,
    code: ErrorCode,
    /** Redacted provider detail for the log panel (e.g. the ngrok message); never shown as the problem itself. */
    readonly detail?: string,
  ) {
    super(diagnosis.problem, diagnosis.fix, code, diagnosis.action);
    this.name = 'TunnelError';
  }
}

/** Any error to a diagnosis: TunnelErrors keep theirs, UserErrors become problem + fix, the rest a generic one. */
export function diagnosisOf(err: unknown): Diagnosis {
  if (err instanceof TunnelError) return err.diagnosis;
  if (err instanceof UserError) return { problem: err.message, fix: err.fix, ...(err.action ? { action: err.action } : {}) };
  const message = redactSecrets(errorMessage(err));
  return {
    problem: `The tunnel could not start: ${message}`,
    fix: 'Check the tunnel logs, then try again; or enter your own public URL instead.',
  };
}

const AUTHTOKEN_ECHO = /(authtoken[^:\n]*:\s*)\S+/gi;
// ngrok authtokens are long base62 strings with one underscore (e.g. "2abc…_7xyz…").
const AUTHTOKEN_SHAPE = /\b[0-9A-Za-z]{16,}_[0-9A-Za-z]{8,}\b/g;

/** Removes an authtoken from text. ngrok echoes the token in some errors ("Your authtoken: …"). */
export function redactSecrets(text: string, ...secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out.replace(AUTHTOKEN_ECHO, '$1[redacted]').replace(AUTHTOKEN_SHAPE, '[redacted]');
}
