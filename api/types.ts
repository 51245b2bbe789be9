import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { EventRecorder } from '../activities/events';
import type { Models } from '../models';

export type Principal = { kind: 'admin' } | { kind: 'bank' } | { kind: 'organization'; orgId: string };

export interface AppDeps {
  models: Models;
  config: Config;
  temporal: Client;
  /** The process's root logger (api/server.ts); without one the app logs nothing (tests pass a capturing one). */
  logger?: Logger;
  /** Records the facts the API itself makes (an organization created, a bank credit unmatched); built by createApp. */
  events: EventRecorder;
}

/** What a process hands createApp: the event recorder is built from the rest unless a test brings its own. */
export type AppInput = Omit<AppDeps, 'events'> & { events?: EventRecorder };

export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** What an idempotent replay returns, when it must differ from the live answer (secrets removed). */
    idempotentReplayBody?: unknown;
    /** The root logger with this request's id: every line logged while answering carries it. */
    logger: Logger;
  };
}
