/** Temporal access for tests, against the dev server and workflow bundle from test/global-setup.ts. */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { LogLevel, WorkerOptions } from '@temporalio/worker';

function address(): string {
  const value = process.env.TEMPORAL_ADDRESS;
  if (!value) throw new Error('TEMPORAL_ADDRESS is not set: run tests through jest (test/global-setup.ts)');
  return value;
}
const namespace = () => process.env.TEMPORAL_NAMESPACE ?? 'default';

let shared: Promise<{ client: Client; connection: Connection }> | undefined;

/** One client per test file; call `close` in afterAll so jest can exit. */
export async function testClient(): Promise<{ client: Client; connection: Connection; close: () => Promise<void> }> {
  shared ??= Connection.connect({ address: address() }).then((connection) => ({
    connection,
    client: new Client({ connection, namespace: namespace() }),
  }));
  const { client, connection } = await shared;
  const close = async () => {
    shared = undefined;
    await connection.close();
  };
  return { client, connection, close };
}

/** The workflow code bundled once by global setup: Workers load it instead of bundling again. */
export function workflowBundle(): { codePath: string } {
  const codePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (!codePath) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run tests through jest (test/global-setup.ts)');
  return { codePath };
}

let runtimeInstalled = false;
/** Worker logs at WARN unless TEST_TEMPORAL_LOG_LEVEL says otherwise: INFO state changes drown test output. */
export function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger((process.env.TEST_TEMPORAL_LOG_LEVEL as LogLevel) ?? 'WARN') });
  } catch {
    // The test file created a Runtime of its own first; keep it.
  }
}

/**
 * Runs `fn` while a Worker with `activities` polls a task queue of its own, so tests never steal each
 * other's tasks; the Worker shuts down when `fn` settles.
 */
export async function withWorker<T>(
  activities: object,
  fn: (taskQueue: string) => Promise<T>,
  opts: Partial<WorkerOptions> = {},
): Promise<T> {
  quietRuntime();
  const taskQueue = `test-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: address() });
  try {
    const worker = await Worker.create({
      connection,
      namespace: namespace(),
      taskQueue,
      workflowBundle: workflowBundle(),
      activities,
      ...opts,
    });
    return await worker.runUntil(() => fn(taskQueue));
  } finally {
    await connection.close();
  }
}
