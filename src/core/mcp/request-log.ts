// One log line and one event per request, after the response is sent: method, path, status, time, and for
// 401/403 the challenge's error description (fixed wording from the verifier, never the token).

import type { RequestHandler } from 'express';
import type { McpServerEvent } from './config';
import type { McpLogger } from './logger';

export interface RequestCounters {
  requests: number;
  authFailures: number;
}

export function requestLog(logger: McpLogger, counters: RequestCounters, onEvent?: (e: McpServerEvent) => void): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      counters.requests++;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
      const status = res.statusCode;
      const authFailure = (status === 401 || status === 403) && res.get('WWW-Authenticate') !== undefined;
      const reason = authFailure ? challengeDescription(res.get('WWW-Authenticate') ?? '') : undefined;
      const line = `${req.method} ${path} → ${status} (${ms.toFixed(1)} ms)${reason ? `: ${reason}` : ''}`;
      if (authFailure) {
        counters.authFailures++;
        logger.warn(line);
      } else if (status >= 500) {
        logger.error(line);
      } else {
        logger.info(line);
      }
      onEvent?.({ type: authFailure ? 'auth_failure' : 'request', method: req.method, path, status, ms, ...(reason ? { reason } : {}) });
    });
    next();
  };
}

export function challengeDescription(header: string): string {
  const error = /error="([^"]*)"/.exec(header)?.[1];
  const description = /error_description="([^"]*)"/.exec(header)?.[1];
  return [error, description].filter(Boolean).join(': ');
}
