/**
 * A bank re-reporting a transaction it reported before, now with another order's reference and amount, must
 * not mark that order paid: the route signals the stored report, creditTopUp changes an order only when the
 * ledger took the credit for it, and check-books sees an order claiming money its ledger did not get.
 */
import { createActivities } from '../../activities';
import { checkBooks } from '../../scripts/check-books';
import { bankCredit } from '../helpers/api-client';
import { orderTopUp } from '../helpers/billing';
import { engineForThisFile, eventually } from '../helpers/engine';

const engine = engineForThisFile();

it('a duplicate bank report credits the order first reported, with the amount first reported', async () => {
  const { orgId, key } = await engine.createOrganization();
  const first = await orderTopUp(engine, { orgId, key }, 5000);
  const second = await orderTopUp(engine, { orgId, key }, 5000);

  const reported = await engine.reportCredits([bankCredit('tx-dup-1', 5000, first.paymentReference)]);
  expect(reported.json.results[0]).toMatchObject({ status: 'matched', duplicate: false, orderId: first.orderId });
  await eventually(async () => (await engine.models.TopUpOrder.findById(first.orderId).lean())?.state === 'paid');

  const again = await engine.reportCredits([bankCredit('tx-dup-1', 7000, second.paymentReference)]);
  expect(again.status).toBe(200);
  expect(again.json.results[0]).toMatchObject({ status: 'matched', duplicate: true, orderId: first.orderId });

  // Give the workflows time to act on any signal, then check nothing moved.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const secondOrder = await engine.call('GET', `/v1/organizations/${orgId}/top-ups/${second.orderId}`, { key });
  expect(secondOrder.json).toMatchObject({ state: 'awaiting_payment', receivedMinor: 0 });
  const billing = await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key });
  expect(billing.json.balance.amountMinor).toBe(5000);
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
});

it('creditTopUp leaves an order alone when the ledger holds the transaction for another order', async () => {
  const { orgId, key } = await engine.createOrganization();
  const first = await orderTopUp(engine, { orgId, key }, 3000);
  const second = await orderTopUp(engine, { orgId, key }, 3000);
  await engine.reportCredits([bankCredit('tx-dup-2', 3000, first.paymentReference)]);
  await eventually(async () => engine.models.LedgerEntry.exists({ key: 'bank-credit:tx-dup-2' }));

  const activities = createActivities({ models: engine.models, config: engine.config, temporal: engine.client });
  const result = await activities.creditTopUp({
    orderId: second.orderId,
    credit: { ...bankCredit('tx-dup-2', 3000, second.paymentReference), currency: 'EUR' },
    state: 'paid',
    at: new Date().toISOString(),
  });
  expect(result).toMatchObject({ applied: false, balanceMinor: 3000 });
  const stored = await engine.models.TopUpOrder.findById(second.orderId).lean();
  expect(stored).toMatchObject({ state: 'awaiting_payment', receivedMinor: 0 });
  expect(stored?.credits ?? []).toEqual([]);
});

it('check-books names an order whose received amount is not on its ledger', async () => {
  const { orgId, key } = await engine.createOrganization();
  const unpaid = await orderTopUp(engine, { orgId, key }, 2500);
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
  await engine.models.TopUpOrder.updateOne(
    { _id: unpaid.orderId },
    {
      $set: { receivedMinor: 2500, state: 'paid' },
      $push: { credits: { bankTxId: 'tx-never-posted', amountMinor: 2500, valueDate: '2026-11-25', receivedAt: new Date() } },
    },
  );
  await engine.models.BankCredit.create(
    [
      {
        _id: 'tx-matched-unposted',
        amountMinor: 100,
        currency: 'EUR',
        reference: unpaid.paymentReference,
        valueDate: '2026-11-25',
        status: 'matched',
        orgId,
        topUpOrderId: unpaid.orderId,
        createdAt: new Date(Date.now() - 60 * 60_000),
      },
    ],
    { timestamps: false },
  );
  const { breaches } = await checkBooks(engine.models);
  expect(breaches.map((b) => `${b.check} ${b.subject}`).sort()).toEqual(
    [`top-up ${unpaid.orderId}`, `top-up ${unpaid.orderId}`, 'top-up tx-matched-unposted'].sort(),
  );
  expect(breaches.map((b) => b.message).join('\n')).toMatch(/says it received 2500, the ledger credited it 0/);
  await engine.models.TopUpOrder.deleteOne({ _id: unpaid.orderId });
  await engine.models.BankCredit.deleteOne({ _id: 'tx-matched-unposted' });
});
