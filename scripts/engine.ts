/**
 * Runs the engine locally: Temporal dev server and FerretDB (each unless TEMPORAL_ADDRESS / MONGODB_URI
 * point elsewhere), then the worker and the API. Data persists under .data/, logs go to .data/logs/.
 * Ctrl-C stops everything in reverse order; if any process dies, everything stops and we exit non-zero.
 */
import path from 'node:path';
import {
  apiNodeFlags,
  assertPortFree,
  logTail,
  startFerretDb,
  startStripeMock,
  startProcess,
  startTemporalDevServer,
  stopAll,
  type ChildHandle,
  type StartProcessOptions,
} from './servers';

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, '.data');
const logDir = path.join(dataDir, 'logs');
const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;
const FERRETDB_PORT = 27017;

const children: ChildHandle[] = [];
let stopping = false;

async function shutdown(code: number, reason: string): Promise<never> {
  stopping = true;
  console.error(
    `\n${reason}: stopping ${
      children
        .map((c) => c.name)
        .reverse()
        .join(', ') || 'nothing'
    }`,
  );
  await stopAll(children);
  process.exit(code);
}

/** Remembers a child for shutdown and treats its death, outside a shutdown, as fatal. */
function supervise<T extends ChildHandle>(child: T): T {
  children.push(child);
  void child.exited.then(({ code, signal }) => {
    if (stopping) return;
    const lines = logTail(child.logFile);
    if (lines) console.error(`--- end of ${child.logFile}\n${lines}\n---`);
    void shutdown(1, `${child.name} exited unexpectedly (${signal ?? `code ${code}`})`);
  });
  return child;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // Repeats are ignored (npm forwards the terminal's Ctrl-C, so one arrives twice); stop() escalates to SIGKILL.
  process.on(signal, () => void (stopping || shutdown(0, `received ${signal}`)));
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // node --import tsx: the tsx CLI minus its wrapper process.
  const tsx = (name: string, entry: string, nodeFlags: string[] = []): StartProcessOptions => ({
    name,
    command: process.execPath,
    args: [...nodeFlags, '--import', 'tsx', entry],
    cwd: root,
    env,
    logDir,
  });

  if (!env.TEMPORAL_ADDRESS) {
    await assertPortFree(TEMPORAL_PORT, 'Temporal; set TEMPORAL_ADDRESS to use a running server');
    await assertPortFree(TEMPORAL_UI_PORT, 'Temporal UI');
    const temporal = supervise(await startTemporalDevServer({ dataDir, port: TEMPORAL_PORT, uiPort: TEMPORAL_UI_PORT, logDir }));
    env.TEMPORAL_ADDRESS = temporal.address;
    env.TEMPORAL_UI_URL = temporal.uiUrl;
  }
  if (!env.MONGODB_URI) {
    await assertPortFree(FERRETDB_PORT, 'FerretDB; set MONGODB_URI to use a running server');
    const ferretdb = supervise(await startFerretDb({ dataDir: path.join(dataDir, 'ferretdb'), port: FERRETDB_PORT, logDir }));
    env.MONGODB_URI = `${ferretdb.uri}billing`;
  }
  if (!env.STRIPE_SECRET_KEY && !env.STRIPE_API_BASE) {
    // Without Stripe credentials the embedded default answers card calls from stripe-mock, so card set-up
    // can be tried end to end (its answers are canned). PayPal needs sandbox credentials: see the README.
    const stripeMock = supervise(await startStripeMock({ logDir }));
    env.STRIPE_API_BASE = stripeMock.url;
  }

  supervise(await startProcess(tsx('worker', 'worker/index.ts')));

  const apiPort = Number(env.API_PORT ?? 3000);
  const apiHost = !env.API_HOST || env.API_HOST === '0.0.0.0' ? '127.0.0.1' : env.API_HOST;
  const apiUrl = `http://${apiHost}:${apiPort}`;
  await assertPortFree(apiPort, 'API; set API_PORT');
  supervise(
    await startProcess({
      ...tsx('api', 'api/server.ts', apiNodeFlags(env)),
      healthCheck: async () => {
        const response = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(1000) });
        if (response.status !== 200) throw new Error(`GET /health answered ${response.status}`);
      },
    }),
  );

  const rel = path.relative(process.cwd(), logDir) || '.';
  console.log(`
Billing engine running
  API          ${apiUrl}
  OpenAPI      ${apiUrl}/openapi.json   (Swagger UI ${apiUrl}/docs)
  Metrics      ${apiUrl}/metrics, worker http://127.0.0.1:${env.WORKER_METRICS_PORT ?? 9464}/metrics
  Temporal UI  ${env.TEMPORAL_UI_URL ?? '(not started here)'}
  Temporal     ${env.TEMPORAL_ADDRESS}
  MongoDB      ${env.MONGODB_URI}
  Stripe       ${env.STRIPE_API_BASE ?? 'api.stripe.com'}
  Logs         ${rel}/{${children.map((c) => c.name).join(',')}}.log   (tail -f ${rel}/*.log)
Ctrl-C stops everything.`);
}

main().catch((error: Error) => {
  if (!stopping) void shutdown(1, `start-up failed: ${error.message}`);
});
