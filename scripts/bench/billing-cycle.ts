/**
 * `npm run bench:billing`: how fast a month end bills every organization (target: 10,000 in under 5
 * minutes on 2 cores). N prepaid organizations with a balance each run their billing workflow; then every
 * current cycle is closed at once (the admin "run now" update, as if the month ended for all of them), and
 * the clock stops when every cycle is paid, its final invoice issued and e-mailed. The books are checked after.
 *
 * BENCH_ORGS (default 1000) sets N. The worker and the API are separate processes, as in production.
 */
import { billingWorkflowId, runCycleNowUpdate, type BillingCycleInput } from '../../workflows/definitions';
import { ledgerPosition } from '../../models/ledger-entry';
import { checkBooks } from '../check-books';
import { inParallel, startBenchEngine } from './harness';

const COUNT = Number(process.env.BENCH_ORGS ?? 1000);
const operator = { by: 'bench', reason: 'month end' };
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function main() {
  const engine = await startBenchEngine({ extraEnv: { BILLING_START_ON_ACTIVATION: 'false' } });
  try {
    const orgIds = Array.from({ length: COUNT }, (_, i) => `org_bench${String(i).padStart(6, '0')}`);
    let t = Date.now();
    // Seeded in bulk, not through the API: what is measured is billing, not onboarding.
    await engine.models.Organization.insertMany(
      orgIds.map((_id, i) => ({ _id, name: `Bench Org ${i}`, billingEmail: `billing-${i}@bench.example`, currency: 'EUR', vatRateBp: 2100, plan: { setupFeeMinor: 5000, monthlyFeeMinor: 2500, usagePrices: [] } })),
    );
    await engine.models.LedgerEntry.insertMany(
      orgIds.map((orgId) => ({ _id: ledgerPosition(orgId, 1), orgId, seq: 1, key: `bench-credit:${orgId}`, kind: 'top_up_credit', amountMinor: 100000, balanceAfterMinor: 100000, currency: 'EUR', description: 'bench', createdAt: new Date() })),
    );
    const settings: BillingCycleInput['settings'] = { cycle: '1 hour', warnBefore: '1 minute', usageSettle: '0s', dunning: ['1 hour'], suspendedRetry: '1 day', activityTimeout: '2 minutes' };
    await inParallel(orgIds, 50, (orgId) =>
      engine.client.workflow.start('billingCycleWorkflow', { workflowId: billingWorkflowId(orgId), taskQueue: engine.env.TEMPORAL_TASK_QUEUE!, args: [{ orgId, settings }] }),
    );
    while ((await engine.models.BillingCycle.estimatedDocumentCount()) < COUNT) await new Promise((r) => setTimeout(r, 500));
    console.log(`seeded ${COUNT} prepaid organizations and opened their cycles in ${seconds(Date.now() - t)} s`);

    t = Date.now();
    // Accepted is enough (startUpdate): the run-now answer would wait for the charge, which is what is measured below.
    await inParallel(orgIds, 100, (orgId) =>
      engine.client.workflow.getHandle(billingWorkflowId(orgId)).startUpdate(runCycleNowUpdate, { args: [operator], waitForStage: 'ACCEPTED' }),
    );
    const closedMs = Date.now() - t;
    let invoiced = 0;
    while (invoiced < COUNT) {
      // Only final-invoice e-mails are sent here; a filtered count would scan the outbox on FerretDB and slow what is measured.
      invoiced = await engine.models.OutboxEmail.estimatedDocumentCount();
      if (Date.now() - t > 600_000) throw new Error(`only ${invoiced}/${COUNT} invoiced after 600 s`);
      if (invoiced < COUNT) await new Promise((r) => setTimeout(r, 1000));
    }
    const totalMs = Date.now() - t;
    console.log(`asked ${COUNT} workflows to close their cycle in ${seconds(closedMs)} s; all invoiced and e-mailed in ${seconds(totalMs)} s (${Math.round((COUNT * 1000) / totalMs)} organizations/s)`);
    const projected = (10_000 * totalMs) / COUNT;
    console.log(`projected for 10,000 organizations: ${seconds(projected)} s — target under 300 s: ${projected < 300_000 ? 'met' : 'MISSED'}`);
    const { breaches, checked } = await checkBooks(engine.models);
    console.log(`books: ${breaches.length === 0 ? 'OK' : `${breaches.length} BREACHES`} (${checked.ledgerEntries} ledger entries, ${checked.invoices} invoices, ${checked.cycles} cycles)`);
    if (breaches.length > 0) process.exitCode = 1;
  } finally {
    await engine.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
