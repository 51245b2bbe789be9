/**
 * A small month-end under faults (test/chaos/month-end.ts; `npm run chaos` runs a larger one): the worker
 * SIGKILLed three times, the Temporal dev server and FerretDB each SIGKILLed and restarted over their data,
 * while cycles on every payment method close and bank credits (repeats and unknown references among them)
 * come in. Every cycle is charged once and invoiced once, every number series stays gapless, every credit is
 * on a ledger or in the unmatched list, and check-books finds nothing.
 */
import path from 'node:path';
import { runChaos } from '../chaos/month-end';
import { STICKY_QUEUE_TIMEOUT_AFTER_CRASH } from '../helpers/worker-process';

it('bills a month-end once and keeps the books while its servers are killed', async () => {
  const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const lines: string[] = [];
  const report = await runChaos({
    orgs: 12,
    workerKills: 3,
    seed,
    windowMs: 20_000,
    settleTimeoutMs: 120_000,
    stickyQueueTimeout: STICKY_QUEUE_TIMEOUT_AFTER_CRASH,
    logDir: path.join(process.env.TEST_SERVERS_LOG_DIR ?? path.resolve(__dirname, '../../.data/test-logs'), 'chaos'),
    log: (line) => lines.push(line),
  });
  console.log(`chaos seed ${seed} (CHAOS_SEED repeats it)\n${lines.join('\n')}\n${JSON.stringify(report, null, 1)}`);
  expect({ problems: report.problems, breaches: report.breaches }).toEqual({ problems: [], breaches: [] });
  expect(report.faults).toHaveLength(5);
  expect(report).toMatchObject({
    organizations: { prepaid: 4, card: 4, paypal: 4 },
    cyclesPaid: 12,
    cardPaymentIntents: 4,
    paypalOrders: 4,
    finalInvoices: 12,
    proformas: 4,
    credits: { onLedger: 4, unmatched: 1, inUnmatchedList: 1 },
  });
}, 240_000);
