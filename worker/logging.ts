/**
 * The worker's logs: the Temporal runtime's logger (SDK, Core, workflow and activity context loggers) writes
 * through pino, so the worker emits the same JSON lines as the API. The SDK already attaches workflowId,
 * runId, workflowType, taskQueue (and activityType, attempt) to workflow and activity lines; the interceptors
 * here and in workflows/interceptors.ts add orgId.
 */
import { defaultPayloadConverter, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Logger } from '../config/logger';
import { ORG_ID_HEADER, orgIdOfArgs } from '../workflows/interceptors';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Temporal's `Logger` interface over a pino logger. */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly pino: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    // pino serializes errors under `err` (message, type, stack); any other key would print `{}`.
    const { error, ...rest } = meta as LogMetadata & { error?: unknown };
    const fields = error === undefined ? rest : { ...rest, err: error };
    this.pino[PINO_LEVEL[level] ?? 'info'](fields, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * Adds `orgId` to the log lines of each activity execution: from the header the workflow interceptor sets,
 * else from the activity's first argument. (The SDK's own "Activity started" line is written before any
 * interceptor runs, so it has workflowId but not orgId; "completed" and "failed" lines have both.)
 */
export const activityLogContext: ActivityInterceptorsFactory = () => {
  let orgId: string | undefined;
  return {
    inbound: {
      async execute(input, next) {
        const header = input.headers[ORG_ID_HEADER];
        orgId = header ? defaultPayloadConverter.fromPayload<string>(header) : orgIdOfArgs(input.args);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(attributes, next) {
        return next(orgId ? { ...attributes, orgId } : attributes);
      },
    },
  };
};
