import { createServer, type Server } from 'node:http';
import { Client } from '@temporalio/client';
import { makeTelemetryFilterString, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig, type Config } from '../config';
import { createLogger, type Logger } from '../config/logger';
import { connectDatabase } from '../models';
import { workflowInterceptorModules } from './build-bundle';
import { activityLogContext, PinoTemporalLogger } from './logging';

/** The workflow bundle is built once per process: prebuilt when WORKFLOW_BUNDLE_PATH names one, else at start-up. */
export function workflowSource(codePath: string | undefined): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return codePath ? { workflowBundle: { codePath } } : { workflowsPath: require.resolve('../workflows') };
}

/**
 * Installs the process-wide Temporal runtime: SDK and Core logs through pino, and Temporal's Prometheus
 * metrics (task latencies, poll counts, activity failures, sticky cache…) on WORKER_METRICS_PORT. Must run
 * before the first connection; once per process.
 */
export function installRuntime(config: Config, logger: Logger): void {
  const metricsAddress = config.WORKER_METRICS_PORT ? `${config.WORKER_HTTP_HOST}:${config.WORKER_METRICS_PORT}` : undefined;
  const install = (withMetrics: boolean) =>
    Runtime.install({
      logger: new PinoTemporalLogger(logger),
      telemetryOptions: {
        // Core (Rust) logs are forwarded to the same logger, WARN and up only: below that they are a firehose
        // of task tokens and poller chatter that the SDK's own debug lines summarize better.
        logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
        ...(withMetrics && metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
      },
    });
  try {
    install(true);
    if (metricsAddress) logger.info({ metricsAddress }, `Temporal metrics on http://${metricsAddress}/metrics`);
  } catch (error) {
    // Production refuses to run unobserved; a developer's second worker (or a test's) runs without metrics.
    if (!metricsAddress || config.NODE_ENV === 'production') throw error;
    logger.warn(
      { err: error, metricsAddress },
      'Temporal metrics are off: the metrics port is taken (set WORKER_METRICS_PORT, 0 for none)',
    );
    install(false);
  }
}

/**
 * Whether workflow threads record promise stack traces (patches/@temporalio+worker+1.24.0.patch reads this
 * variable): set before Worker.create, whose workflow threads copy the environment when they start.
 */
export function applyWorkflowStackTraces(config: Pick<Config, 'WORKER_WORKFLOW_STACK_TRACES'>): void {
  process.env.TEMPORAL_WORKFLOW_STACK_TRACES = config.WORKER_WORKFLOW_STACK_TRACES;
}

/** Concurrency and cache of the engine's worker; the month-end benchmark's bare baseline runs with the same. */
export function workerTuning(
  config: Pick<Config, 'WORKER_MAX_CACHED_WORKFLOWS' | 'WORKER_WORKFLOW_TASK_SLOTS' | 'WORKER_STICKY_QUEUE_TIMEOUT'>,
): Pick<
  WorkerOptions,
  'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows' | 'stickyQueueScheduleToStartTimeout'
> {
  return {
    maxConcurrentActivityTaskExecutions: 200,
    // Workflow tasks admitted at once. A task's timeout runs from the moment the worker takes it, and at
    // month-end every admitted task waits for the same workflow thread and local-activity slots: with 100 on a
    // loaded machine, tasks timed out (bench:billing, 200 organizations: START_TO_CLOSE timeouts in 8 of 40
    // sampled histories, 533 "duration exceeded" warnings, local results thrown away); with 20, none. The rest
    // wait in the server's queue, where no task clock runs…
    maxConcurrentWorkflowTaskExecutions: config.WORKER_WORKFLOW_TASK_SLOTS,
    // …except a sticky queue's: past its schedule-to-start timeout a waiting task moves to the normal queue
    // with a SCHEDULE_TO_START timeout in its history, and whichever worker takes it replays the whole history.
    // A month-end's queue outlasts a minute: at 10,000 organizations (bench:billing, 2026-12-04) 1 minute gave
    // 29 and 36 such timeouts in 40 sampled histories and 512-565 s; 5 minutes 18 and 498 s; 15 minutes none
    // and 436 s (CPU per organization 83 ms against 92-108). Ten minutes outlasts the queue. The price: after a
    // crash, tasks Temporal had put on the dead worker's sticky queue wait this long (a worker stopped by SIGTERM
    // tells Temporal, and its tasks move on at once: test/workflows/worker-stop.test.ts).
    stickyQueueScheduleToStartTimeout: config.WORKER_STICKY_QUEUE_TIMEOUT,
    // Every organization has an open billing workflow, and month-end wakes them all at once: a cache smaller
    // than the open workflows turns each of their tasks into a replay of the whole history.
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  };
}

export async function createWorker(config: Config, { logger = createLogger(config, { service: 'worker' }) }: { logger?: Logger } = {}) {
  const { db, models } = await connectDatabase(config.MONGODB_URI, config.MONGODB_POOL_SIZE);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  applyWorkflowStackTraces(config);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflowSource(config.WORKFLOW_BUNDLE_PATH),
    // workflowModules apply when bundling at start-up; a prebuilt bundle has them built in (build-bundle.ts).
    interceptors: { activity: [activityLogContext], workflowModules: workflowInterceptorModules },
    // A Client on the worker's own connection, for activities that signal other workflows (creditTopUp).
    activities: createActivities({ models, config, temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }) }),
    ...workerTuning(config),
  });
  /** Readiness: the worker is polling and the database answers. */
  const readiness = async () => {
    const state = worker.getState();
    const database = await db
      .db!.admin()
      .ping()
      .then(
        () => 'ok',
        () => 'unavailable',
      );
    return { ready: state === 'RUNNING' && database === 'ok', worker: state, database };
  };
  const close = async () => {
    await connection.close();
    await db.close();
  };
  return { worker, readiness, close, logger };
}

/**
 * GET /health (the process answers) and GET /ready (200 while polling with the database up, else 503) on
 * WORKER_HEALTH_PORT, for container health checks and orchestrators. Temporal's metrics port is served by the
 * Rust core, which cannot add routes, hence a port of its own.
 */
export function serveWorkerHealth(
  config: Config,
  readiness: () => Promise<{ ready: boolean } & Record<string, unknown>>,
  logger: Logger,
): Promise<Server | undefined> {
  if (!config.WORKER_HEALTH_PORT) return Promise.resolve(undefined);
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health') return answer(200, { status: 'ok' });
    if (req.url !== '/ready') return answer(404, { error: 'not found' });
    readiness().then(
      ({ ready, ...checks }) => answer(ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', ...checks }),
      (error: Error) => answer(503, { status: 'not_ready', error: error.message }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' || config.NODE_ENV === 'production') return reject(error);
      logger.warn({ err: error }, 'worker health endpoint is off: its port is taken (set WORKER_HEALTH_PORT, 0 for none)');
      resolve(undefined);
    });
    server.listen(config.WORKER_HEALTH_PORT, config.WORKER_HTTP_HOST, () => {
      logger.info({ healthAddress: `${config.WORKER_HTTP_HOST}:${config.WORKER_HEALTH_PORT}` }, 'worker health on /health and /ready');
      resolve(server);
    });
  });
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config, { service: 'worker' });
  installRuntime(config, logger);
  const { worker, readiness, close } = await createWorker(config, { logger });
  const health = await serveWorkerHealth(config, readiness, logger);
  logger.info(
    { taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS },
    `worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`,
  );
  await worker.run(); // stops on SIGINT/SIGTERM (the SDK installs the handlers)
  health?.close();
  await close();
  logger.info('worker stopped');
}

if (require.main === module) {
  main().catch((error: Error) => {
    createLogger(loadConfig(), { service: 'worker' }).fatal({ err: error }, 'worker failed');
    process.exit(1);
  });
}
