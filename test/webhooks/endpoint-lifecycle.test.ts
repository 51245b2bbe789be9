/**
 * An endpoint's life as an admin sees it: it fails for the whole retry window (shortened here) and is
 * disabled, with ops alerted by an event and the WebhookEndpointState search attribute; enabled again, it
 * gets everything it missed; an event or a time range is redelivered under the same ids; a rotated secret
 * signs alongside the old one. And the SSRF guard, where private targets are not allowed.
 */
import { createBillingClient, type BillingClient } from '../../client';
import { createEventRecorder } from '../../activities/events';
import { guardedLookup, webhookUrlProblem } from '../../activities/webhook-target';
import { runOps } from '../../scripts/ops';
import { webhookDeliveryWorkflowId } from '../../workflows/webhook-delivery-definitions';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(120_000);

let engine: Engine;
let admin: BillingClient;
let receiver: WebhookReceiver;

beforeAll(async () => {
  engine = await startEngine({ WEBHOOK_RETRY_INITIAL: '200ms', WEBHOOK_RETRY_MAX: '500ms', WEBHOOK_RETRY_FOR: '3 seconds' });
  admin = createBillingClient({ baseUrl: 'http://engine.test', apiKey: ADMIN_KEY, fetch: async (request) => engine.app.fetch(request) });
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver.close();
  await engine.stop();
});

const ids = () => new Set(receiver.received.map((r) => r.id));

test('failing for the whole retry window disables the endpoint and alerts ops; enabling it delivers what it missed', async () => {
  const created = await admin.POST('/v1/admin/webhook-endpoints', { body: { url: receiver.url, description: 'ERP' } });
  expect(created.response.status).toBe(201);
  const { endpoint, secret } = created.data!;
  receiver.setSecret(secret!);
  const listed = await admin.GET('/v1/admin/webhook-endpoints');
  expect(listed.data!.data.map((e) => e.id)).toContain(endpoint.id);
  expect(JSON.stringify(listed.data)).not.toContain(secret!);
  await new Promise((resolve) => setTimeout(resolve, 2_100)); // the endpoint directory's cache

  receiver.setStatus(503);
  const recorder = createEventRecorder({ models: engine.models, config: engine.config, temporal: engine.client });
  const org = await engine.createOrganization();
  for (let i = 0; i < 5; i++) await recorder.recordEvent({ key: `low:${i}`, type: 'balance.low', orgId: org.orgId, data: { i } });

  const disabled = await eventually(
    async () => {
      const { data } = await admin.GET('/v1/admin/webhook-endpoints/{endpointId}', { params: { path: { endpointId: endpoint.id } } });
      return data!.delivery.state === 'disabled' && data;
    },
    { timeoutMs: 30_000 },
  );
  expect(disabled.delivery.disabledReason).toContain('HTTP 503');
  expect(disabled.queue.pending).toBe(6); // organization.created and the five warnings
  expect(receiver.refusedCount()).toBeGreaterThan(6); // retried before giving up
  // The workflow reports "disabled" as soon as it decides; the alert event is recorded by the activity after.
  const alert = await eventually(async () => {
    const { data } = await admin.GET('/v1/events', { params: { query: { type: 'webhook_endpoint.disabled' } } });
    return data!.data.length > 0 && data!.data;
  });
  expect(alert).toEqual([
    expect.objectContaining({ orgId: null, data: expect.objectContaining({ endpoint: { id: endpoint.id, url: receiver.url } }) }),
  ]);
  const visible = await eventually(async () => {
    const found = [];
    for await (const run of engine.client.workflow.list({
      query: `WorkflowId="${webhookDeliveryWorkflowId(endpoint.id)}" AND WebhookEndpointState="disabled"`,
    }))
      found.push(run);
    return found.length > 0 && found;
  });
  expect(visible).toHaveLength(1);
  // The ops CLI lists it with its delivery health.
  let printed = '';
  const ops = { client: engine.client, config: engine.config, models: async () => engine.models, out: (text: string) => (printed += text) };
  expect(await runOps(['webhooks', '--json'], ops)).toBe(0);
  expect(JSON.parse(printed).endpoints).toEqual([
    expect.objectContaining({ endpointId: endpoint.id, state: 'disabled (failing)', pending: 6, failing: 6, delivered24h: 0 }),
  ]);

  // Disabled: new events are not queued for it (the redelivery of a range covers the gap if wanted).
  receiver.setStatus(204);
  const patched = await admin.PATCH('/v1/admin/webhook-endpoints/{endpointId}', {
    params: { path: { endpointId: endpoint.id } },
    body: { enabled: true },
  });
  expect(patched.response.status).toBe(200);
  await eventually(async () => ids().size === 6, { timeoutMs: 30_000 });
  const active = await admin.GET('/v1/admin/webhook-endpoints/{endpointId}', { params: { path: { endpointId: endpoint.id } } });
  expect(active.data!.delivery.state).toBe('active');

  // Redeliver one event: the same id again.
  const one = receiver.received[0].id;
  const again = await admin.POST('/v1/admin/events/redeliver', { body: { eventId: one } });
  expect(again.data).toEqual({ events: 1, deliveries: 1 });
  await eventually(async () => receiver.received.filter((r) => r.id === one).length === 2);
  // A time range: everything recorded in it, same ids.
  const before = receiver.received.length;
  const range = await admin.POST('/v1/admin/events/redeliver', {
    body: { from: new Date(Date.now() - 60_000).toISOString(), until: new Date().toISOString(), endpointId: endpoint.id },
  });
  expect(range.data!.events).toBeGreaterThanOrEqual(6);
  await eventually(async () => receiver.received.length >= before + range.data!.deliveries);
  expect(ids().size).toBe(6 + 1); // the six, plus the platform's disabled alert in the range
  const neither = await admin.POST('/v1/admin/events/redeliver', { body: { from: new Date().toISOString() } });
  expect(neither.response.status).toBe(400);

  // Rotation: the old secret still verifies (both signatures are sent), and so does the new one.
  const rotated = await admin.POST('/v1/admin/webhook-endpoints/{endpointId}/rotate-secret', {
    params: { path: { endpointId: endpoint.id } },
  });
  await recorder.recordEvent({ key: 'after-rotation', type: 'balance.low', orgId: org.orgId, data: {} });
  await eventually(async () => receiver.received.some((r) => r.payload.data && r.body.includes('"sequence":7')));
  receiver.setSecret(rotated.data!.secret);
  await recorder.recordEvent({ key: 'after-rotation-2', type: 'balance.low', orgId: org.orgId, data: {} });
  await eventually(async () => receiver.received.some((r) => r.body.includes('"sequence":8')));
  expect(receiver.rejected).toEqual([]);

  const removed = await admin.DELETE('/v1/admin/webhook-endpoints/{endpointId}', { params: { path: { endpointId: endpoint.id } } });
  expect(removed.response.status).toBe(204);
  await eventually(
    async () => (await engine.client.workflow.getHandle(webhookDeliveryWorkflowId(endpoint.id)).describe()).status.name === 'COMPLETED',
  );
});

test('SSRF: without WEBHOOK_ALLOW_PRIVATE_TARGETS, loopback and private targets are refused when saved and when connecting', async () => {
  expect(webhookUrlProblem('http://127.0.0.1:9000/x', false)).toMatch(/loopback/);
  expect(webhookUrlProblem('http://[::1]/x', false)).toMatch(/loopback/);
  expect(webhookUrlProblem('http://10.1.2.3/x', false)).toMatch(/private/);
  expect(webhookUrlProblem('http://169.254.169.254/latest/meta-data', false)).toMatch(/linkLocal/);
  expect(webhookUrlProblem('http://localhost:3000/', false)).toMatch(/loopback/);
  expect(webhookUrlProblem('ftp://hooks.example.com/', false)).toMatch(/http/);
  expect(webhookUrlProblem('https://hooks.example.com/billing', false)).toBeUndefined();
  expect(webhookUrlProblem('http://127.0.0.1:9000/x', true)).toBeUndefined();

  // A name is checked where the socket connects, so one that later resolves to a private address is refused.
  const lookup = guardedLookup(false);
  const refused = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (error) => resolve(error)));
  expect(refused?.message).toMatch(/not a public address/);

  const strict = await startEngine({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' }, { inProcessWorker: false });
  try {
    const response = await strict.call('POST', '/v1/admin/webhook-endpoints', {
      key: ADMIN_KEY,
      body: { url: 'http://127.0.0.1:8080/hook' },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.field).toBe('url');
    expect(await strict.models.WebhookEndpoint.countDocuments()).toBe(0);
  } finally {
    await strict.stop();
  }
});
