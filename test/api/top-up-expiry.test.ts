import { readLedgerHead } from '../../models/ledger-entry';
import { engineForThisFile, eventually } from '../helpers/engine';

// Reminder and expiry delays are configuration, passed to the workflow: seconds here, days in production.
const engine = engineForThisFile({ TOP_UP_REMINDERS: '1s,2s', TOP_UP_EXPIRY: '4s' });

it('reminds, then expires an unpaid order; a credit arriving after expiry still reaches the balance', async () => {
  const { orgId, key } = await engine.createOrganization();
  const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor: 30000, currency: 'EUR' } });
  expect(order.status).toBe(201);

  const result = await engine.client.workflow.getHandle(order.json.workflowId).result();
  expect(result).toMatchObject({ state: 'expired', remindersSent: 2, receivedMinor: 0 });

  const emails = await engine.call('GET', `/v1/organizations/${orgId}/emails`, { key });
  const keys = emails.json.data.map((e: { key: string }) => e.key).sort();
  expect(keys).toEqual([
    `proforma-issued:${order.json.orderId}`,
    `top-up-expired:${order.json.orderId}`,
    `top-up-reminder:${order.json.orderId}:1`,
    `top-up-reminder:${order.json.orderId}:2`,
  ]);
  const stored = await engine.call('GET', `/v1/organizations/${orgId}/top-ups/${order.json.orderId}`, { key });
  expect(stored.json.state).toBe('expired');

  const late = await engine.reportCredits([
    { bankTxId: `late-${orgId}`, amountMinor: 30000, currency: 'EUR', reference: order.json.paymentReference, valueDate: '2026-11-30' },
  ]);
  expect(late.json.results[0]).toMatchObject({ status: 'matched', duplicate: false });
  await eventually(async () => (await readLedgerHead(engine.models, orgId)).balanceMinor === 30000);
  const after = await engine.call('GET', `/v1/organizations/${orgId}/top-ups/${order.json.orderId}`, { key });
  expect(after.json).toMatchObject({ state: 'expired', receivedMinor: 30000 });
});
