// One log line and one event per request, after the response is sent: method, path, status, time, and for
// 401/403 the challenge's error description (fixed wording from the verifier, never the token). Served requests log
// at debug level, refused ones at info/warn/error.

import type { RequestHandler } from 'express';
import type { McpServerEvent } from './config';
import type { McpLogger, McpLogLevel } from './logger';

export interface RequestCounters {
  requests: number;
  authFailures: number;
}

export function requestLog(logger: McpLogger, counters: RequestCounters, onEvent?: (e: McpServerEvent) => void): RequestHandler {
  // Lines nobody reads cost nothing: the line is formatted only when its level is on.
  const wants = (level: McpLogLevel) => logger.enabled?.(level) ?? true;
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      counters.requests++;
      const status = res.statusCode;
      const authFailure = (status === 401 || status === 403) && res.hasHeader('WWW-Authenticate');
      if (authFailure) counters.authFailures++;
      // Measured (npm run bench): writing a line per served request to a log nobody reads cost more than the token
      // check. So served requests are debug lines; refusals and errors, the ones a user looks for, stay visible.
      const level: McpLogLevel = authFailure ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (!onEvent && !wants(level)) return;
      const ms = performance.now() - started;
      const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
      const reason = authFailure ? challengeDescription(String(res.getHeader('WWW-Authenticate'))) : undefined;
      if (wants(level)) logger[level](`${req.method} ${path} → ${status} (${ms.toFixed(1)} ms)${reason ? `: ${reason}` : ''}`);
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
