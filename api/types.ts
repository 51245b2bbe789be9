import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Models } from '../models';

export type Principal = { kind: 'admin' } | { kind: 'bank' } | { kind: 'organization'; orgId: string };

export interface AppDeps {
  models: Models;
  config: Config;
  temporal: Client;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** What an idempotent replay returns, when it must differ from the live answer (secrets removed). */
    idempotentReplayBody?: unknown;
  };
}
