/**
 * A bank credit that lands while the month-end close of a prepaid organization is still on its way (the close
 * found the balance short and is sending the payment-problem notice; what it owes is not published yet) must
 * still reach the billing workflow, which then collects the cycle at once, not at its next dunning date
 * (an hour here). Found by the chaos run (test/chaos/month-end.ts).
 *
 * The window is held open by holding the notice activity, as a slow mailer would.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { BILLING_OVERRIDES, cycles } from '../helpers/billing';
import { eventually, startEngine, type Engine } from '../helpers/engine';
import { quietRuntime, testClient, workflowBundle } from '../helpers/temporal';

let engine: Engine;
let worker: { worker: Worker; running: Promise<void>; connection: NativeConnection };
let noticeHeld!: () => void;
const noticeReached = new Promise<void>((resolve) => (noticeHeld = resolve));
let releaseNotice!: () => void;
const noticeReleased = new Promise<void>((resolve) => (releaseNotice = resolve));

beforeAll(async () => {
  quietRuntime();
  engine = await startEngine({ ...BILLING_OVERRIDES, BILLING_CYCLE: '10 seconds' }, { inProcessWorker: false });
  const activities = createActivities({ models: engine.models, config: engine.config, temporal: engine.client });
  let holding = false;
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const created = await Worker.create({
    connection,
    taskQueue: engine.taskQueue,
    workflowBundle: workflowBundle(),
    activities: {
      ...activities,
      async notifyPaymentProblem(input: Parameters<typeof activities.notifyPaymentProblem>[0]) {
        if (!holding) {
          holding = true;
          noticeHeld();
          await noticeReleased;
        }
        return activities.notifyPaymentProblem(input);
      },
    },
  });
  worker = { worker: created, connection, running: created.run() };
});
afterAll(async () => {
  releaseNotice();
  worker.worker.shutdown();
  await worker.running;
  await worker.connection.close();
  await engine.stop();
  await (await testClient()).close();
});

it('collects a cycle at once when its funds arrive while the close that found them short is finishing', async () => {
  const { orgId, key } = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } });
  const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor: 6050, currency: 'EUR' } });
  expect(order.status).toBe(201);

  await noticeReached; // the first cycle closed unpaid (no balance); its notice is on its way
  const report = await engine.reportCredits([
    { bankTxId: `tx-${orgId}`, amountMinor: 6050, currency: 'EUR', reference: order.json.paymentReference, valueDate: '2026-11-30' },
  ]);
  expect(report.status).toBe(200);
  await engine.client.workflow.getHandle(`top-up/${order.json.orderId}`).result(); // credited, and done telling billing
  releaseNotice();

  const paid = await eventually(
    async () => {
      const [first] = await cycles(engine, orgId);
      return first.state === 'paid' && first;
    },
    { timeoutMs: 15_000 },
  );
  expect(paid).toMatchObject({ paidWith: 'prepaid', invoiceNumber: expect.stringMatching(/^INV-/) });
}, 60_000);
