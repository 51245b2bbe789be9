/**
 * `npm run bench:billing`: how fast a month end bills every organization (target: 10,000 in under 5
 * minutes on 2 cores). N prepaid organizations with a balance each have their billing workflow waiting
 * for the end of the same cycle, as at a real month end: their timers fire together, and the clock runs
 * from that instant until every cycle is paid, its final invoice issued and e-mailed. The books are checked
 * after. Then, on the same Temporal server, the baseline: N bare one-activity workflows (scripts/bench/bare),
 * and the ratio of the two rates (target: billing at least half the bare rate).
 *
 * BENCH_ORGS (default 1000) sets N. The worker and the API are separate processes, as in production.
 */
import { billingCycleKey } from '../../domain/billing-cycle';
import { ledgerPosition } from '../../models/ledger-entry';
import { billingWorkflowId, type BillingCycleInput, type OpenCycle } from '../../workflows/definitions';
import { checkBooks } from '../check-books';
import { measureBareWorkflows } from './bare/measure';
import { inParallel, startBenchEngine } from './harness';

const COUNT = Number(process.env.BENCH_ORGS ?? 1000);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const engine = await startBenchEngine({ extraEnv: { BILLING_START_ON_ACTIVATION: 'false' } });
  try {
    const orgIds = Array.from({ length: COUNT }, (_, i) => `org_bench${String(i).padStart(6, '0')}`);
    const plan = { setupFeeMinor: 5000, monthlyFeeMinor: 2500, usagePrices: [] };
    let t = Date.now();
    // The cycle every organization is in; it ends once all workflows are waiting for it (starts run ~100/s).
    const endsAt = t + 20_000 + COUNT * 15;
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
    await engine.models.Organization.insertMany(
      orgIds.map((_id, i) => ({
        _id,
        name: `Bench Org ${i}`,
        billingEmail: `billing-${i}@bench.example`,
        currency: 'EUR',
        vatRateBp: 2100,
        plan,
      })),
    );
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
    await engine.models.BillingCycle.insertMany(
      orgIds.map((orgId) => ({
        _id: billingCycleKey(orgId, cycle.id),
        orgId,
        cycleId: cycle.id,
        startsAt: cycle.startsAt,
        endsAt: cycle.endsAt,
        billedDays: 30,
        periodDays: 30,
        first: true,
        usageFrom: cycle.usageFrom,
        state: 'open',
        currency: 'EUR',
      })),
    );
    const settings: BillingCycleInput['settings'] = {
      cycle: '30 days',
      warnBefore: '1 minute',
      usageSettle: '0s',
      dunning: ['1 hour'],
      suspendedRetry: '1 day',
      activityTimeout: '2 minutes',
    };
    const profile = { currency: 'EUR' as const, plan, vatRateBp: 2100, reverseCharge: false, method: 'prepaid' as const };
    await inParallel(orgIds, 50, (orgId) =>
      engine.client.workflow.start('billingCycleWorkflow', {
        workflowId: billingWorkflowId(orgId),
        taskQueue: engine.env.TEMPORAL_TASK_QUEUE!,
        args: [{ orgId, settings, cycle, profile, warned: true }],
      }),
    );
    const seeded = Date.now();
    console.log(`seeded ${COUNT} prepaid organizations and started their billing workflows in ${seconds(seeded - t)} s`);
    if (seeded > endsAt - 2000) throw new Error('the cycle ended before every workflow was waiting for it: raise the margin');
    await sleep(endsAt - Date.now());

    t = endsAt;
    let invoiced = 0;
    while (invoiced < COUNT) {
      // Only final-invoice e-mails are sent here, so the outbox counts them without a filter.
      invoiced = await engine.models.OutboxEmail.estimatedDocumentCount();
      if (Date.now() - t > 900_000) throw new Error(`only ${invoiced}/${COUNT} invoiced after 900 s`);
      if (invoiced < COUNT) await sleep(250);
    }
    const totalMs = Date.now() - t;
    const billingRate = (COUNT * 1000) / totalMs;
    console.log(
      `month end: ${COUNT} cycles ended at once; all charged, invoiced and e-mailed in ${seconds(totalMs)} s (${Math.round(billingRate)} organizations/s)`,
    );
    const projected = (10_000 * totalMs) / COUNT;
    console.log(
      `projected for 10,000 organizations: ${seconds(projected)} s — target under 300 s: ${projected < 300_000 ? 'met' : 'MISSED'}`,
    );
    const { breaches, checked } = await checkBooks(engine.models);
    console.log(
      `books: ${breaches.length === 0 ? 'OK' : `${breaches.length} BREACHES`} (${checked.ledgerEntries} ledger entries, ${checked.invoices} invoices, ${checked.cycles} cycles)`,
    );
    if (breaches.length > 0) process.exitCode = 1;

    const bare = await measureBareWorkflows(engine.client, engine.env.TEMPORAL_ADDRESS!, COUNT);
    console.log(
      `baseline, same Temporal server: ${COUNT} bare one-activity workflows in ${seconds(bare.ms)} s (${Math.round(bare.perSecond)} workflows/s)`,
    );
    const ratio = billingRate / bare.perSecond;
    console.log(`billing / bare throughput: ${ratio.toFixed(2)} — target at least 0.50: ${ratio >= 0.5 ? 'met' : 'MISSED'}`);
  } finally {
    await engine.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
