/**
 * `npm run bench:billing`: how fast a month end bills every organization (target: 10,000 in under 5
 * minutes on 2 cores, at no less than the rate the same Temporal server gives a bare one-activity workflow).
 * N prepaid organizations with a balance each have their billing workflow waiting for the end of the same
 * cycle, as at a real month end: their timers fire together, and the clock runs from that instant until every
 * cycle is paid, its final invoice issued and e-mailed. The books are checked after.
 *
 * The baseline is N bare one-activity workflows (scripts/bench/bare) on a Temporal dev server of its own,
 * started like the engine's: measured on the engine's server after billing, it would run against N more
 * executions and flatter the ratio. It runs before billing and again after it (BENCH_BASELINE=before|after|both,
 * default both; none to profile billing alone), and the ratio is printed for each order.
 *
 * Also printed, for the billing window: organizations/s in its first and last 10 %, CPU seconds and peak
 * memory per process, history events per organization (from a sample of histories), workflow-task timeouts
 * and failures in those histories, and the worker log's overload warnings.
 *
 * BENCH_ORGS (default 1000) sets N. BENCH_CPU_BURNER=1 runs a process that keeps one core busy for the whole
 * run, to show the month end still completes when the machine is not its own. The worker and the API are
 * separate processes, as in production.
 */
import { ledgerPosition } from '../../models/ledger-entry';
import { billingWorkflowId, type BillingCycleInput, type OpenCycle } from '../../workflows/definitions';
import { checkBooks } from '../check-books';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { measureBareOnFreshServer, type FreshServerBaseline } from './bare/measure';
import { BENCH_LOG_DIR, startBenchEngine } from './harness';
import { costWindow, type WindowCost } from './process-stats';
import { insertOpenCycles, insertOrganizations, seededOrgIds, startBillingInCycle } from './seed';
import type { Plan } from '../../domain/charges';

const COUNT = Number(process.env.BENCH_ORGS ?? 1000);
const BASELINE = process.env.BENCH_BASELINE ?? 'both';
const HISTORY_SAMPLE = 40;
/** What the worker logs when workflow tasks outlive their timeout and local-activity results are thrown away. */
const OVERLOAD_WARNINGS = ['Workflow task duration exceeded', 'untracked local activity', 'Task not found when completing'];
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  if (!['before', 'after', 'both', 'none'].includes(BASELINE)) throw new Error('BENCH_BASELINE: before, after, both or none');
  const burner = process.env.BENCH_CPU_BURNER === '1' ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : undefined;
  if (burner) console.log(`a CPU burner (pid ${burner.pid}) keeps one core busy for the whole run`);
  try {
    const before = BASELINE === 'before' || BASELINE === 'both' ? await baseline('before billing') : undefined;
    const billing = await monthEnd();
    const after = BASELINE === 'after' || BASELINE === 'both' ? await baseline('after billing') : undefined;
    printSummary(billing, [before, after]);
    if (billing.breaches > 0) process.exitCode = 1;
  } finally {
    burner?.kill('SIGKILL');
  }
}

async function baseline(when: string): Promise<FreshServerBaseline & { when: string }> {
  const bare = await measureBareOnFreshServer(COUNT, BENCH_LOG_DIR);
  console.log(
    `baseline ${when}, fresh Temporal server: ${COUNT} bare one-activity workflows in ${seconds(bare.ms)} s (${bare.perSecond.toFixed(1)} workflows/s)`,
  );
  return { ...bare, when };
}

interface MonthEnd {
  ms: number;
  perSecond: number;
  firstTenthPerSecond: number;
  /** Organizations invoiced in each 5 s of the month end. */
  timeline: number[];
  lastTenthPerSecond: number;
  costs: WindowCost[];
  history: HistoryStats;
  overloadWarnings: Record<string, number>;
  breaches: number;
  /** Database commands the engine's processes sent during the month end, per organization, by kind. */
  commands: Record<string, number>;
}

/** The engine processes' database command counts so far, summed (models/index.ts writes them). */
function databaseCommands(dir: string): Record<string, number> {
  const total: Record<string, number> = {};
  for (const file of readdirSync(dir)) {
    let counts: Record<string, number> = {};
    try {
      counts = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch {
      continue; // being written just now: the next read has it
    }
    for (const [kind, n] of Object.entries(counts)) total[kind] = (total[kind] ?? 0) + n;
  }
  return total;
}

function commandsPerOrganization(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([kind, n]) => [kind, (n - (before[kind] ?? 0)) / COUNT] as const)
      .filter(([, n]) => n >= 0.01)
      .sort((a, b) => b[1] - a[1]),
  );
}

async function monthEnd(): Promise<MonthEnd> {
  const commandCounts = mkdtempSync(path.join(os.tmpdir(), 'bench-db-commands-'));
  const engine = await startBenchEngine({ extraEnv: { BILLING_START_ON_ACTIVATION: 'false', DATABASE_COMMAND_COUNTS_DIR: commandCounts } });
  try {
    const orgIds = seededOrgIds('bench', COUNT);
    const plan: Plan = { setupFeeMinor: 5000, monthlyFeeMinor: 2500, usagePrices: [] };
    let t = Date.now();
    // The cycle every organization is in; it ends once all workflows are waiting for it (seeding runs ~100 organizations/s on a quiet machine; half that leaves room for a loaded one).
    const endsAt = t + 30_000 + COUNT * 20;
    const cycle: OpenCycle = {
      id: 'bench',
      startsAt: new Date(t - 30 * 24 * 3600_000).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      billedDays: 30,
      periodDays: 30,
      first: true,
      usageFrom: new Date(0).toISOString(),
    };
    // Seeded in bulk, not through the API: what is measured is billing, not onboarding.
    await insertOrganizations(engine.models, orgIds, { label: 'Bench', plan });
    await engine.models.LedgerEntry.insertMany(
      orgIds.map((orgId) => ({
        _id: ledgerPosition(orgId, 1),
        orgId,
        seq: 1,
        key: `bench-credit:${orgId}`,
        kind: 'top_up_credit',
        amountMinor: 100000,
        balanceAfterMinor: 100000,
        currency: 'EUR',
        description: 'bench',
        createdAt: new Date(),
      })),
    );
    // The head hint the ledger itself writes with an organization's first entry (activities/ledger.ts).
    await engine.models.LedgerHead.insertMany(orgIds.map((orgId) => ({ _id: orgId, seq: 1, balanceMinor: 100000 })));
    await insertOpenCycles(engine.models, orgIds, cycle);
    const settings: BillingCycleInput['settings'] = {
      cycle: '30 days',
      warnBefore: '1 minute',
      usageSettle: '0s',
      dunning: ['1 hour'],
      suspendedRetry: '1 day',
      activityTimeout: '2 minutes',
    };
    await startBillingInCycle(
      engine.client,
      engine.env.TEMPORAL_TASK_QUEUE!,
      orgIds.map((orgId) => ({ orgId, method: 'prepaid' as const })),
      { cycle, settings, plan },
    );
    const seeded = Date.now();
    console.log(`seeded ${COUNT} prepaid organizations and started their billing workflows in ${seconds(seeded - t)} s`);
    if (seeded > endsAt - 2000) throw new Error('the cycle ended before every workflow was waiting for it: raise the margin');
    await sleep(endsAt - Date.now());

    t = endsAt;
    const window = costWindow(engine.processes);
    const commandsBefore = databaseCommands(commandCounts);
    const progress: { ms: number; invoiced: number }[] = [];
    let invoiced = 0;
    while (invoiced < COUNT) {
      // Only final-invoice e-mails are sent here, so the outbox counts them without a filter.
      invoiced = await engine.models.OutboxEmail.estimatedDocumentCount();
      progress.push({ ms: Date.now() - t, invoiced });
      if (Date.now() - t > 900_000) throw new Error(`only ${invoiced}/${COUNT} invoiced after 900 s`);
      if (invoiced < COUNT) await sleep(250);
    }
    const totalMs = Date.now() - t;
    const costs = window.end();
    await sleep(1100); // the processes write their counts every second
    const commands = commandsPerOrganization(commandsBefore, databaseCommands(commandCounts));
    const perSecond = (COUNT * 1000) / totalMs;
    console.log(
      `month end: ${COUNT} cycles ended at once; all charged, invoiced and e-mailed in ${seconds(totalMs)} s (${perSecond.toFixed(1)} organizations/s)`,
    );
    const { breaches, checked } = await checkBooks(engine.models);
    console.log(
      `books: ${breaches.length === 0 ? 'OK' : `${breaches.length} BREACHES`} (${checked.ledgerEntries} ledger entries, ${checked.invoices} invoices, ${checked.cycles} cycles)`,
    );
    const worker = engine.processes.find((p) => p.name.startsWith('worker'));
    return {
      ms: totalMs,
      perSecond,
      ...tenthRates(progress),
      timeline: perFiveSeconds(progress),
      costs,
      history: await historyStats(engine.client, orgIds),
      overloadWarnings: countWarnings(worker?.logFile),
      breaches: breaches.length,
      commands,
    };
  } finally {
    await engine.stop();
    rmSync(commandCounts, { recursive: true, force: true });
  }
}

function perFiveSeconds(progress: { ms: number; invoiced: number }[]): number[] {
  const buckets: number[] = [];
  let before = 0;
  for (let end = 5000; before < COUNT && end <= progress[progress.length - 1].ms + 5000; end += 5000) {
    const reached = [...progress].reverse().find((p) => p.ms <= end)?.invoiced ?? 0;
    buckets.push(reached - before);
    before = reached;
  }
  return buckets;
}

/** Organizations/s over the first tenth of the organizations and over the last: does billing slow down as it goes? */
function tenthRates(progress: { ms: number; invoiced: number }[]) {
  const reached = (n: number) => progress.find((p) => p.invoiced >= n)!;
  const firstTenth = reached(Math.ceil(COUNT / 10));
  const ninth = reached(Math.ceil((COUNT * 9) / 10));
  const end = progress[progress.length - 1];
  return {
    firstTenthPerSecond: (firstTenth.invoiced * 1000) / Math.max(firstTenth.ms, 1),
    lastTenthPerSecond: ((end.invoiced - ninth.invoiced) * 1000) / Math.max(end.ms - ninth.ms, 1),
  };
}

interface HistoryStats {
  sampled: number;
  /**
   * Events in an organization's whole history: start, the wait, the month-end. (Counting from the timer would
   * miss the workflows whose first task ran after the cycle had ended: they set no timer.)
   */
  eventsPerOrg: number;
  /** By kind: START_TO_CLOSE (the worker held the task too long) or SCHEDULE_TO_START (a sticky queue waited). */
  workflowTaskTimeouts: Record<string, number>;
  /** The first sampled history's event types, in order: what one organization costs the server. */
  firstHistory: string[];
  workflowTaskFailures: number;
}

async function historyStats(client: Client, orgIds: string[]): Promise<HistoryStats> {
  const step = Math.max(1, Math.floor(orgIds.length / HISTORY_SAMPLE));
  const sample = orgIds.filter((_, i) => i % step === 0).slice(0, HISTORY_SAMPLE);
  let events = 0;
  const timeouts: Record<string, number> = {};
  let failures = 0;
  let firstHistory: string[] = [];
  for (const orgId of sample) {
    const history = await client.workflow.getHandle(billingWorkflowId(orgId)).fetchHistory();
    const all = history.events ?? [];
    if (firstHistory.length === 0) {
      firstHistory = all.map((event) => {
        const upserted = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
        const markerName = event.markerRecordedEventAttributes?.details?.patch_data?.payloads?.[0]?.data;
        const detail = upserted ? Object.keys(upserted).join(',') : markerName ? Buffer.from(markerName).toString().slice(0, 60) : '';
        return `${eventTypeName(event.eventType)}${detail ? `(${detail})` : ''}`;
      });
    }
    events += all.length;
    for (const event of all) {
      const timedOut = event.workflowTaskTimedOutEventAttributes;
      if (!timedOut) continue;
      const kind = timedOut.timeoutType === 1 ? 'START_TO_CLOSE' : timedOut.timeoutType === 2 ? 'SCHEDULE_TO_START' : 'other';
      timeouts[kind] = (timeouts[kind] ?? 0) + 1;
    }
    failures += all.filter((event) => event.workflowTaskFailedEventAttributes).length;
  }
  return {
    sampled: sample.length,
    eventsPerOrg: events / sample.length,
    workflowTaskTimeouts: timeouts,
    workflowTaskFailures: failures,
    firstHistory,
  };
}

/** "TimerFired" for EVENT_TYPE_TIMER_FIRED. */
function eventTypeName(type: number | null | undefined): string {
  const name = temporal.api.enums.v1.EventType[type ?? 0] ?? String(type);
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

function countWarnings(logFile: string | undefined): Record<string, number> {
  let log = '';
  try {
    log = logFile ? readFileSync(logFile, 'utf8') : '';
  } catch {
    // no log: nothing counted
  }
  return Object.fromEntries(OVERLOAD_WARNINGS.map((text) => [text, log.split(text).length - 1]));
}

function printSummary(billing: MonthEnd, baselines: ((FreshServerBaseline & { when: string }) | undefined)[]) {
  const rows: [string, string][] = [
    ['organizations', String(COUNT)],
    ['month end, all billed', `${seconds(billing.ms)} s (${billing.perSecond.toFixed(1)} organizations/s)`],
    ['invoiced per 5 s', billing.timeline.join(' ')],
    ['first 10 % / last 10 %', `${billing.firstTenthPerSecond.toFixed(1)} / ${billing.lastTenthPerSecond.toFixed(1)} organizations/s`],
  ];
  for (const bare of baselines) {
    if (!bare) continue;
    rows.push([`bare baseline ${bare.when}`, `${seconds(bare.ms)} s (${bare.perSecond.toFixed(1)} workflows/s)`]);
    rows.push([`ratio billing / bare (${bare.when})`, (billing.perSecond / bare.perSecond).toFixed(2)]);
  }
  for (const cost of billing.costs) {
    rows.push([`CPU s, peak RSS: ${cost.name}`, `${cost.cpuSeconds.toFixed(1)} s, ${Math.round(cost.peakRssMb)} MB`]);
  }
  for (const bare of baselines) {
    for (const cost of bare?.costs ?? []) rows.push([`CPU s: ${cost.name} ${bare!.when}`, `${cost.cpuSeconds.toFixed(1)} s`]);
  }
  const h = billing.history;
  rows.push([`history events per organization (${h.sampled} sampled)`, h.eventsPerOrg.toFixed(1)]);
  rows.push(["one organization's history", h.firstHistory.join(' ')]);
  const timeouts = Object.entries(h.workflowTaskTimeouts).map(([kind, n]) => `${n} ${kind}`);
  rows.push(['workflow task timeouts (sampled)', timeouts.join(', ') || '0']);
  rows.push(['workflow task failures (sampled)', String(h.workflowTaskFailures)]);
  for (const [text, count] of Object.entries(billing.overloadWarnings)) rows.push([`worker log: "${text}"`, String(count)]);
  const commands = Object.entries(billing.commands);
  rows.push([
    'database commands per organization',
    `${commands.reduce((sum, [, n]) => sum + n, 0).toFixed(1)}: ${commands.map(([kind, n]) => `${kind} ${n.toFixed(2)}`).join(', ')}`,
  ]);
  rows.push(['books', billing.breaches === 0 ? 'OK' : `${billing.breaches} BREACHES`]);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log('\nmeasured (no projections):');
  for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
