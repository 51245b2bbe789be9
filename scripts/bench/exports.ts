/**
 * `npm run bench:exports`: the finance exports at the size finance asks for, against FerretDB (or
 * MONGODB_URI). Seeds BENCH_INVOICES (100,000) final invoices of one month, each with its billing cycle, for
 * BENCH_ORGS (1,000) organizations with external ids, and BENCH_CREDIT_NOTES (1,000) credit notes, straight
 * into the collections in bulk; the first BENCH_LEGACY_INVOICES (1,000) are shaped as issued before invoices
 * recorded how they were paid, so the export falls back to their billing cycles. Then it reads the invoices
 * export and the VAT report through the admin routes as a client does (the response body parsed while it
 * arrives), sums them against what was seeded and checks every invoice's "paid by". Prints the
 * time and rows/s, this process's heap and resident memory (its peak above the start, and the peak once a
 * tenth of the rows had arrived: the same when memory does not grow with the rows), and FerretDB's resident
 * memory while it serves the export.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Client, Connection } from '@temporalio/client';
import { parse } from 'csv-parse';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config';
import { connectDatabase, type Models } from '../../models';
import { startFerretDb, stopAll, type ChildHandle } from '../servers';
import { BENCH_ADMIN_KEY, BENCH_LOG_DIR, inParallel } from './harness';

const INVOICES = Number(process.env.BENCH_INVOICES ?? 100_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 1000);
const CREDIT_NOTES = Math.min(INVOICES, Number(process.env.BENCH_CREDIT_NOTES ?? 1000));
const LEGACY_INVOICES = Math.min(INVOICES, Number(process.env.BENCH_LEGACY_INVOICES ?? 1000));
const SEED_BATCH = 1000;
const FROM = '2026-10-01';
const TO = '2026-11-01';
/** A German VAT id of valid form: its buyers are reverse-charged (0 %), a row of their own in the VAT report. */
const EU_BUYER_VAT_ID = 'DE136695976';

const seller = { name: 'Bench Seller', address: 'Main St 1', vatId: 'BE0123456749' };
const orgId = (i: number) => `org_bench_${String(i % ORGS).padStart(6, '0')}`;
const number = (i: number) => `INV-2026-${String(i + 1).padStart(6, '0')}`;
const PAID_WITH = ['prepaid', 'card', 'paypal'] as const;
const paidWith = (i: number) => PAID_WITH[i % PAID_WITH.length]!;

/** Invoice i: a monthly fee and a usage line; every tenth organization has an EU VAT id (reverse charge). */
function invoice(i: number) {
  const org = orgId(i);
  const reverse = (i % ORGS) % 10 === 0;
  const rate = reverse ? 0 : 2100;
  const lines = [
    { description: 'Monthly fee', quantity: 1, unitPriceMinor: 5000, vatRateBp: rate, amountMinor: 5000 },
    { description: 'Calls (minutes)', quantity: 100 + (i % 900), unitPriceMinor: 2, vatRateBp: rate, amountMinor: 2 * (100 + (i % 900)) },
  ];
  const subtotalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const vatMinor = Math.round((subtotalMinor * rate) / 10_000);
  const issueDate = new Date(Date.UTC(2026, 9, 1) + Math.floor((i / INVOICES) * 30 * 86_400_000));
  return {
    _id: number(i),
    key: `final:${org}:cycle-${i}`,
    orgId: org,
    series: 'final',
    year: 2026,
    sequence: i + 1,
    number: number(i),
    issueDate,
    dueDate: issueDate,
    seller,
    buyer: { name: `Bench Org ${i % ORGS}`, address: 'Somewhere 2', vatId: reverse ? EU_BUYER_VAT_ID : '' },
    currency: 'EUR',
    lines,
    subtotalMinor,
    vat: [{ vatRateBp: rate, baseMinor: subtotalMinor, vatMinor }],
    vatMinor,
    totalMinor: subtotalMinor + vatMinor,
    notes: [],
    status: 'paid',
    ...(i < LEGACY_INVOICES ? {} : { paidWith: paidWith(i) }),
    createdAt: issueDate,
    updatedAt: issueDate,
  };
}

type SeededInvoice = ReturnType<typeof invoice>;

function creditNote(inv: SeededInvoice, n: number) {
  const number = `CN-2026-${String(n + 1).padStart(6, '0')}`;
  return {
    _id: number,
    key: `credit-note:bench-${n}`,
    orgId: inv.orgId,
    series: 'credit_note',
    year: 2026,
    sequence: n + 1,
    number,
    invoiceNumber: inv.number,
    invoiceCreditSeq: 1,
    reason: 'bench',
    origin: 'operator',
    issuedBy: 'bench',
    issueDate: inv.issueDate,
    seller,
    buyer: inv.buyer,
    currency: 'EUR',
    lines: inv.lines.map((line, index) => ({ invoiceLine: index, ...line })),
    subtotalMinor: inv.subtotalMinor,
    vat: inv.vat,
    vatMinor: inv.vatMinor,
    totalMinor: inv.totalMinor,
    notes: [],
    createdAt: inv.issueDate,
    updatedAt: inv.issueDate,
  };
}

async function seed(models: Models): Promise<{ totalMinor: number; vatMinor: number; netMinor: number }> {
  const orgs = Array.from({ length: ORGS }, (_, i) => ({
    _id: orgId(i),
    name: `Bench Org ${i}`,
    billingEmail: `billing-${i}@bench.example`,
    currency: 'EUR',
    vatRateBp: 2100,
    externalId: `ext-${i}`,
    plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] },
  }));
  await models.Organization.collection.insertMany(orgs as never[]);
  let totalMinor = 0;
  let vatMinor = 0;
  let netMinor = 0;
  const batches = Array.from({ length: Math.ceil(INVOICES / SEED_BATCH) }, (_, b) => b);
  await inParallel(batches, 2, async (b) => {
    const invoices = Array.from({ length: Math.min(SEED_BATCH, INVOICES - b * SEED_BATCH) }, (_, k) => invoice(b * SEED_BATCH + k));
    const cycles = invoices.map((inv, k) => {
      const cycleId = `cycle-${b * SEED_BATCH + k}`;
      return { _id: `${inv.orgId}:${cycleId}`, orgId: inv.orgId, cycleId, state: 'paid', paidWith: paidWith(b * SEED_BATCH + k) };
    });
    const notes = invoices
      .map((inv, k) => ({ inv, n: b * SEED_BATCH + k }))
      .filter(({ n }) => n < CREDIT_NOTES)
      .map(({ inv, n }) => creditNote(inv, n));
    await Promise.all([
      models.Invoice.collection.insertMany(invoices as never[], { ordered: false }),
      models.BillingCycle.collection.insertMany(cycles as never[], { ordered: false }),
      notes.length ? models.CreditNote.collection.insertMany(notes as never[], { ordered: false }) : undefined,
    ]);
    for (const inv of invoices) {
      totalMinor += inv.totalMinor;
      vatMinor += inv.vatMinor;
      netMinor += inv.subtotalMinor;
    }
    for (const note of notes) {
      totalMinor -= note.totalMinor;
      vatMinor -= note.vatMinor;
      netMinor -= note.subtotalMinor;
    }
  });
  return { totalMinor, vatMinor, netMinor };
}

/** Resident memory of a process now (VmRSS), MiB; undefined once it is gone. */
function rssOf(pid: number): number | undefined {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Samples every 50 ms this process's RSS and another process's RSS, and every second the live heap (heap
 * used right after a full collection, with --expose-gc: what is retained, not garbage awaiting collection),
 * keeping the peaks.
 */
function memorySampler(otherPid?: number) {
  const mb = (bytes: number) => bytes / 2 ** 20;
  global.gc?.();
  const base = process.memoryUsage();
  const peak = { heapMb: mb(base.heapUsed), rssMb: mb(base.rss), otherRssMb: otherPid ? (rssOf(otherPid) ?? 0) : 0 };
  let ticks = 0;
  const sample = (collect = ticks++ % 20 === 0) => {
    if (collect) global.gc?.();
    const now = process.memoryUsage();
    if (collect || !global.gc) peak.heapMb = Math.max(peak.heapMb, mb(now.heapUsed));
    peak.rssMb = Math.max(peak.rssMb, mb(now.rss));
    if (otherPid) peak.otherRssMb = Math.max(peak.otherRssMb, rssOf(otherPid) ?? 0);
  };
  const timer = setInterval(sample, 50);
  return {
    base: { heapMb: mb(base.heapUsed), rssMb: mb(base.rss), otherRssMb: otherPid ? (rssOf(otherPid) ?? 0) : 0 },
    snapshot: () => {
      sample(true);
      return { ...peak };
    },
    stop: () => clearInterval(timer),
  };
}

/** "-12.34" → -1234, by its digits (the exports write two decimals for EUR). */
const minor = (value: string | undefined) => (value ? Number(value.replace('.', '')) : 0);

async function readExport(
  app: ReturnType<typeof createApp>,
  route: string,
  onRow: (row: Record<string, string>, index: number) => void,
): Promise<{ rows: number; bytes: number }> {
  const response = await app.request(route, { headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}` } });
  if (response.status !== 200) throw new Error(`${route} → ${response.status}: ${await response.text()}`);
  let bytes = 0;
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  let rows = 0;
  for await (const row of body.pipe(parse({ columns: true }))) onRow(row as Record<string, string>, rows++);
  return { rows, bytes };
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'billing-bench-exports-'));
  const children: ChildHandle[] = [];
  const ferretdb = process.env.MONGODB_URI
    ? undefined
    : await startFerretDb({ dataDir: path.join(tmp, 'ferretdb'), logDir: BENCH_LOG_DIR });
  if (ferretdb) children.push(ferretdb);
  const uri = process.env.MONGODB_URI ?? `${ferretdb!.uri}billing_bench_exports_${Date.now()}`;
  const { db, models } = await connectDatabase(uri, 10);
  try {
    let t = Date.now();
    const books = await seed(models);
    console.log(
      `seeded ${INVOICES} invoices (with their billing cycles), ${CREDIT_NOTES} credit notes, ${ORGS} organizations in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    const f = (n: number) => n.toFixed(1);
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', MONGODB_URI: uri, ADMIN_API_KEY: BENCH_ADMIN_KEY, RESEND_API_KEY: '' });
    // The export routes never reach Temporal: a lazy connection that is never opened.
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const app = createApp({ models, config, temporal });

    // Where an export's time goes: reading the documents, and (for invoices older than `paidWith`) a page's
    // billing cycles in one query, against the per-row lookup the export made before.
    const sample = Math.min(INVOICES, 5000);
    t = Date.now();
    let scanned = 0;
    for await (const _ of models.Invoice.find({ series: 'final' }, { pdf: 0 }).limit(sample).lean().cursor({ batchSize: 500 })) scanned++;
    const scanMs = Date.now() - t;
    const cycleIds = Array.from({ length: Math.min(sample, 2000) }, (_, i) => `${orgId(i)}:cycle-${i}`);
    t = Date.now();
    await inParallel(cycleIds, 16, (id) => models.BillingCycle.findById(id, { paidWith: 1 }).lean());
    const lookupMs = Date.now() - t;
    t = Date.now();
    for (let first = 0; first < cycleIds.length; first += 500)
      await models.BillingCycle.find({ _id: { $in: cycleIds.slice(first, first + 500) } }, { paidWith: 1 }).lean();
    const batchedMs = Date.now() - t;
    console.log(
      `per document: reading ${f((scanMs * 1000) / scanned)} µs (${scanned}); its billing cycle by _id ${f((lookupMs * 1000) / cycleIds.length)} µs (16 in flight), in pages of 500 by $in ${f((batchedMs * 1000) / cycleIds.length)} µs (${cycleIds.length})`,
    );

    const memory = memorySampler(ferretdb?.pid);
    let atTenth = memory.snapshot();
    let totalMinor = 0;
    let vatMinor = 0;
    let wrongPaidBy = 0;
    t = Date.now();
    const documents = await readExport(app, `/v1/admin/exports/invoices?from=${FROM}&to=${TO}`, (row, index) => {
      totalMinor += minor(row.total);
      vatMinor += minor(row.vat);
      if (row.type === 'invoice' && row['paid by'] !== paidWith(Number(row.number!.slice('INV-2026-'.length)) - 1)) wrongPaidBy++;
      if (index + 1 === Math.ceil((INVOICES + CREDIT_NOTES) / 10)) atTenth = memory.snapshot();
    });
    const invoicesMs = Date.now() - t;
    const peak = memory.snapshot();
    memory.stop();

    t = Date.now();
    let vatNet = 0;
    let vatSum = 0;
    const vat = await readExport(app, `/v1/admin/exports/vat?from=${FROM}&to=${TO}`, (row) => {
      vatNet += minor(row.net);
      vatSum += minor(row.vat);
    });
    const vatMs = Date.now() - t;

    console.log(
      `invoices export: ${documents.rows} rows (${f(documents.bytes / 2 ** 20)} MiB of CSV) in ${f(invoicesMs / 1000)} s, ${Math.round((documents.rows * 1000) / invoicesMs)} rows/s`,
    );
    console.log(
      `  this process: live heap ${f(memory.base.heapMb)} MiB at the start, peak ${f(atTenth.heapMb)} MiB up to a tenth of the rows, ${f(peak.heapMb)} MiB over all; RSS peak ${f(peak.rssMb)} MiB (start ${f(memory.base.rssMb)})${global.gc ? '' : ' (run with --expose-gc for the live heap)'}`,
    );
    if (ferretdb) console.log(`  FerretDB RSS: ${f(memory.base.otherRssMb)} MiB at the start, peak ${f(peak.otherRssMb)} MiB`);
    const expected =
      documents.rows === INVOICES + CREDIT_NOTES && totalMinor === books.totalMinor && vatMinor === books.vatMinor && wrongPaidBy === 0;
    console.log(
      `  read back: total ${totalMinor}, VAT ${vatMinor} (books: ${books.totalMinor}, ${books.vatMinor}); "paid by" wrong on ${wrongPaidBy} invoices (${LEGACY_INVOICES} read from their cycles) — ${expected ? 'equal' : 'DIFFERENT'}`,
    );
    const vatAgrees = vatSum === books.vatMinor && vatNet === books.netMinor;
    console.log(
      `VAT report: ${vat.rows} rows in ${f(vatMs / 1000)} s; net ${vatNet}, VAT ${vatSum} (books: ${books.netMinor}, ${books.vatMinor}) — ${vatAgrees ? 'equal' : 'DIFFERENT'}`,
    );
    if (!expected || !vatAgrees) process.exitCode = 1;
  } finally {
    await db.close();
    await stopAll(children);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
