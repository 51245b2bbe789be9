/**
 * A bank credit that lands while the month-end close of a prepaid organization is still on its way (the close
 * found the balance short and is sending the payment-problem notice; what it owes is not published yet) must
 * still reach the billing workflow, which then collects the cycle at once, not at its next dunning date
 * (an hour here). Found by the chaos run (test/chaos/month-end.ts).
 *
 * The window is held open by holding the notice activity, as a slow mailer would.
 */
import { BILLING_OVERRIDES, cycles } from '../helpers/billing';
import { engineForThisFile, eventually, holdFirstCall } from '../helpers/engine';
import { quietRuntime } from '../helpers/temporal';

const notice = holdFirstCall();
beforeAll(quietRuntime);
const engine = engineForThisFile(
  { ...BILLING_OVERRIDES, BILLING_CYCLE: '10 seconds' },
  {
    replaceActivities: (real) => ({ notifyPaymentProblem: notice.wrap(real.notifyPaymentProblem) }),
    beforeStop: async () => notice.release(),
  },
);

it('collects a cycle at once when its funds arrive while the close that found them short is finishing', async () => {
  const { orgId, key } = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } });
  const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor: 6050, currency: 'EUR' } });
  expect(order.status).toBe(201);

  await notice.reached; // the first cycle closed unpaid (no balance); its notice is on its way
  const report = await engine.reportCredits([
    { bankTxId: `tx-${orgId}`, amountMinor: 6050, currency: 'EUR', reference: order.json.paymentReference, valueDate: '2026-11-30' },
  ]);
  expect(report.status).toBe(200);
  await engine.client.workflow.getHandle(`top-up/${order.json.orderId}`).result(); // credited, and done telling billing
  notice.release();

  const paid = await eventually(
    async () => {
      const [first] = await cycles(engine, orgId);
      return first.state === 'paid' && first;
    },
    { timeoutMs: 15_000 },
  );
  expect(paid).toMatchObject({ paidWith: 'prepaid', invoiceNumber: expect.stringMatching(/^INV-/) });
}, 60_000);
