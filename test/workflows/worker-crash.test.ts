import { ledgerSum } from '../../activities/ledger';
import { readLedgerHead } from '../../models/ledger-entry';
import { bankCredit } from '../helpers/api-client';
import { engineForThisFile, eventually } from '../helpers/engine';
import { kill, STICKY_QUEUE_TIMEOUT_AFTER_CRASH, spawnWorker } from '../helpers/worker-process';

const engine = engineForThisFile({}, { inProcessWorker: false });

// Two worker processes start (tsx + the bundle) and one is killed: over a minute on a loaded 2-core machine.
jest.setTimeout(180_000);

const workerEnv = () => ({ ...engine.workerEnv, WORKER_STICKY_QUEUE_TIMEOUT: STICKY_QUEUE_TIMEOUT_AFTER_CRASH });

it('a top-up survives its worker being killed while it waits: credited once, on the restarted worker', async () => {
  const first = await spawnWorker(workerEnv());
  const { orgId, key } = await engine.createOrganization();
  const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor: 25000, currency: 'EUR' } });
  expect(order.status).toBe(201);
  await kill(first);

  // The bank reports the credit twice while no worker runs: the signal waits in Temporal, nothing is lost.
  const credit = bankCredit(`crash-${orgId}`, 25000, order.json.paymentReference);
  expect((await engine.reportCredits([credit])).status).toBe(200);
  expect((await engine.reportCredits([credit])).json.results[0].duplicate).toBe(true);

  const second = await spawnWorker(workerEnv());
  try {
    const result = await engine.client.workflow.getHandle(order.json.workflowId).result();
    expect(result).toMatchObject({ state: 'paid', receivedMinor: 25000 });
    expect(await readLedgerHead(engine.models, orgId)).toEqual({ seq: 1, balanceMinor: 25000 });
    expect(await ledgerSum(engine.models, orgId)).toBe(25000);
    const emails = await eventually(async () => {
      const outbox = await engine.call('GET', `/v1/organizations/${orgId}/emails`, { key });
      return outbox.json.data.length === 2 && outbox.json.data;
    });
    expect(emails.map((e: { key: string }) => e.key).sort()).toEqual([
      `funds-received:${credit.bankTxId}`,
      `proforma-issued:${order.json.orderId}`,
    ]);
    expect(await engine.models.Invoice.countDocuments({ orgId })).toBe(1);
  } finally {
    await kill(second);
  }
});
