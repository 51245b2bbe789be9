import { createLedger, ledgerSum, type LedgerPosting } from '../../activities/ledger';
import { readLedgerHead } from '../../models/ledger-entry';
import { testDatabase } from '../helpers/database';

type Db = Awaited<ReturnType<typeof testDatabase>>;
let database: Db;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.drop());

async function newOrg(id: string, currency: 'EUR' | 'USD' = 'EUR') {
  await database.models.Organization.create({
    _id: id,
    name: id,
    billingEmail: `${id}@example.test`,
    currency,
    plan: { setupFeeMinor: 0, monthlyFeeMinor: 1000, usagePrices: [] },
  });
}
const posting = (orgId: string, key: string, amountMinor: number): LedgerPosting => ({
  key,
  orgId,
  kind: amountMinor >= 0 ? 'top_up_credit' : 'cycle_charge',
  amountMinor,
  currency: 'EUR',
  description: key,
  at: new Date(),
});

describe('ledger', () => {
  it('applies an entry once however often it is posted, concurrently or not, from several processes', async () => {
    await newOrg('org-once');
    const processes = [createLedger(database.models), createLedger(database.models)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => processes[i % 2].post(posting('org-once', 'credit-1', 2500))));
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(results.every((r) => r.balanceMinor === 2500)).toBe(true);
    expect(await database.models.LedgerEntry.countDocuments({ orgId: 'org-once' })).toBe(1);
  });

  it('keeps balance equal to the sum of entries under concurrent credits and debits', async () => {
    await newOrg('org-sum');
    const postings = Array.from({ length: 60 }, (_, i) => posting('org-sum', `k-${i}`, i % 3 === 0 ? -100 : 250));
    const processes = [createLedger(database.models), createLedger(database.models), createLedger(database.models)];
    await Promise.all(postings.map((p, i) => processes[i % 3].post(p)));
    const head = await readLedgerHead(database.models, 'org-sum');
    expect(head).toEqual({ seq: 60, balanceMinor: 40 * 250 - 20 * 100 });
    expect(await ledgerSum(database.models, 'org-sum')).toBe(head.balanceMinor);
    // Every entry's running balance follows from the one before it.
    const chain = await database.models.LedgerEntry.find({ orgId: 'org-sum' }).sort({ seq: 1 }).lean();
    chain.reduce((before, entry) => {
      expect(entry.balanceAfterMinor).toBe(before + entry.amountMinor);
      return entry.balanceAfterMinor;
    }, 0);
  });

  it('answers a retry from a fresh process (a restarted worker) without posting again', async () => {
    await newOrg('org-retry');
    await createLedger(database.models).post(posting('org-retry', 'once', 700));
    await createLedger(database.models).post(posting('org-retry', 'other', 100));
    const retry = await createLedger(database.models).post(posting('org-retry', 'once', 700));
    expect(retry).toEqual({ applied: false, balanceMinor: 800 });
    expect(await ledgerSum(database.models, 'org-retry')).toBe(800);
  });

  it('refuses a debit the balance cannot cover when funds are required, and a foreign currency', async () => {
    await newOrg('org-funds');
    const ledger = createLedger(database.models);
    await ledger.post(posting('org-funds', 'in', 500));
    await expect(ledger.post(posting('org-funds', 'out', -600), { requireFunds: true })).rejects.toMatchObject({
      type: 'InsufficientFunds',
    });
    expect((await ledger.post(posting('org-funds', 'out-ok', -500), { requireFunds: true })).balanceMinor).toBe(0);
    expect(await ledger.post(posting('org-funds', 'out-ok', -500), { requireFunds: true })).toEqual({ applied: false, balanceMinor: 0 });
    await newOrg('org-usd', 'USD');
    await expect(ledger.post(posting('org-usd', 'eur-credit', 100))).rejects.toMatchObject({ type: 'InvalidInput' });
    await expect(ledger.post(posting('nobody', 'x', 100))).rejects.toMatchObject({ type: 'NotFound' });
  });

  it('appends after a head it knows that another process has since passed, and funds a debit from the true balance', async () => {
    await newOrg('org-behind');
    const worker = createLedger(database.models);
    const other = createLedger(database.models);
    await worker.post(posting('org-behind', 'first', 100)); // worker's head: seq 1, 100
    await other.post(posting('org-behind', 'second', 50)); // the chain: seq 2, 150
    // 100 alone would not cover it: the worker must not refuse on the head it remembers.
    expect(await worker.post(posting('org-behind', 'debit', -120), { requireFunds: true })).toEqual({ applied: true, balanceMinor: 30 });
    await other.post(posting('org-behind', 'third', 5)); // other's head is right; worker's is behind again
    expect(await worker.post(posting('org-behind', 'fourth', 1))).toEqual({ applied: true, balanceMinor: 36 });
    const chain = await database.models.LedgerEntry.find({ orgId: 'org-behind' }).sort({ seq: 1 }).lean();
    expect(chain.map((e) => [e.seq, e.key, e.balanceAfterMinor])).toEqual([
      [1, 'first', 100],
      [2, 'second', 150],
      [3, 'debit', 30],
      [4, 'third', 35],
      [5, 'fourth', 36],
    ]);
  });
});
