/** A closed top-up is never run again: the same Idempotency-Key, once its record expired, answers the stored order. */
import { topUpWorkflowId } from '../../workflows/definitions';
import { engineForThisFile, eventually } from '../helpers/engine';

const engine = engineForThisFile();

it('answers a cancelled order for its key without starting a new run', async () => {
  const { orgId, key } = await engine.createOrganization();
  const order = (amountMinor: number) =>
    engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
      key,
      headers: { 'idempotency-key': 'closed-1' },
      body: { amountMinor, currency: 'EUR' },
    });
  const first = await order(4000);
  expect(first.status).toBe(201);
  const { orderId } = first.json;
  const cancelled = await engine.call('POST', `/v1/organizations/${orgId}/top-ups/${orderId}/cancel`, {
    key,
    body: { reason: 'ordered by mistake' },
  });
  expect(cancelled.status).toBe(200);
  const handle = engine.client.workflow.getHandle(topUpWorkflowId(orderId));
  await eventually(async () => (await handle.describe()).status.name === 'COMPLETED');
  const { runId } = await handle.describe();

  // As if 24 hours had passed: the stored answer is gone.
  await engine.models.IdempotencyRecord.deleteMany({});
  const again = await order(4000);
  expect(again.status).toBe(201);
  expect(again.json).toMatchObject({ orderId, state: 'cancelled' });
  expect(again.headers.get('idempotent-replayed')).toBeNull();
  expect((await engine.client.workflow.getHandle(topUpWorkflowId(orderId)).describe()).runId).toBe(runId);

  await engine.models.IdempotencyRecord.deleteMany({});
  const otherAmount = await order(9000);
  expect(otherAmount.status).toBe(422);
  expect(otherAmount.json.error.field).toBe('Idempotency-Key');
});
