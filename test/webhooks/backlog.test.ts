/**
 * A receiver down while thousands of events are recorded: the endpoint's workflow keeps at most a bounded
 * number of failing deliveries in its state (the rest waits on the delivery stream), so what each run carries
 * into the next stays small however long the outage; once the receiver is back every event arrives, once.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { createBillingClient } from '../../client';
import { createEventRecorder } from '../../activities/events';
import { webhookDeliveryWorkflowId, type WebhookDeliveryInput } from '../../workflows/webhook-delivery-definitions';
import { PENDING_MAX } from '../../workflows/webhook-delivery';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(300_000);

const EVENTS = 3_000;
/** Batches in flight beside a full window: 4 of 50. */
const IN_FLIGHT_MAX = 200;

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

/** Every run of the endpoint's workflow so far, each with the input it started with. */
async function runs(endpointId: string) {
  const found: { runId: string; status: string; input: WebhookDeliveryInput; inputBytes: number }[] = [];
  for await (const run of engine.client.workflow.list({ query: `WorkflowId = '${webhookDeliveryWorkflowId(endpointId)}'` })) {
    const { events } = await engine.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    const payload = events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    found.push({
      runId: run.runId,
      status: run.status.name,
      input: defaultPayloadConverter.fromPayload<WebhookDeliveryInput>(payload),
      inputBytes: payload.data!.length,
    });
  }
  return found;
}

test(`${EVENTS} events behind a refusing receiver: bounded state across runs, then every event once`, async () => {
  const admin = createBillingClient({ baseUrl: 'http://engine.test', apiKey: ADMIN_KEY, fetch: async (r) => engine.app.fetch(r) });
  const { data, error } = await admin.POST('/v1/admin/webhook-endpoints', { body: { url: receiver.url } });
  if (error) throw new Error(JSON.stringify(error));
  receiver.setSecret(data.secret!);
  const endpointId = data.endpoint.id;
  await new Promise((resolve) => setTimeout(resolve, 2_100)); // the endpoint directory's cache

  receiver.setStatus(503);
  const recorder = createEventRecorder({ models: engine.models, config: engine.config, temporal: engine.client });
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < EVENTS) {
        const i = next++;
        await recorder.recordEvent({ key: `backlog:${i}`, type: 'balance.low', orgId: `org_backlog_${i % 30}`, data: { i } });
      }
    }),
  );

  // The outage goes on long enough for the workflow to continue as new at least once with a full window.
  const during = await eventually(
    async () => {
      const all = await runs(endpointId);
      return all.length >= 2 && all;
    },
    { timeoutMs: 120_000 },
  );
  const queued = await eventually(async () => {
    const { data: endpoint } = await admin.GET('/v1/admin/webhook-endpoints/{endpointId}', { params: { path: { endpointId } } });
    return endpoint!.queue.pending === EVENTS && endpoint;
  });
  expect(queued.queue.failing).toBeGreaterThanOrEqual(PENDING_MAX);
  expect(queued.queue.failing).toBeLessThanOrEqual(PENDING_MAX + IN_FLIGHT_MAX);
  for (const run of during.slice(0, -1)) {
    expect(run.input.pending?.length ?? 0).toBeLessThanOrEqual(PENDING_MAX + IN_FLIGHT_MAX);
    expect(run.inputBytes).toBeLessThan(100_000);
  }
  // The newest run was carried the full window and the cursor, not the backlog.
  const carried = during[0].input;
  expect(carried.pending!.length).toBeGreaterThanOrEqual(PENDING_MAX);
  expect(carried.cursor).toBeLessThan(EVENTS);
  expect(receiver.received).toHaveLength(0);

  receiver.setStatus(204);
  await eventually(async () => receiver.received.length >= EVENTS, { timeoutMs: 120_000 });
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // anything sent twice would arrive by now
  const ids = receiver.received.map((r) => r.id);
  expect(new Set(ids).size).toBe(EVENTS);
  expect(ids).toHaveLength(EVENTS);
  expect(receiver.rejected).toEqual([]);
  const payloads = receiver.received.map((r) => r.payload);
  for (let org = 0; org < 30; org++) {
    const sequences = payloads
      .filter((p) => p.orgId === `org_backlog_${org}`)
      .map((p) => p.sequence)
      .sort((a, b) => a - b);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
  }
});

test('a receiver back after a long outage: its first success sends every pending delivery at once, not at its back-off', async () => {
  // Back-off up to a minute: what failed for a while would otherwise wait that long once the receiver is back.
  const slow = await startEngine({ WEBHOOK_RETRY_INITIAL: '200ms', WEBHOOK_RETRY_MAX: '1 minute', WEBHOOK_RETRY_FOR: '1 hour' });
  const down = await startWebhookReceiver();
  try {
    const admin = createBillingClient({ baseUrl: 'http://engine.test', apiKey: ADMIN_KEY, fetch: async (r) => slow.app.fetch(r) });
    const { data } = await admin.POST('/v1/admin/webhook-endpoints', { body: { url: down.url } });
    down.setSecret(data!.secret!);
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // the endpoint directory's cache
    down.setStatus(503);
    const recorder = createEventRecorder({ models: slow.models, config: slow.config, temporal: slow.client });
    const count = PENDING_MAX + 100;
    for (let i = 0; i < count; i += 25) {
      await recorder.recordEvents(
        Array.from({ length: Math.min(25, count - i) }, (_, j) => ({
          key: `outage:${i + j}`,
          type: 'balance.low' as const,
          orgId: 'org_outage',
          data: {},
        })),
      );
    }
    // Seven or more failures each: their next retries are 25 to 60 s apart, in waves (the events failed together
    // and keep failing together, spread by ±10 % jitter). Building the outage up is not what is measured, so a
    // slow machine gets the time it needs (about 60 s alone on 2 cores).
    await eventually(async () => down.refusedCount() >= 7 * count, { timeoutMs: 150_000 });
    down.setStatus(204);
    // The first success comes when the next retry falls due: within the wave under way, or at the next one (up
    // to the one-minute back-off when the receiver came back between two). From that success on, the rest goes
    // at once instead of each waiting out its own back-off.
    await eventually(async () => new Set(down.received.map((r) => r.id)).size === count, { timeoutMs: 90_000 });
    const arrivals = down.received.map((r) => r.receivedAt);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(4_000);
    expect(down.rejected).toEqual([]);
  } finally {
    await down.close();
    await slow.stop();
  }
});
