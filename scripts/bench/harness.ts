/**
 * A throwaway engine for benchmarks, shaped like production: Temporal dev server and FerretDB (unless
 * TEMPORAL_ADDRESS / MONGODB_URI are given), the worker and the API as separate processes, the workflow
 * bundle built once. Everything is stopped by `stop()` or on Ctrl-C.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import pLimit from 'p-limit';
import { connectDatabase, type Models } from '../../models';
import {
  apiNodeFlags,
  freePort,
  killChildrenOnSignals,
  startFerretDb,
  startProcess,
  startTemporalDevServer,
  stopAll,
  type ChildHandle,
} from '../servers';

const root = path.resolve(__dirname, '../..');
export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789';
export const BENCH_BANK_SECRET = 'bench-bank-secret-0123456789';
export const BENCH_LOG_DIR = path.join(root, '.data', 'bench-logs');

export interface BenchEngine {
  apiUrl: string;
  env: NodeJS.ProcessEnv;
  models: Models;
  client: Client;
  /** The engine's own processes (Temporal and FerretDB unless external, the workers, the API), for their costs. */
  processes: { name: string; pid: number; logFile: string }[];
  stop(): Promise<void>;
}

export async function startBenchEngine({ workers = 1, extraEnv = {} as NodeJS.ProcessEnv } = {}): Promise<BenchEngine> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'billing-bench-'));
  const logDir = BENCH_LOG_DIR;
  const children: ChildHandle[] = [];
  const cleanup = async () => {
    await stopAll(children);
    rmSync(tmp, { recursive: true, force: true });
  };
  killChildrenOnSignals(() => void cleanup());

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: BENCH_ADMIN_KEY,
    BANK_WEBHOOK_SECRET: BENCH_BANK_SECRET,
    RESEND_API_KEY: '',
    TEMPORAL_TASK_QUEUE: `bench-${Date.now()}`,
    ...extraEnv,
  };
  const [temporal, ferretdb, bundle] = await Promise.all([
    env.TEMPORAL_ADDRESS ? undefined : startTemporalDevServer({ logDir }),
    env.MONGODB_URI ? undefined : startFerretDb({ dataDir: path.join(tmp, 'ferretdb'), logDir }),
    bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') }),
  ]);
  if (temporal) children.push(temporal);
  if (ferretdb) children.push(ferretdb);
  env.TEMPORAL_ADDRESS ??= temporal!.address;
  env.MONGODB_URI ??= `${ferretdb!.uri}billing_bench_${Date.now()}`;
  env.WORKFLOW_BUNDLE_PATH = path.join(tmp, 'workflow-bundle.js');
  writeFileSync(env.WORKFLOW_BUNDLE_PATH, bundle.code);

  // BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the workers.
  const workerNodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // BENCH_API_NODE_ARGS likewise for the API process, in place of the flags the engine starts it with.
  const benchApiArgs = process.env.BENCH_API_NODE_ARGS;
  const apiNodeArgs = apiNodeFlags(benchApiArgs === undefined ? env : { API_NODE_FLAGS: benchApiArgs });
  for (let i = 0; i < workers; i++) {
    children.push(
      await startProcess({
        name: `worker-${i + 1}`,
        command: process.execPath,
        args: [...workerNodeArgs, '--import', 'tsx', 'worker/index.ts'],
        cwd: root,
        env,
        logDir,
      }),
    );
  }
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  children.push(
    await startProcess({
      name: 'api',
      command: process.execPath,
      args: [...apiNodeArgs, '--import', 'tsx', 'api/server.ts'],
      cwd: root,
      env: { ...env, API_PORT: String(apiPort), API_HOST: '127.0.0.1' },
      logDir,
      healthCheck: async () => {
        const response = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(1000) });
        if (!response.ok) throw new Error(`health ${response.status}`);
      },
    }),
  );

  const { db, models } = await connectDatabase(env.MONGODB_URI!, 10);
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
  const client = new Client({ connection });
  return {
    apiUrl,
    env,
    models,
    client,
    processes: children.map(({ name, pid, logFile }) => ({ name, pid, logFile })),
    async stop() {
      await connection.close();
      await db.close();
      await cleanup();
    },
  };
}

/** Runs `fn` over `items` with at most `limit` in flight; the results in the items' order. */
export function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const slot = pLimit(limit);
  return Promise.all(items.map((item, index) => slot(() => fn(item, index))));
}

export async function http(
  apiUrl: string,
  method: string,
  route: string,
  { key, body, headers = {} }: { key?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${apiUrl}${route}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${text}`);
  return JSON.parse(text);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
