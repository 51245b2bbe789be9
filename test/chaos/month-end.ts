/**
 * A month-end under faults, with the books checked after (`npm run chaos` runs a large one through
 * scripts/chaos.ts, test/hardening/chaos.test.ts a small one). Organizations on every payment method
 * (prepaid, card, PayPal) have billing cycles that end at the same instant; prepaid ones are funded by bank
 * credits reported while the cycles close (some reported twice, some re-reported with another payload, some
 * matching no order). Meanwhile the worker is SIGKILLed several times, the Temporal dev server is SIGKILLed and
 * restarted once over its database file, and FerretDB once over its data directory.
 *
 * Afterwards, beside `check-books` (ledger chains, invoice totals, gapless numbers, one final invoice and one
 * debit per paid cycle, top-ups equal to their ledger credits): every cycle is paid; each card cycle has
 * exactly one PaymentIntent at Stripe and each PayPal cycle one order at PayPal; every reported credit is on
 * a ledger (matched) or in the unmatched list, as first reported.
 *
 * The providers are the test fakes, which keep what was charged; the worker is its own process, the API runs
 * in this one (only servers are killed). It lives beside the tests because it seeds as they do:
 * organizations, methods and cycles are written directly, not through their owners, and the top-up orders are
 * opened by their own workflows (scripts/bench/seed.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { loadConfig } from '../../config';
import type { Plan } from '../../domain/charges';
import { connectDatabase, type Models } from '../../models';
import { cardMethodId, paypalMethodId } from '../../models/payment-method';
import { createStripeClient } from '../../providers/stripe';
import { startFakePayPal, type FakePayPal } from '../fakes/paypal';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { ADMIN_KEY, apiClient, BANK_SECRET } from '../helpers/api-client';
import { providerOverrides } from '../helpers/payment-providers';
import type { BillingCycleInput, OpenCycle } from '../../workflows/definitions';
import { paypalInvoiceId } from '../../activities/paypal';
import { checkBooks, type Breach } from '../../scripts/check-books';
import { freePort, startFerretDb, startProcess, startTemporalDevServer, type ChildHandle } from '../../scripts/servers';
import {
  insertOpenCycles,
  insertOrganizations,
  openTopUpOrders,
  type PaymentMethodKind,
  seededOrgIds,
  startBillingInCycle,
} from '../../scripts/bench/seed';

const root = path.resolve(__dirname, '../..');
const CYCLE_ID = 'chaos';
const PLAN: Plan = { setupFeeMinor: 0, monthlyFeeMinor: 2500, usagePrices: [] };
const TOP_UP_MINOR = 5000;

export interface ChaosOptions {
  orgs: number;
  workerKills: number;
  seed: number;
  /** How long after the month-end the faults and the credits are spread over. */
  windowMs: number;
  /** How long the engine gets, after the window, to bill every cycle. */
  settleTimeoutMs: number;
  /**
   * The workers' WORKER_STICKY_QUEUE_TIMEOUT; unset, the engine's default (10 minutes). After each SIGKILL the
   * tasks already on the dead worker's sticky queue wait that long, so the settle time includes it.
   */
  stickyQueueTimeout?: string;
  logDir: string;
  log?: (line: string) => void;
}

export interface ChaosReport {
  organizations: Record<PaymentMethodKind, number>;
  cyclesPaid: number;
  cardPaymentIntents: number;
  paypalOrders: number;
  finalInvoices: number;
  proformas: number;
  credits: { reported: number; repeated: number; unmatched: number; onLedger: number; inUnmatchedList: number };
  faults: string[];
  breaches: Breach[];
  /** Anything that broke an invariant beyond check-books' own; empty when the run is clean. */
  problems: string[];
  seconds: number;
}

/** A small deterministic generator (mulberry32), so a failing run can be repeated with its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `fn` until it answers (servers come and go during a run) or `timeoutMs` passes. */
async function persist<T>(what: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`);
      await sleep(500);
    }
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const rand = random(options.seed);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'billing-chaos-'));
  mkdirSync(options.logDir, { recursive: true });
  const handles: ChildHandle[] = [];
  const faults: string[] = [];
  let stripe: FakeStripe | undefined;
  let paypal: FakePayPal | undefined;
  let connection: Connection | undefined;
  let closeDb: (() => Promise<void>) | undefined;
  try {
    // Fixed ports and data on disk, so a restarted server is the same server to everyone connected to it.
    const [temporalPort, ferretPort, healthPort] = [await freePort(), await freePort(), await freePort()];
    const temporalData = path.join(tmp, 'temporal');
    const ferretData = path.join(tmp, 'ferretdb');
    let incarnation = 0;
    const logsFor = (what: string) => path.join(options.logDir, `${what}-${++incarnation}`);
    const startTemporal = () => startTemporalDevServer({ port: temporalPort, dataDir: temporalData, logDir: logsFor('temporal') });
    const startDb = () => startFerretDb({ port: ferretPort, dataDir: ferretData, logDir: logsFor('ferretdb') });
    let temporal = await startTemporal();
    let ferret = await startDb();
    handles.push(temporal, ferret);
    [stripe, paypal] = await Promise.all([startFakeStripe(), startFakePayPal()]);

    let bundlePath = process.env.WORKFLOW_BUNDLE_PATH;
    if (!bundlePath) {
      const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') });
      bundlePath = path.join(tmp, 'workflow-bundle.js');
      writeFileSync(bundlePath, code);
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ADMIN_API_KEY: ADMIN_KEY,
      BANK_WEBHOOK_SECRET: BANK_SECRET,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'chaos',
      MONGODB_URI: `${ferret.uri}billing_chaos`,
      RESEND_API_KEY: '',
      BILLING_START_ON_ACTIVATION: 'false',
      WORKFLOW_BUNDLE_PATH: bundlePath,
      WORKER_METRICS_PORT: '0',
      WORKER_HEALTH_PORT: String(healthPort),
      ...(options.stickyQueueTimeout ? { WORKER_STICKY_QUEUE_TIMEOUT: options.stickyQueueTimeout } : {}),
      ...providerOverrides(paypal, stripe),
    };
    const config = loadConfig(env);

    let worker: ChildHandle | undefined;
    const startWorker = async () => {
      worker = await startProcess({
        name: 'worker',
        command: process.execPath,
        args: ['--import', 'tsx', 'worker/index.ts'],
        cwd: root,
        env,
        logDir: logsFor('worker'),
        startTimeoutMs: 120_000,
        healthCheck: async () => {
          const response = await fetch(`http://127.0.0.1:${healthPort}/ready`, { signal: AbortSignal.timeout(1000) });
          if (!response.ok) throw new Error(`worker /ready ${response.status}`);
        },
      });
      handles.push(worker);
    };
    await startWorker();

    const { db, models } = await connectDatabase(env.MONGODB_URI!, 10);
    closeDb = () => db.close();
    connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, namespace: 'default' });
    const app = createApp({ models, config, temporal: client });
    const api = apiClient(app);

    // ---- the organizations, their methods, and the prepaid ones' orders ----
    const methods: PaymentMethodKind[] = ['prepaid', 'card', 'paypal'];
    const orgs = seededOrgIds('chaos', options.orgs, 5).map((orgId, i) => ({
      orgId,
      method: methods[i % 3],
      customerId: undefined as string | undefined,
    }));
    await insertOrganizations(
      models,
      orgs.map(({ orgId }) => orgId),
      { label: 'Chaos', plan: PLAN },
    );
    const stripeApi = createStripeClient(config);
    for (const org of orgs) await givePaymentMethod(models, stripeApi, stripe, paypal, org);
    const prepaid = orgs.filter((org) => org.method === 'prepaid');
    const orders = await openTopUpOrders(
      { client, models },
      config,
      prepaid.map(({ orgId }) => ({ orgId, amountMinor: TOP_UP_MINOR })),
    );
    log(`seeded ${orgs.length} organizations (${prepaid.length} prepaid with an open top-up, the rest card and PayPal)`);

    // ---- one cycle for all, ending at the same instant ----
    const monthEnd = Date.now() + 5000 + options.orgs * 20;
    const cycle: OpenCycle = {
      id: CYCLE_ID,
      startsAt: new Date(monthEnd - 30 * 24 * 3600_000).toISOString(),
      endsAt: new Date(monthEnd).toISOString(),
      billedDays: 30,
      periodDays: 30,
      first: false,
      usageFrom: new Date(monthEnd - 30 * 24 * 3600_000).toISOString(),
    };
    await insertOpenCycles(
      models,
      orgs.map(({ orgId }) => orgId),
      cycle,
    );
    const settings: BillingCycleInput['settings'] = {
      cycle: '30 days',
      warnBefore: '1 minute',
      usageSettle: '0s',
      dunning: ['1 hour'],
      suspendedRetry: '1 day',
      // A killed worker's activity is tried again once this passes.
      activityTimeout: '5 seconds',
    };
    await startBillingInCycle(client, config.TEMPORAL_TASK_QUEUE, orgs, { cycle, settings, plan: PLAN });
    await sleep(Math.max(0, monthEnd - Date.now()));
    log(`month-end: ${orgs.length} cycles end now; faults and bank credits over the next ${options.windowMs / 1000} s`);

    // ---- the faults, at random moments of the window, one after the other ----
    const at = (share: number) => Math.floor(share * options.windowMs);
    const plan = [
      ...Array.from({ length: options.workerKills }, () => ({ kind: 'worker' as const, at: at(rand()) })),
      { kind: 'temporal' as const, at: at(rand()) },
      { kind: 'ferretdb' as const, at: at(rand()) },
    ].sort((a, b) => a.at - b.at);
    const faultsDone = (async () => {
      for (const fault of plan) {
        await sleep(Math.max(0, monthEnd + fault.at - Date.now()));
        const down = 300 + Math.floor(rand() * 1500);
        const t = ((Date.now() - monthEnd) / 1000).toFixed(1);
        if (fault.kind === 'worker') {
          await worker?.kill();
          await sleep(down);
          await startWorker();
        } else if (fault.kind === 'temporal') {
          await temporal.kill();
          await sleep(down);
          temporal = await startTemporal();
          handles.push(temporal);
        } else {
          await ferret.kill();
          await sleep(down);
          ferret = await startDb();
          handles.push(ferret);
        }
        faults.push(`${fault.kind} SIGKILLed at +${t} s, back after ${down} ms`);
        log(faults[faults.length - 1]);
      }
    })();

    // ---- the bank: each order paid in full; some transactions reported twice, one changed; some matching nothing ----
    type Report = { bankTxId: string; amountMinor: number; currency: 'EUR'; reference: string; valueDate: string };
    const reports: Report[] = orders.map((order, i) => ({
      bankTxId: `chaos-tx-${i}`,
      amountMinor: TOP_UP_MINOR,
      currency: 'EUR',
      reference: order.reference,
      valueDate: '2026-11-30',
    }));
    const unmatched: Report[] = Array.from({ length: Math.max(1, Math.ceil(orders.length / 10)) }, (_, i) => ({
      bankTxId: `chaos-unmatched-${i}`,
      amountMinor: 1234,
      currency: 'EUR',
      reference: `no such order ${i}`,
      valueDate: '2026-11-30',
    }));
    const repeats: Report[] = reports
      .filter(() => rand() < 0.25)
      .map((report, i) => (i % 2 === 0 ? report : { ...report, amountMinor: report.amountMinor * 10, reference: unmatched[0].reference }));
    const batches: Report[][] = [];
    const queue = [...reports, ...unmatched].sort(() => rand() - 0.5);
    for (let i = 0; i < queue.length; i += 5) batches.push(queue.slice(i, i + 5));
    batches.push(...Array.from({ length: Math.ceil(repeats.length / 5) }, (_, i) => repeats.slice(i * 5, i * 5 + 5)));
    const creditsDone = (async () => {
      const gap = options.windowMs / Math.max(batches.length, 1);
      for (const batch of batches) {
        // A bank retries a report that got no answer or a 5xx, as any client of the API does.
        await persist('bank report', async () => {
          const answer = await api.reportCredits(batch);
          if (answer.status !== 200) throw new Error(`${answer.status} ${answer.text}`);
        });
        await sleep(gap * rand());
      }
    })();
    await Promise.all([faultsDone, creditsDone]);
    if (worker?.hasExited()) await startWorker();
    log('window over: waiting for every cycle to be paid');

    // ---- settle: every cycle paid, every matched credit on its ledger ----
    const deadline = Date.now() + options.settleTimeoutMs;
    let paid = 0;
    for (;;) {
      paid = await persist('count', () =>
        models.BillingCycle.countDocuments({ cycleId: CYCLE_ID, state: 'paid', invoiceNumber: { $exists: true } }),
      );
      const credited = await persist('count', () => models.LedgerEntry.countDocuments({ kind: 'top_up_credit' }));
      if (paid === orgs.length && credited >= orders.length) break;
      if (Date.now() > deadline) break;
      if (worker?.hasExited()) await startWorker();
      await sleep(1000);
    }

    // ---- the invariants ----
    const problems: string[] = [];
    if (paid !== orgs.length) problems.push(`${orgs.length - paid} of ${orgs.length} cycles not paid after the run`);
    let cardPaymentIntents = 0;
    let paypalOrders = 0;
    for (const org of orgs) {
      if (org.method === 'card') {
        const intents = [...stripe.paymentIntents.values()].filter((pi) => pi.customer === org.customerId);
        cardPaymentIntents += intents.length;
        if (intents.length !== 1 || intents[0].status !== 'succeeded') {
          problems.push(`${org.orgId}: ${intents.length} PaymentIntents (${intents.map((pi) => pi.status).join(', ')}), want 1 succeeded`);
        }
      } else if (org.method === 'paypal') {
        const invoiceId = paypalInvoiceId(org.orgId, CYCLE_ID);
        const found = [...paypal.orders.values()].filter(
          (o) => (o.body.purchase_units as { invoice_id?: string }[])?.[0]?.invoice_id === invoiceId,
        );
        paypalOrders += found.length;
        if (found.length !== 1 || found[0].status !== 'COMPLETED')
          problems.push(`${org.orgId}: ${found.length} PayPal orders, want 1 completed`);
      }
    }
    const credits = await models.BankCredit.find({}).lean();
    const byTx = new Map(credits.map((credit) => [credit._id, credit]));
    const ledgerKeys = new Set((await models.LedgerEntry.find({ kind: 'top_up_credit' }, { key: 1 }).lean()).map((e) => e.key));
    let onLedger = 0;
    let inUnmatchedList = 0;
    for (const report of [...reports, ...unmatched]) {
      const stored = byTx.get(report.bankTxId);
      if (!stored) problems.push(`${report.bankTxId}: reported but not recorded`);
      else if (stored.status === 'matched') {
        if (ledgerKeys.has(`bank-credit:${report.bankTxId}`)) onLedger += 1;
        else problems.push(`${report.bankTxId}: matched but on no ledger`);
      } else if (stored.status === 'unmatched') inUnmatchedList += 1;
      else problems.push(`${report.bankTxId}: status ${stored.status}`);
      if (stored && stored.amountMinor !== report.amountMinor)
        problems.push(`${report.bankTxId}: recorded ${stored.amountMinor}, first reported ${report.amountMinor}`);
    }
    if (onLedger !== reports.length) problems.push(`${onLedger} of ${reports.length} order payments on a ledger`);
    if (inUnmatchedList !== unmatched.length) problems.push(`${inUnmatchedList} of ${unmatched.length} unknown references unmatched`);
    const { breaches } = await persist('check-books', () => checkBooks(models));

    return {
      organizations: {
        prepaid: prepaid.length,
        card: orgs.filter((o) => o.method === 'card').length,
        paypal: orgs.filter((o) => o.method === 'paypal').length,
      },
      cyclesPaid: paid,
      cardPaymentIntents,
      paypalOrders,
      finalInvoices: await models.Invoice.countDocuments({ series: 'final' }),
      proformas: await models.Invoice.countDocuments({ series: 'proforma' }),
      credits: {
        reported: reports.length + unmatched.length + repeats.length,
        repeated: repeats.length,
        unmatched: unmatched.length,
        onLedger,
        inUnmatchedList,
      },
      faults,
      breaches,
      problems,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await connection?.close().catch(() => undefined);
    await closeDb?.().catch(() => undefined);
    for (const handle of [...handles].reverse()) await handle.stop();
    await Promise.all([stripe?.close(), paypal?.close()]);
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A saved card or PayPal token made the default, as a succeeded set-up leaves it; prepaid needs nothing. */
async function givePaymentMethod(
  models: Models,
  stripeApi: ReturnType<typeof createStripeClient>,
  stripe: FakeStripe,
  paypal: FakePayPal,
  org: { orgId: string; method: PaymentMethodKind; customerId?: string },
): Promise<void> {
  const { orgId } = org;
  if (org.method === 'card') {
    const customer = await stripeApi.customers.create({ metadata: { orgId } });
    const card = stripe.attachCard(customer.id, 'visa');
    org.customerId = customer.id;
    await models.PaymentMethod.create({
      _id: cardMethodId(card.id),
      orgId,
      kind: 'card',
      status: 'active',
      workflowId: 'chaos',
      card: { stripeCustomerId: customer.id, paymentMethodId: card.id, brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
    });
    await models.Organization.updateOne(
      { _id: orgId },
      { $set: { defaultPaymentMethod: 'card', defaultPaymentMethodId: cardMethodId(card.id), stripeCustomerId: customer.id } },
    );
  } else if (org.method === 'paypal') {
    const tokenId = `PT-${orgId.toUpperCase()}`;
    paypal.paymentTokens.set(tokenId, {
      id: tokenId,
      customer: { id: `CUST-${tokenId}`, merchant_customer_id: orgId },
      paypal: { email_address: 'payer@chaos.example', payer_id: 'PAYER1' },
      deleted: false,
    });
    await models.PaymentMethod.create({
      _id: paypalMethodId(tokenId),
      orgId,
      kind: 'paypal',
      status: 'active',
      workflowId: 'chaos',
      paypal: { paymentTokenId: tokenId, payerEmail: 'payer@chaos.example' },
    });
    await models.Organization.updateOne(
      { _id: orgId },
      { $set: { defaultPaymentMethod: 'paypal', defaultPaymentMethodId: paypalMethodId(tokenId) } },
    );
  }
}

export function printReport(report: ChaosReport): void {
  const { organizations: o, credits: c } = report;
  console.log(`organizations: ${o.prepaid} prepaid, ${o.card} card, ${o.paypal} PayPal`);
  for (const fault of report.faults) console.log(`fault: ${fault}`);
  console.log(
    `cycles paid: ${report.cyclesPaid}; card PaymentIntents: ${report.cardPaymentIntents}; PayPal orders: ${report.paypalOrders}`,
  );
  console.log(`invoices: ${report.finalInvoices} final, ${report.proformas} proformas`);
  console.log(
    `bank credits: ${c.reported} reports (${c.repeated} repeats), ${c.onLedger} on a ledger, ${c.inUnmatchedList} of ${c.unmatched} unknown in the unmatched list`,
  );
  console.log(`check-books: ${report.breaches.length === 0 ? 'OK' : `${report.breaches.length} BREACHES`}`);
  for (const b of report.breaches) console.log(`  BREACH [${b.check}] ${b.subject}: ${b.message}`);
  for (const p of report.problems) console.log(`  PROBLEM ${p}`);
  console.log(
    `${report.problems.length === 0 && report.breaches.length === 0 ? 'chaos run clean' : 'chaos run FAILED'} in ${report.seconds} s`,
  );
}
