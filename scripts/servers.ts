/**
 * Starts and stops the local servers (Temporal dev server, FerretDB, stripe-mock) and the engine's own
 * processes as children. Shared by scripts/engine.ts and the jest global setup, so both run the servers
 * the same way: on 127.0.0.1, output in a log file, healthy before use, killed for sure on stop.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import { SEARCH_ATTRIBUTE_FLAGS } from '../workflows/definitions';

const HOST = '127.0.0.1';

export interface ChildHandle {
  name: string;
  pid: number;
  logFile: string;
  /** Settles when the process has exited, with its exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process is gone. */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL at once, as a crash would end it (no chance to flush or say goodbye); resolves once it is gone. */
  kill(): Promise<void>;
}

export interface TemporalServer extends ChildHandle {
  address: string;
  uiUrl?: string;
}
export interface FerretDbServer extends ChildHandle {
  port: number;
  /** Server URI without a database name: append one (`${uri}billing`). */
  uri: string;
}
export interface StripeMockServer extends ChildHandle {
  port: number;
  url: string;
}

/** Same lookup as scripts/install-tools.sh, so both agree where the binaries live. */
export function toolPath(name: string): string {
  const cacheHome = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  const cache = process.env.BILLING_TOOLS_DIR ?? path.join(cacheHome, 'billing-engine');
  const bin = path.join(cache, 'bin', name);
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`bash scripts/install-tools.sh\``);
  return bin;
}

/** A port the OS just handed out; another process could take it before we bind it, which is unlikely enough. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Fails fast with a clear message instead of letting a server die on "address already in use". */
export async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () => reject(new Error(`port ${port} (${what}) is already in use on ${HOST}`)));
    server.listen(port, HOST, () => server.close(() => resolve()));
  });
}

/**
 * Node flags for the API process. On a machine of two cores or fewer, V8's parallel GC helper threads take
 * the other core in bursts from the database and the load, and the API's own answers wait behind them:
 * `bench:api` at 300 req/s on this 2-core machine gave p99 52.4, 73.8 and 135.5 ms with the default GC and
 * 17.3, 17.4 and 26.0 ms with `--single-threaded-gc`, alternated in one session (2026-12-04). The worker keeps
 * the default: month-end is throughput, not latency. API_NODE_FLAGS (space-separated) overrides.
 */
export function apiNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.API_NODE_FLAGS !== undefined) return env.API_NODE_FLAGS.split(' ').filter(Boolean);
  return os.availableParallelism() <= 2 ? ['--single-threaded-gc'] : [];
}

export interface StartProcessOptions {
  name: string;
  command: string;
  args: string[];
  logDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolves once the process serves; retried until it does or `startTimeoutMs` passes. */
  healthCheck?: () => Promise<void>;
  startTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const logTail = (file: string, lines = 30) => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
};

/** Every child still running, so a parent that dies without stopping them can still kill them. */
const running = new Set<number>();
const killAllNow = () => {
  for (const pid of running) killGroup(pid, 'SIGKILL');
};
process.once('exit', killAllNow);

/**
 * Children run in their own process group (see startProcess), so a Ctrl-C does not reach them, and Node
 * exits on a signal without an 'exit' event: for parents with no signal handling of their own (jest).
 */
export function killChildrenOnSignals(cleanup: () => void = () => {}): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllNow();
      cleanup();
      process.kill(process.pid, signal); // handler is gone now: the default action ends the process as before
    });
  }
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal); // the whole group: wrappers such as tsx have children of their own
  } catch {
    /* already gone */
  }
}

export async function startProcess(opts: StartProcessOptions): Promise<ChildHandle> {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, `${opts.name}.log`);
  const fd = openSync(logFile, 'w');
  // detached = own process group: a terminal Ctrl-C reaches only our parent, which then stops children in order.
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid!));
    child.once('error', (err) => reject(new Error(`${opts.name}: cannot run ${opts.command}: ${err.message}`)));
  });
  running.add(pid);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      running.delete(pid);
      resolve({ code, signal });
    }),
  );

  const handle: ChildHandle = {
    name: opts.name,
    pid,
    logFile,
    exited,
    hasExited: () => done,
    async stop(timeoutMs = 10_000) {
      if (done) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
      killGroup(pid, 'SIGKILL'); // grandchildren that ignored SIGTERM
    },
    async kill() {
      if (done) return;
      killGroup(pid, 'SIGKILL');
      await exited;
    },
  };

  if (opts.healthCheck) {
    const timeoutMs = opts.startTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      if (done) {
        const { code, signal } = await exited;
        const how = signal ?? `code ${code}`;
        throw new Error(`${opts.name} exited during start-up (${how}); ${logFile}:\n${logTail(logFile)}`);
      }
      try {
        await opts.healthCheck();
        break;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() > deadline) {
        await handle.stop();
        throw new Error(`${opts.name} not healthy after ${timeoutMs} ms (${lastError}); ${logFile}:\n${logTail(logFile)}`);
      }
      await sleep(250);
    }
  }
  return handle;
}

export interface TemporalDevServerOptions {
  /** Directory for the persistent store (temporal.db); in-memory when omitted. */
  dataDir?: string;
  port?: number;
  /** The Web UI is served only when a port is given. */
  uiPort?: number;
  logDir: string;
}

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalServer> {
  const port = opts.port ?? (await freePort());
  const address = `${HOST}:${port}`;
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(port)];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    args.push('--db-filename', path.join(opts.dataDir, 'temporal.db'));
  }
  for (const attribute of SEARCH_ATTRIBUTE_FLAGS) args.push('--search-attribute', attribute);
  // Update-with-start and async-accepted updates. CLI 1.8.2 (server 1.31) allows both without these flags and
  // no longer knows enableExecuteMultiOperation (it ignores unknown keys); explicit so older CLIs behave alike.
  const frontendFlags = ['enableExecuteMultiOperation', 'enableUpdateWorkflowExecution', 'enableUpdateWorkflowExecutionAsyncAccepted'];
  for (const key of frontendFlags) args.push('--dynamic-config-value', `frontend.${key}=true`);
  // An activity scheduled by a workflow task goes straight back to the worker that completed the task, if it
  // has a free slot, instead of through the task queue: one round trip less per charge.
  args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');
  // One partition per task queue: the server's default of four spreads the one worker's pollers over them,
  // and a task in a partition without a waiting poller is written to the store and forwarded. Measured with
  // 1,000 bare one-activity workflows, twice each, on a loaded machine: 5.1 and 5.0/s with four, 7.9 and
  // 7.1/s with one, and less server CPU. A cluster with many workers sizes partitions to its pollers instead.
  args.push('--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1');
  args.push('--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1');
  const handle = await startProcess({
    name: 'temporal',
    command: toolPath('temporal'),
    args,
    logDir: opts.logDir,
    healthCheck: async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
      } finally {
        await connection.close();
      }
    },
  });
  return { ...handle, address, uiUrl: opts.uiPort ? `http://${HOST}:${opts.uiPort}` : undefined };
}

export interface FerretDbOptions {
  /** SQLite files live here; reuse it to keep data across runs. */
  dataDir: string;
  port?: number;
  logDir: string;
  /** Its environment, e.g. GOGC or FERRETDB_PPROF_ADDR (tools/ferretdb/main.go); this process's by default. */
  env?: NodeJS.ProcessEnv;
}

export async function startFerretDb(opts: FerretDbOptions): Promise<FerretDbServer> {
  const port = opts.port ?? (await freePort());
  const uri = `mongodb://${HOST}:${port}/`;
  mkdirSync(opts.dataDir, { recursive: true });
  const handle = await startProcess({
    name: 'ferretdb',
    command: toolPath('ferretdb'),
    // The SQLite URL names a directory: absolute, and ending in a slash.
    // _txlock=immediate: a transaction takes SQLite's write lock when it begins, so concurrent writers wait
    // (busy_timeout) instead of failing with SQLITE_BUSY when a read transaction tries to upgrade.
    // synchronous(normal): in WAL mode a commit no longer waits for fsync, halving insert time; a power cut
    // may lose the last commits but never corrupts the database. This is the local and test database;
    // production runs MongoDB.
    args: [
      '-listen-addr',
      `${HOST}:${port}`,
      '-sqlite-url',
      `file:${path.resolve(opts.dataDir)}/?_txlock=immediate&_pragma=synchronous(normal)`,
      '-log-level',
      'warn',
    ],
    logDir: opts.logDir,
    env: opts.env,
    healthCheck: async () => {
      await tcpConnect(port); // cheap probe first: the driver's own retry loop would hide a dead port for seconds
      const db = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1000 }).asPromise();
      try {
        await db.db!.admin().ping();
      } finally {
        await db.close();
      }
    },
  });
  return { ...handle, port, uri };
}

export async function startStripeMock(opts: { port?: number; logDir: string }): Promise<StripeMockServer> {
  const port = opts.port ?? (await freePort());
  const httpsPort = await freePort(); // stripe-mock always opens an HTTPS listener too; nothing uses it
  const url = `http://${HOST}:${port}`;
  const handle = await startProcess({
    name: 'stripe-mock',
    command: toolPath('stripe-mock'),
    args: ['-http-addr', `${HOST}:${port}`, '-https-addr', `${HOST}:${httpsPort}`],
    logDir: opts.logDir,
    healthCheck: async () => {
      await fetch(url, { signal: AbortSignal.timeout(1000) }); // any HTTP answer will do
    },
  });
  return { ...handle, port, url };
}

function tcpConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`timeout connecting to ${HOST}:${port}`));
    });
    socket.once('error', reject);
  });
}

/** Stops in reverse start order, so dependants (worker, API) go before what they depend on. */
export async function stopAll(handles: ChildHandle[]): Promise<void> {
  for (const handle of [...handles].reverse()) await handle.stop();
}
