/**
 * The Idempotency-Key store: a request cut short by a crash does not hold its key forever, answers expire
 * after 24 hours (pruned without a TTL index), and "not now" answers (409, 429) are not replayed.
 */
import { createHash } from 'node:crypto';
import { createApp } from '../../api/app';
import { apiClient } from '../helpers/api-client';
import { engineForThisFile, eventually } from '../helpers/engine';

const engine = engineForThisFile();

const HOUR = 60 * 60 * 1000;

async function plant(id: string, fields: Record<string, unknown>, ageMs: number) {
  const at = new Date(Date.now() - ageMs);
  await engine.models.IdempotencyRecord.create([{ _id: id, requestHash: 'x', ...fields, createdAt: at, updatedAt: at }], {
    timestamps: false,
  });
}

it('a request left in progress by a crash holds its key only until the lock times out', async () => {
  const { orgId, key } = await engine.createOrganization();
  const order = (idempotencyKey: string) =>
    engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
      key,
      headers: { 'idempotency-key': idempotencyKey },
      body: { amountMinor: 1000, currency: 'EUR' },
    });
  const requestHash = createHash('sha256')
    .update(JSON.stringify({ amountMinor: 1000, currency: 'EUR' }))
    .digest('hex');
  await plant(`${orgId}:/v1/organizations/${orgId}/top-ups:fresh`, { state: 'in_progress', requestHash }, 1000);
  await plant(`${orgId}:/v1/organizations/${orgId}/top-ups:crashed`, { state: 'in_progress', requestHash }, 10 * 60 * 1000);
  expect((await order('fresh')).status).toBe(409);
  const taken = await order('crashed');
  expect(taken.status).toBe(201);
  expect((await order('crashed')).headers.get('idempotent-replayed')).toBe('true');
});

it('an answer is replayed for 24 hours, then the key is new again', async () => {
  const { orgId, key } = await engine.createOrganization();
  await plant(`${orgId}:/v1/organizations/${orgId}/top-ups:old`, { state: 'done', status: 201, body: '{"stale":true}' }, 25 * HOUR);
  const response = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
    key,
    headers: { 'idempotency-key': 'old' },
    body: { amountMinor: 1000, currency: 'EUR' },
  });
  expect(response.status).toBe(201);
  expect(response.headers.get('idempotent-replayed')).toBeNull();
  expect(response.json.orderId).toBeDefined();
});

it('expired records are pruned without a TTL index', async () => {
  await plant('admin:/v1/organizations:expired', { state: 'done', status: 201, body: '{}' }, 25 * HOUR);
  await plant('admin:/v1/organizations:recent', { state: 'done', status: 201, body: '{}' }, 23 * HOUR);
  const fresh = apiClient(createApp({ models: engine.models, config: engine.config, temporal: engine.client }));
  await fresh.createOrganization({ name: 'Prune trigger' });
  await eventually(async () => !(await engine.models.IdempotencyRecord.exists({ _id: 'admin:/v1/organizations:expired' })));
  expect(await engine.models.IdempotencyRecord.exists({ _id: 'admin:/v1/organizations:recent' })).toBeTruthy();
});

it('a 409 is not replayed: the same request runs again once the conflict is gone', async () => {
  const { orgId, key } = await engine.createOrganization();
  const report = (quantity: number, idempotencyKey?: string) =>
    engine.call('POST', `/v1/organizations/${orgId}/usage`, {
      key,
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
      body: { usageId: 'seats-1', metric: 'seats', quantity },
    });
  expect((await report(5)).status).toBe(201);
  expect((await report(7, 'retry-me')).status).toBe(409);
  await engine.models.UsageRecord.deleteMany({ orgId });
  const again = await report(7, 'retry-me');
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBeNull();
});
