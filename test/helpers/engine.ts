/**
 * The whole engine in one test process: a fresh database, a worker on a task queue of its own running the
 * real activities, and the Hono app wired to both. Requests go through `app.request`, as a portal's would.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createApp } from '../../api/app';
import { ADMIN_KEY, apiClient, BANK_SECRET } from './api-client';
import { loadConfig, type Config } from '../../config';
import { testDatabase } from './database';
import { testClient, workflowBundle } from './temporal';

export { ADMIN_KEY, BANK_SECRET };

export async function startEngine(overrides: Partial<Record<keyof Config, string>> = {}, { inProcessWorker = true } = {}) {
  const database = await testDatabase();
  const { client } = await testClient();
  const taskQueue = `test-${randomUUID()}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    ADMIN_API_KEY: ADMIN_KEY,
    BANK_WEBHOOK_SECRET: BANK_SECRET,
    TEMPORAL_TASK_QUEUE: taskQueue,
    RESEND_API_KEY: '',
    // Billing workflows only where a test asks for them (test/billing/*): the others create organizations freely.
    BILLING_START_ON_ACTIVATION: 'false',
    ...overrides,
  });
  const app = createApp({ models: database.models, config, temporal: client });

  let worker: { connection: NativeConnection; running: Promise<void>; worker: Worker } | undefined;
  async function startWorker() {
    const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const created = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: createActivities({ models: database.models, config, temporal: client }),
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
  if (inProcessWorker) await startWorker();

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
  const workerEnv = {
    ...process.env,
    NODE_ENV: 'test',
    ADMIN_API_KEY: ADMIN_KEY,
    BANK_WEBHOOK_SECRET: BANK_SECRET,
    TEMPORAL_TASK_QUEUE: taskQueue,
    MONGODB_URI: database.uri,
    RESEND_API_KEY: '',
    BILLING_START_ON_ACTIVATION: 'false',
    ...overrides,
  };

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
