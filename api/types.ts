import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { EventRecorder } from '../activities/events';
import type { Models } from '../models';
import type { BillingReads } from './billing-reads';

export type Principal = { kind: 'admin' } | { kind: 'bank' } | { kind: 'organization'; orgId: string };

export interface AppDeps {
  models: Models;
  config: Config;
  temporal: Client;
  /** The process's root logger (api/server.ts); without one the app logs nothing (tests pass a capturing one). */
  logger?: Logger;
  /** Records the facts the API itself makes (an organization created, a bank credit unmatched); built by createApp. */
  events: EventRecorder;
  /** The overview and open-order reads the routes and the portal share (api/billing-reads.ts); built by createApp. */
  reads: BillingReads;
}

/** What a process hands createApp: the reads are built from the rest, and the event recorder too unless a test brings its own. */
export type AppInput = Omit<AppDeps, 'events' | 'reads'> & { events?: EventRecorder };

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
