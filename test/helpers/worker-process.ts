/**
 * A worker in its own process, as `npm start` runs it (node --import tsx worker/index.ts), to SIGKILL in the
 * middle of an activity; and a small proxy in front of a provider that lets the first matching request
 * through, then holds its answer: that is the moment to kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface HoldingProxy {
  url: string;
  /** Resolves when the first matching request has been answered by the target (and its answer withheld). */
  held: Promise<void>;
  close(): Promise<void>;
}

export function holdingProxy(target: string, matches: (method: string, path: string) => boolean): Promise<HoldingProxy> {
  const upstream = new URL(target);
  let holding = false;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server: Server = createServer((req, res) => {
    const hold = !holding && matches(req.method ?? '', req.url ?? '');
    if (hold) holding = true;
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          if (hold) return release(); // the provider acted; the caller never hears of it
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    req.pipe(forward);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        held,
        close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
      }),
    ),
  );
}

/** Workers started here that have not exited, including one still starting when its test gave up. */
const running = new Set<ChildProcess>();

/** A worker process just started, with what it has written so far and its exit code once it exits. */
export function startWorkerProcess(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/index.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/** A worker process, once it polls. */
export function spawnWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const { child, output, exited } = startWorkerProcess(env);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', () => {
      if (output.stdout.includes('worker polling')) resolve(child);
    });
    void exited.then((code) => reject(new Error(`worker exited with ${code} before polling:\n${output.stdout}${output.stderr}`)));
  });
}

const signalAndWait = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

/**
 * WORKER_STICKY_QUEUE_TIMEOUT for tests about what happens after a crash. A task Temporal had already put on a
 * SIGKILLed worker's sticky queue (a signal sent just after the kill) waits that long before another worker may
 * take it: 10 minutes by default, sized for a month-end's queue (`npm run chaos` shows that wait; a stop on
 * SIGTERM hands work on at once, worker-stop.test.ts). These tests are about what the next worker does.
 */
export const STICKY_QUEUE_TIMEOUT_AFTER_CRASH = '5 seconds';

/** A crash: the worker gets no chance to tell Temporal it is gone. */
export const kill = (child: ChildProcess) => signalAndWait(child, 'SIGKILL');

/** A deploy or a scale-down: the worker shuts down as SIGTERM asks, and waits for it. */
export const stop = (child: ChildProcess) => signalAndWait(child, 'SIGTERM');

/** For afterAll: kills every worker this test file spawned and has not seen exit, whether or not its test got hold of it. */
export const killSpawnedWorkers = () => Promise.all([...running].map(kill));
