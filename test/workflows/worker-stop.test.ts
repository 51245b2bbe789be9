import { bankCredit } from '../helpers/api-client';
import { engineForThisFile } from '../helpers/engine';
import { spawnWorker, stop } from '../helpers/worker-process';

const engine = engineForThisFile({}, { inProcessWorker: false });

jest.setTimeout(120_000);

// A worker keeps each workflow it ran on its own (sticky) task queue for WORKER_STICKY_QUEUE_TIMEOUT (10 minutes,
// sized for a month-end's queue). A worker stopped by SIGTERM tells Temporal it is going, so work for its
// workflows goes to the next worker at once instead of waiting out that timeout.
it('a worker stopped on SIGTERM hands its workflows on at once: a credit signalled right after is taken by the next worker', async () => {
  const first = await spawnWorker(engine.workerEnv);
  const { orgId, key } = await engine.createOrganization();
  const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor: 25000, currency: 'EUR' } });
  expect(order.status).toBe(201);
  await stop(first);

  const second = await spawnWorker(engine.workerEnv);
  try {
    const reported = Date.now();
    expect((await engine.reportCredits([bankCredit(`stop-${orgId}`, 25000, order.json.paymentReference)])).status).toBe(200);
    const result = await engine.client.workflow.getHandle(order.json.workflowId).result();
    expect(result).toMatchObject({ state: 'paid', receivedMinor: 25000 });
    expect(Date.now() - reported).toBeLessThan(30_000);
  } finally {
    await stop(second);
  }
});
