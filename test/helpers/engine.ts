/**
 * The whole engine in one test process: a fresh database, a worker on a task queue of its own running the
 * real activities, and the Hono app wired to both. Requests go through `app.request`, as a portal's would.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type Activities } from '../../activities';
import { createApp } from '../../api/app';
import { ADMIN_KEY, apiClient, BANK_SECRET } from './api-client';
import { loadConfig, type Config } from '../../config';
import { testDatabase } from './database';
import { quietRuntime, testClient, workflowBundle } from './temporal';

export { ADMIN_KEY, BANK_SECRET };

type Overrides = Partial<Record<keyof Config, string>>;
/** Swaps some of the real activities for test doubles built on them. */
type ReplaceActivities = (real: Activities) => Partial<Activities>;
export interface EngineOptions {
  /** false: no worker until the test starts one (a worker process, or `startWorker`). */
  inProcessWorker?: boolean;
  replaceActivities?: ReplaceActivities;
}

export async function startEngine(overrides: Overrides = {}, { inProcessWorker = true, replaceActivities }: EngineOptions = {}) {
  quietRuntime();
  const database = await testDatabase();
  const { client } = await testClient();
  const taskQueue = `test-${randomUUID()}`;
  // Billing workflows only where a test asks for them (test/billing/*): the others create organizations freely.
  const env = engineEnv(taskQueue, { BILLING_START_ON_ACTIVATION: 'false', ...overrides });
  const config = loadConfig(env);
  const app = createApp({ models: database.models, config, temporal: client });

  let worker: { connection: NativeConnection; running: Promise<void>; worker: Worker } | undefined;
  async function startWorker(replace: ReplaceActivities = () => ({})) {
    const activities = createActivities({ models: database.models, config, temporal: client });
    const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const created = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: { ...activities, ...replace(activities) },
    });
    worker = { connection, worker: created, running: created.run() };
  }
  async function stopWorker() {
    if (!worker) return;
    worker.worker.shutdown();
    await worker.running;
    await worker.connection.close();
    worker = undefined;
  }
  if (inProcessWorker) await startWorker(replaceActivities);

  const { call, reportCredits, createOrganization } = apiClient(app);

  /**
   * Every test file shares the Temporal namespace but gets a fresh database, so ids built from business keys
   * (a refund's `refund/refund:CN-2026-000001:1`, numbered anew in each database) come back in the next
   * file. A workflow left running here could never finish without this engine's worker, and would hold its
   * id: the next file's credit note would then fail to start its own refund under it. Stopping ends them.
   */
  async function terminateLeftoverWorkflows() {
    const query = `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`;
    for await (const execution of client.workflow.list({ query })) {
      await client.workflow
        .getHandle(execution.workflowId, execution.runId)
        .terminate('the test engine stopped')
        .catch((error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        });
    }
  }

  async function stop() {
    await stopWorker();
    await terminateLeftoverWorkflows();
    await database.drop();
  }

  /** The environment a worker process needs to serve this engine's task queue and database. */
  const workerEnv = { ...env, MONGODB_URI: database.uri };

  return {
    app,
    config,
    client,
    models: database.models,
    taskQueue,
    workerEnv,
    call,
    reportCredits,
    createOrganization,
    startWorker,
    stopWorker,
    stop,
  };
}

export type Engine = Awaited<ReturnType<typeof startEngine>>;

/** The environment both test engines load their config from: test keys, a task queue of their own, no e-mail sent. */
export function engineEnv(taskQueue: string, overrides: Overrides): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    ADMIN_API_KEY: ADMIN_KEY,
    BANK_WEBHOOK_SECRET: BANK_SECRET,
    TEMPORAL_TASK_QUEUE: taskQueue,
    RESEND_API_KEY: '',
    ...overrides,
  };
}

/**
 * An engine for every test of this file: started before them, stopped after them (`beforeStop` first, e.g. a
 * check of the books), then the file's Temporal client closed so jest can exit. Its fields are filled in
 * once beforeAll has run: read them inside tests and hooks.
 */
export function engineForThisFile(overrides: Overrides = {}, { beforeStop, ...options }: EngineOptions & BeforeStop = {}): Engine {
  const engine = {} as Engine;
  forThisFile(
    async () => {
      const started = await startEngine(overrides, options);
      fillIn(engine, started);
      return thenCloseTestClient(started.stop);
    },
    () => beforeStop?.(engine),
  );
  return engine;
}

export type BeforeStop = { beforeStop?: (engine: Engine) => Promise<void> };

/**
 * Runs `start` before this file's tests; after them, `beforeStop` (if the start succeeded), then the stop
 * `start` answered, even if `beforeStop` threw.
 */
export function forThisFile(
  start: () => Promise<() => Promise<void>>,
  beforeStop: () => Promise<void> | undefined = () => undefined,
): void {
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    stop = await start();
  });
  afterAll(async () => {
    if (!stop) return;
    try {
      await beforeStop();
    } finally {
      await stop();
    }
  });
}

/** `stop`, then the Temporal client the test file shares, so jest can exit. */
export const thenCloseTestClient = (stop: () => Promise<void>) => async () => {
  try {
    await stop();
  } finally {
    await (await testClient()).close();
  }
};

/**
 * Gives `placeholder` (handed to the tests before anything started) every property of `started`, getters and
 * setters as such, so that setting a field on it still sets the original's.
 */
export function fillIn<T extends object>(placeholder: T, started: T): void {
  Object.defineProperties(placeholder, Object.getOwnPropertyDescriptors(started));
}

/** Polls until `check` returns a truthy value (a workflow reacting to a signal is asynchronous). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Holds the first call of a function until `release()`, announcing it on `reached`: a slow mailer or provider
 * at the moment a test needs a window open. Later calls run at once.
 */
export function holdFirstCall() {
  let holding = false;
  let announce!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (announce = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  function wrap<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      if (!holding) {
        holding = true;
        announce();
        await released;
      }
      return fn(...args);
    };
  }
  return { wrap, reached, release };
}
