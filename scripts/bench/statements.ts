/**
 * `npm run bench:statements`: a camt.053 with BENCH_ENTRIES (10,000) entries, each for a different order,
 * uploaded to the running API. Targets: read and matched in under 10 s (the import report's own timing),
 * then credited end to end (every entry on a ledger) at no less than the JSON path's credits/s, measured in
 * the same run on BENCH_JSON_CREDITS (1,000) other orders; the ratio is printed. Memory: the API's and the
 * worker's peak RSS (VmHWM) over both paths, seeding left out, and this process's after reading the same file.
 * The organizations and their orders are seeded in bulk (./seed.ts), the orders by their own workflows.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { signBankPayload } from '../../api/middleware/bank-signature';
import { parseStatement } from '../../domain/bank-statements';
import { BENCH_ADMIN_KEY, BENCH_BANK_SECRET, http, inParallel, startBenchEngine, type BenchEngine } from './harness';
import { sampleGroup } from './process-stats';
import { seedOrdersWithTopUps } from './seed';
import { camtFile } from './statement-files';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const JSON_CREDITS = Number(process.env.BENCH_JSON_CREDITS ?? 1000);
const BATCH = 250;
const IBAN = 'BE71096123456769'; // SELLER_IBAN's default

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mib = (mb: number) => `${mb.toFixed(0)} MiB`;

/**
 * Forgets a process's peak resident set (Linux clear_refs 5), so VmHWM read later is the peak of what ran
 * since: the worker's peak while issuing thousands of proformas is seeding, not the measurement.
 */
function resetPeakRss(pid: number) {
  try {
    for (const member of execFileSync('pgrep', ['-g', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)) {
      writeFileSync(`/proc/${member}/clear_refs`, '5');
    }
  } catch {
    // Not Linux, or the process is gone: the peak printed is then the process's lifetime peak.
  }
}

async function waitForCredits(engine: BenchEngine, count: number, since: number): Promise<number> {
  for (;;) {
    const credited = await engine.models.LedgerEntry.countDocuments({ kind: 'top_up_credit' });
    if (credited >= count) return Date.now() - since;
    if (Date.now() - since > 900_000) throw new Error(`only ${credited}/${count} credited after 900 s`);
    // Counting scans the ledger on FerretDB: poll gently so the measurement does not slow what it measures.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main() {
  const engine = await startBenchEngine();
  try {
    let t = Date.now();
    const orders = await seedOrdersWithTopUps(engine, JSON_CREDITS + ENTRIES);
    const seededMs = Date.now() - t;
    console.log(
      `seeded ${orders.length} organizations with an open top-up order each in ${seconds(seededMs)} s (${((orders.length * 1000) / seededMs).toFixed(1)} organizations/s)`,
    );
    t = Date.now();
    const billingReady = 'WorkflowType="billingCycleWorkflow" AND BillingState="active"';
    while ((await engine.client.workflow.count(billingReady)).count < orders.length && Date.now() - t < 600_000) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    console.log(`billing workflows of the new organizations settled after ${seconds(Date.now() - t)} s more`);
    for (const { pid } of engine.processes) resetPeakRss(pid);

    // The JSON path, as bench:credits measures it.
    const jsonOrders = orders.slice(0, JSON_CREDITS);
    const batches = Array.from({ length: Math.ceil(jsonOrders.length / BATCH) }, (_, i) => jsonOrders.slice(i * BATCH, (i + 1) * BATCH));
    t = Date.now();
    await inParallel(batches, 2, async (batch) => {
      const body = JSON.stringify({
        credits: batch.map((o) => ({
          bankTxId: `JSON-${o.orderId}`,
          amountMinor: o.amountMinor,
          currency: 'EUR',
          reference: o.reference,
          valueDate: '2026-11-30',
        })),
      });
      const timestamp = Math.floor(Date.now() / 1000);
      return http(engine.apiUrl, 'POST', '/v1/bank/credits', {
        body,
        headers: { 'x-bank-timestamp': String(timestamp), 'x-bank-signature': signBankPayload(BENCH_BANK_SECRET, timestamp, body) },
      });
    });
    const jsonMs = await waitForCredits(engine, JSON_CREDITS, t);
    const jsonRate = (JSON_CREDITS * 1000) / jsonMs;
    console.log(`JSON path: ${JSON_CREDITS} credits on balances in ${seconds(jsonMs)} s (${jsonRate.toFixed(1)} credits/s)`);

    // The statement: one camt.053 entry per order, its RF reference as structured remittance.
    const statementOrders = orders.slice(JSON_CREDITS);
    const file = camtFile('053', 8, {
      iban: IBAN,
      id: 'BENCH-STATEMENT',
      lines: statementOrders.map((o, i) => ({
        bankRef: `STMT-${i}`,
        amountMinor: o.amountMinor,
        scor: o.reference,
        payer: `Bench Org payer ${i}`,
        text: [`Top-up ${o.reference}`],
      })),
    });
    const parseStarted = performance.now();
    parseStatement(file);
    console.log(
      `statement: ${ENTRIES} entries, ${(file.length / 1e6).toFixed(1)} MB; read in this process in ${seconds(performance.now() - parseStarted)} s ` +
        `(its peak RSS ${mib(process.resourceUsage().maxRSS / 1024)})`,
    );
    t = Date.now();
    const response = await fetch(`${engine.apiUrl}/v1/admin/bank-statements?filename=bench.xml`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'application/xml' },
      body: file,
    });
    if (!response.ok) throw new Error(`upload → ${response.status}: ${await response.text()}`);
    const report = (await response.json()) as {
      counts: Record<string, number>;
      timings: { parseAndMatchSeconds: number; applySeconds: number };
    };
    const uploadMs = Date.now() - t;
    const statementMs = await waitForCredits(engine, JSON_CREDITS + ENTRIES, t);
    const statementRate = (ENTRIES * 1000) / statementMs;
    const peaks = engine.processes
      .filter(({ name }) => name === 'api' || name.startsWith('worker'))
      .map(({ name, pid }) => `${name} ${mib(sampleGroup(pid)?.peakRssMb ?? Number.NaN)}`);

    const { parseAndMatchSeconds, applySeconds } = report.timings;
    console.log(`import report: ${JSON.stringify(report.counts)}; answered in ${seconds(uploadMs)} s`);
    console.log(
      `read and matched in ${parseAndMatchSeconds.toFixed(2)} s (target < 10 s: ${parseAndMatchSeconds < 10 ? 'met' : 'MISSED'}); recorded and signalled in ${applySeconds.toFixed(2)} s`,
    );
    console.log(`statement path: ${ENTRIES} credits on balances in ${seconds(statementMs)} s (${statementRate.toFixed(1)} credits/s)`);
    const ratio = statementRate / jsonRate;
    console.log(`ratio statement/JSON credits per second: ${ratio.toFixed(2)} (target ≥ 1: ${ratio >= 1 ? 'met' : 'MISSED'})`);
    console.log(`peak RSS (VmHWM) from the JSON path to the last credit: ${peaks.join(', ')}`);
  } finally {
    await engine.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
