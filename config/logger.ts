import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '.';
import { safeError } from './safe-error';

export type { Logger };

/**
 * Keys whose values never reach a log line, at the top level or one object down. The API logs no headers
 * or bodies and activities log no provider payloads, so this is a second line of defence, not the first.
 */
export const REDACTED_KEYS = [
  'authorization',
  'apiKey',
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'token',
  'card',
  'cardNumber',
  'cvc',
  'iban',
];
export const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]);

/**
 * The process's root logger: one JSON object per line on stdout (or `destination`), level as a word, time
 * as ISO 8601, and `service` ("api", "worker", "ops") to tell processes apart in a shared log stream.
 * Callers derive child loggers that carry requestId, workflowId and orgId.
 */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL'>,
  { service, destination }: { service: string; destination?: DestinationStream },
): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Every error under `err` or `error` goes through safeError: SDK errors carry request headers.
      serializers: { err: safeError, error: safeError },
    },
    // Synchronous writes to stdout: nothing is lost when the process exits, and our volume is small.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** For code that takes a logger but was given none. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
