/**
 * `npm run chaos`: the month-end under faults of test/chaos/month-end.ts (see there for what it does and
 * checks), at a size the test suite cannot afford. CHAOS_ORGS (300), CHAOS_WORKER_KILLS (3),
 * CHAOS_WINDOW_SECONDS (60: how long the faults and credits are spread over), CHAOS_SEED (random),
 * CHAOS_STICKY_QUEUE_TIMEOUT (the workers' WORKER_STICKY_QUEUE_TIMEOUT; unset, the engine's default).
 * Exits 0 when the books and every invariant hold, 1 when not, 2 when the run itself failed.
 */
import path from 'node:path';
import { printReport, runChaos } from '../test/chaos/month-end';

const root = path.resolve(__dirname, '..');

const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`chaos seed ${seed} (CHAOS_SEED=${seed} repeats this run's choices)`);
runChaos({
  orgs: Number(process.env.CHAOS_ORGS ?? 300),
  workerKills: Number(process.env.CHAOS_WORKER_KILLS ?? 3),
  seed,
  windowMs: Number(process.env.CHAOS_WINDOW_SECONDS ?? 60) * 1000,
  // The engine's default sticky queue timeout (10 minutes, CHAOS_STICKY_QUEUE_TIMEOUT overrides) is what work
  // queued for a killed worker waits; the settle time allows it and five minutes more.
  settleTimeoutMs: 900_000,
  stickyQueueTimeout: process.env.CHAOS_STICKY_QUEUE_TIMEOUT,
  logDir: path.join(root, '.data', 'chaos-logs'),
  log: (line) => console.log(line),
}).then(
  (report) => {
    printReport(report);
    process.exit(report.problems.length === 0 && report.breaches.length === 0 ? 0 : 1);
  },
  (error: Error) => {
    console.error(`chaos run failed: ${error.stack ?? error.message}`);
    process.exit(2);
  },
);
