/**
 * `npm run bench:credits`: how long 1,000 bank credits take from the bank's report to money on the
 * balance (target: under 30 s). N organizations each get a top-up order; the bank then reports one credit
 * per order in signed batches; the clock stops when every order's ledger entry exists.
 */
import { signBankPayload } from '../../api/middleware/bank-signature';
import { BENCH_BANK_SECRET, http, inParallel, startBenchEngine } from './harness';
import { seedOrdersWithTopUps } from './seed';

const COUNT = Number(process.env.BENCH_CREDITS ?? 1000);
const BATCH = Number(process.env.BENCH_BATCH ?? 250);

async function main() {
  const engine = await startBenchEngine();
  try {
    let t = Date.now();
    const orders = await seedOrdersWithTopUps(engine, COUNT);
    console.log(`seeded ${COUNT} organizations with a top-up order each in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    // Each new organization also starts its billing workflow; let those first activities finish so they do
    // not run inside the measurement.
    t = Date.now();
    const billingReady = 'WorkflowType="billingCycleWorkflow" AND BillingState="active"';
    while ((await engine.client.workflow.count(billingReady)).count < COUNT && Date.now() - t < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    console.log(`billing workflows of the new organizations settled after ${((Date.now() - t) / 1000).toFixed(1)} s more`);

    const credits = orders.map((order, i) => ({
      bankTxId: `BENCH-${i}`,
      amountMinor: order.amountMinor,
      currency: 'EUR',
      reference: order.reference,
      valueDate: '2026-11-30',
    }));
    const batches = Array.from({ length: Math.ceil(credits.length / BATCH) }, (_, i) => credits.slice(i * BATCH, (i + 1) * BATCH));
    t = Date.now();
    const answers = await inParallel(batches, 2, async (batch) => {
      const body = JSON.stringify({ credits: batch });
      const timestamp = Math.floor(Date.now() / 1000);
      return http(engine.apiUrl, 'POST', '/v1/bank/credits', {
        body,
        headers: { 'x-bank-timestamp': String(timestamp), 'x-bank-signature': signBankPayload(BENCH_BANK_SECRET, timestamp, body) },
      });
    });
    const reconciledMs = Date.now() - t;
    const matched = answers.flatMap((a) => a.results).filter((r: { status: string }) => r.status === 'matched').length;

    let credited = 0;
    while (credited < COUNT) {
      credited = await engine.models.LedgerEntry.countDocuments({ kind: 'top_up_credit' });
      if (Date.now() - t > 300_000) throw new Error(`only ${credited}/${COUNT} credited after 300 s`);
      // Counting scans the ledger on FerretDB: poll gently so the measurement does not slow what it measures.
      if (credited < COUNT) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const creditedMs = Date.now() - t;
    const paid = await engine.models.TopUpOrder.countDocuments({ state: 'paid' });
    console.log(`reconciled ${matched}/${COUNT} credits (matched and signalled) in ${(reconciledMs / 1000).toFixed(2)} s`);
    console.log(
      `all ${COUNT} credited to balances in ${(creditedMs / 1000).toFixed(2)} s (${Math.round((COUNT * 1000) / creditedMs)} credits/s); orders paid: ${paid}`,
    );
    console.log(`target: under 30 s — ${creditedMs < 30_000 ? 'met' : 'MISSED'}`);
  } finally {
    await engine.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
