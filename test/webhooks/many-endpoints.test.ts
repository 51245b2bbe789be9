/**
 * Delivery to several endpoints stays cheap in Temporal: a flow of events costs each endpoint's workflow a
 * few signals and a few full batches, not one signal per event and endpoint (which made ten endpoints fall
 * far behind in bench:webhooks: the dev server could not take hundreds of signals a second).
 */
import { createBillingClient } from '../../client';
import { createEventRecorder } from '../../activities/events';
import { webhookDeliveryWorkflowId } from '../../workflows/webhook-delivery-definitions';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(180_000);

const EVENTS = 400;
const ENDPOINTS = 3;

let engine: Engine;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  engine = await startEngine({ WEBHOOK_RETRY_INITIAL: '200ms', WEBHOOK_RETRY_MAX: '1 second' });
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await engine.stop();
});

test(`${EVENTS} events to ${ENDPOINTS} endpoints: every event received by each, in a few batches per endpoint`, async () => {
  const admin = createBillingClient({ baseUrl: 'http://engine.test', apiKey: ADMIN_KEY, fetch: async (r) => engine.app.fetch(r) });
  const endpointIds: string[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    // A receiver that takes a moment, as real ones do: events keep coming while a batch is out.
    const receiver = await startWebhookReceiver({ delayMs: 20 });
    receivers.push(receiver);
    const { data, error } = await admin.POST('/v1/admin/webhook-endpoints', { body: { url: receiver.url } });
    if (error) throw new Error(JSON.stringify(error));
    receiver.setSecret(data.secret!);
    endpointIds.push(data.endpoint.id);
  }

  // Recorded as busy workers' activities record them: many at once, over many organizations, in a steady
  // flow rather than one burst (each writer pauses between its facts).
  const recorder = createEventRecorder({ models: engine.models, config: engine.config, temporal: engine.client });
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < EVENTS) {
        const i = next++;
        await new Promise((resolve) => setTimeout(resolve, 150));
        await recorder.recordEvent({
          key: `many:${i}`,
          type: 'balance.low',
          orgId: `org_many_${i % 40}`,
          data: { balance: { amountMinor: i, currency: 'EUR' } },
        });
      }
    }),
  );

  await eventually(async () => receivers.every((r) => new Set(r.received.map((d) => d.id)).size === EVENTS), { timeoutMs: 120_000 });
  for (const receiver of receivers) expect(receiver.rejected).toEqual([]);

  for (const endpointId of endpointIds) {
    const { events } = await engine.client.workflow.getHandle(webhookDeliveryWorkflowId(endpointId)).fetchHistory();
    const signals = events!.filter((e) => e.workflowExecutionSignaledEventAttributes).length;
    const batches = events!.filter((e) => e.activityTaskScheduledEventAttributes).length;
    // Full batches are 50 events: 8 would do; a few more go out partly filled when the queue runs dry.
    expect(batches).toBeLessThanOrEqual(EVENTS / 10);
    expect(signals).toBeLessThanOrEqual(EVENTS / 8);
  }
});
