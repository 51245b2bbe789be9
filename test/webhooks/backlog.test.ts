/**
 * A dead endpoint at month-end: more events queue for it than its delivery workflow holds in memory. The
 * workflow keeps a window of them and parks the rest in the database, so what continue-as-new carries stays
 * one window long however long the outage (unbounded, it passed Temporal's 2 MB payload limit at ~18,000
 * deliveries); once the receiver is back, every event arrives, once.
 */
import type { temporal } from '@temporalio/proto';
import { createEventRecorder, deliveryInput } from '../../activities/events';
import { createBillingClient } from '../../client';
import type { WebhookDeliveryInput } from '../../workflows/webhook-delivery-definitions';
import { webhookDeliveryStatusQuery, webhookDeliveryWorkflowId } from '../../workflows/webhook-delivery-definitions';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(180_000);

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const EVENTS = 200;
const WINDOW = 20;
const EVENTS_PER_RUN = 50;

let engine: Engine;
let receiver: WebhookReceiver;

beforeAll(async () => {
  engine = await startEngine({ WEBHOOK_RETRY_INITIAL: '200ms', WEBHOOK_RETRY_MAX: '1 second', WEBHOOK_RETRY_FOR: '1 hour' });
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver.close();
  await engine.stop();
});

/** Every run of the workflow from its first, with the input each continue-as-new carried to the next. */
async function runs(workflowId: string, firstRunId: string) {
  const carried: { bytes: number; input: WebhookDeliveryInput }[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: { events?: HistoryEvent[] | null } = await engine.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const continued = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    runId = continued?.newExecutionRunId ?? undefined;
    if (continued) {
      const data = continued.input!.payloads![0].data!;
      carried.push({ bytes: data.length, input: JSON.parse(Buffer.from(data).toString()) as WebhookDeliveryInput });
    }
  }
  return carried;
}

test(`${EVENTS} events to an endpoint that is down, window ${WINDOW}: continue-as-new carries one window, then every event arrives once`, async () => {
  const admin = createBillingClient({ baseUrl: 'http://engine.test', apiKey: ADMIN_KEY, fetch: async (r) => engine.app.fetch(r) });
  const { data, error } = await admin.POST('/v1/admin/webhook-endpoints', { body: { url: receiver.url } });
  if (error) throw new Error(JSON.stringify(error));
  receiver.setSecret(data.secret!);
  const endpointId = data.endpoint.id;
  const workflowId = webhookDeliveryWorkflowId(endpointId);
  // Started here with a small window and short runs; the recorder's signal-with-start then only signals it.
  const handle = await engine.client.workflow.start('webhookDeliveryWorkflow', {
    workflowId,
    taskQueue: engine.taskQueue,
    args: [{ ...deliveryInput(engine.config, endpointId), window: WINDOW, eventsPerRun: EVENTS_PER_RUN } satisfies WebhookDeliveryInput],
  });
  await receiver.down();

  const recorder = createEventRecorder({ models: engine.models, config: engine.config, temporal: engine.client });
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < EVENTS) {
        const i = next++;
        await recorder.recordEvent({
          key: `backlog:${i}`,
          type: 'balance.low',
          orgId: `org_backlog_${i % 10}`,
          data: { balance: { amountMinor: i, currency: 'EUR' } },
        });
      }
    }),
  );

  // All of them queued: a window in memory, the rest parked.
  await eventually(async () => (await engine.client.workflow.getHandle(workflowId).query(webhookDeliveryStatusQuery)).pending === EVENTS);
  expect(await engine.models.WebhookBacklog.countDocuments({ endpointId })).toBeGreaterThanOrEqual(EVENTS - WINDOW);
  expect(receiver.received).toHaveLength(0);
  await receiver.up();

  const recorded = await engine.models.Event.find({}, { id: 1 }).lean();
  expect(recorded).toHaveLength(EVENTS);
  await eventually(async () => new Set(receiver.received.map((r) => r.id)).size === EVENTS, { timeoutMs: 120_000 });
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // a duplicate would come meanwhile
  expect(receiver.received.map((r) => r.id).sort()).toEqual(recorded.map((e) => e.id).sort());
  expect(receiver.rejected).toEqual([]);
  await eventually(async () => (await engine.models.WebhookBacklog.countDocuments({ endpointId })) === 0);

  const carried = await runs(workflowId, handle.firstExecutionRunId);
  // Several runs (a signal brings several refs, so a run may take a few more than EVENTS_PER_RUN).
  expect(carried.length).toBeGreaterThanOrEqual(3);
  for (const { bytes, input } of carried) {
    expect(input.pending?.length ?? 0).toBeLessThanOrEqual(WINDOW);
    expect(bytes).toBeLessThan(WINDOW * 400);
  }
  // The outage continued as new with a full window and a backlog behind it.
  expect(
    carried.some(({ input }) => input.pending?.length === WINDOW && input.backlog && input.backlog.lastParked > input.backlog.lastTaken),
  ).toBe(true);
});

test('an endpoint deleted with a backlog: its workflow ends and leaves nothing parked', async () => {
  const admin = createBillingClient({ baseUrl: 'http://engine.test', apiKey: ADMIN_KEY, fetch: async (r) => engine.app.fetch(r) });
  const { data, error } = await admin.POST('/v1/admin/webhook-endpoints', { body: { url: receiver.url } });
  if (error) throw new Error(JSON.stringify(error));
  receiver.setSecret(data.secret!);
  const endpointId = data.endpoint.id;
  const workflowId = webhookDeliveryWorkflowId(endpointId);
  const handle = await engine.client.workflow.start('webhookDeliveryWorkflow', {
    workflowId,
    taskQueue: engine.taskQueue,
    args: [{ ...deliveryInput(engine.config, endpointId), window: 2 } satisfies WebhookDeliveryInput],
  });
  receiver.setStatus(503);
  const recorder = createEventRecorder({ models: engine.models, config: engine.config, temporal: engine.client });
  for (let i = 0; i < 6; i++) {
    await recorder.recordEvent({ key: `deleted-backlog:${i}`, type: 'balance.low', orgId: null, data: { i } });
  }
  await eventually(async () => (await engine.models.WebhookBacklog.countDocuments({ endpointId })) === 4);

  const { response } = await admin.DELETE('/v1/admin/webhook-endpoints/{endpointId}', { params: { path: { endpointId } } });
  expect(response.status).toBe(204);
  await handle.result();
  expect(await engine.models.WebhookBacklog.countDocuments({ endpointId })).toBe(0);
});
