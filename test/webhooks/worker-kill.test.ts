/**
 * The worker is SIGKILLed while it delivers a burst of events to a slow receiver: a restarted worker picks
 * the delivery workflow up (the killed batch times out on its heartbeat and runs again), and every event
 * arrives, none lost. A batch cut short may deliver some events twice, always with the same webhook-id.
 */
import type { ChildProcess } from 'node:child_process';
import { createBillingClient } from '../../client';
import { createEventRecorder } from '../../activities/events';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { kill, spawnWorker } from '../helpers/worker-process';

jest.setTimeout(180_000);

let engine: Engine;
let receiver: WebhookReceiver;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  engine = await startEngine({ WEBHOOK_RETRY_INITIAL: '200ms', WEBHOOK_RETRY_MAX: '1 second' }, { inProcessWorker: false });
  receiver = await startWebhookReceiver({ delayMs: 500 });
});

afterAll(async () => {
  await Promise.all(workers.map(kill));
  await receiver.close();
  await engine.stop();
});

test('the worker killed during delivery: nothing is lost', async () => {
  const env = { ...engine.workerEnv, WORKER_METRICS_PORT: '0', WORKER_HEALTH_PORT: '0' };
  workers.push(await spawnWorker(env));
  const admin = createBillingClient({ baseUrl: 'http://engine.test', apiKey: ADMIN_KEY, fetch: async (r) => engine.app.fetch(r) });
  const { data } = await admin.POST('/v1/admin/webhook-endpoints', { body: { url: receiver.url } });
  receiver.setSecret(data!.secret!);
  await new Promise((resolve) => setTimeout(resolve, 2_100)); // the endpoint directory's cache

  const recorder = createEventRecorder({ models: engine.models, config: engine.config, temporal: engine.client });
  const orgId = 'org_worker_kill';
  await Promise.all(
    Array.from({ length: 300 }, (_, i) => recorder.recordEvent({ key: `kill:${i}`, type: 'balance.low', orgId, data: { i } })),
  );
  await eventually(async () => receiver.received.length >= 30, { timeoutMs: 60_000 });
  workers[0].kill('SIGKILL');
  const atKill = new Set(receiver.received.map((r) => r.id)).size;
  expect(atKill).toBeLessThan(300);

  workers.push(await spawnWorker(env));
  const ids = await eventually(
    async () => {
      const got = new Set(receiver.received.map((r) => r.id));
      return got.size === 300 && got;
    },
    { timeoutMs: 120_000 },
  );
  const recorded = await engine.models.Event.find({ orgId }, { id: 1, sequence: 1 }).lean();
  expect([...ids].sort()).toEqual(recorded.map((e) => e.id).sort());
  expect(recorded.map((e) => e.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  expect(receiver.rejected).toEqual([]);
});
