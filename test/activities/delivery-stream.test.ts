/**
 * The delivery stream: appends of one process share inserts, two processes racing for the same positions
 * leave one gapless stream with every entry once, and the head read by a process that appended nothing is
 * the stream's end.
 */
import { createDeliveryStreamAppender, deliveryStreamHead } from '../../activities/delivery-stream';
import { createWebhookActivities } from '../../activities/webhooks';
import { loadConfig } from '../../config';
import type { DeliveryEntry } from '../../models/delivery-entry';
import { testDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => (database = await testDatabase()));
afterAll(() => database.drop());

const entry = (name: string) => ({ position: `org_x:${name}`, eventId: `evt_${name}`, type: 'balance.low' });

test('two processes appending at once: one gapless stream, every entry once, in one insert per turn', async () => {
  const inserts = jest.spyOn(database.models.DeliveryEntry.collection, 'insertMany');
  const [first, second] = [createDeliveryStreamAppender(database.models), createDeliveryStreamAppender(database.models)];
  const appends: Promise<number>[] = [];
  for (let i = 0; i < 150; i++) {
    // Two entries per append, as a credit that pays its order records two facts.
    appends.push(first([entry(`a${i}`), entry(`a${i}b`)]));
    appends.push(second([entry(`b${i}`)]));
  }
  const heads = await Promise.all(appends);
  const stored = await database.models.DeliveryEntry.find().sort({ sequence: 1 }).lean<DeliveryEntry[]>();
  expect(stored.map((e) => e.sequence)).toEqual(stored.map((_, i) => i + 1));
  expect(stored.map((e) => e._id)).toEqual(stored.map((e) => `delivery:${String(e.sequence).padStart(10, '0')}`));
  const ids = stored.map((e) => e.eventId);
  expect(ids).toHaveLength(450);
  expect(new Set(ids).size).toBe(450);
  // An append's own entries are in the stream at or before the head it answers.
  const positionOf = new Map(stored.map((e) => [e.eventId, e.sequence]));
  for (let i = 0; i < 150; i++) {
    expect(positionOf.get(`evt_a${i}b`)).toBeLessThanOrEqual(heads[2 * i]);
    expect(positionOf.get(`evt_b${i}`)).toBeLessThanOrEqual(heads[2 * i + 1]);
  }
  // 300 appends went in far fewer inserts: what waited while one was out went in the next together.
  expect(inserts.mock.calls.length).toBeLessThan(100);
  inserts.mockRestore();
  expect(await deliveryStreamHead(database.models)).toBe(450);
});

test('a collision in the middle of an insert: the entries before it stay where they went, the rest go after the new head', async () => {
  const append = createDeliveryStreamAppender(database.models);
  const start = await append([entry('m0')]);
  // Another process takes the position after next while this one still trusts its head.
  await database.models.DeliveryEntry.collection.insertOne({
    _id: `delivery:${String(start + 2).padStart(10, '0')}` as never,
    sequence: start + 2,
    ...entry('other'),
    createdAt: new Date(),
  });
  const head = await append([entry('m1'), entry('m2'), entry('m3')]);
  const stored = await database.models.DeliveryEntry.find({ sequence: { $gt: start } })
    .sort({ sequence: 1 })
    .lean<DeliveryEntry[]>();
  expect(stored.map((e) => [e.sequence, e.eventId])).toEqual([
    [start + 1, 'evt_m1'],
    [start + 2, 'evt_other'],
    [start + 3, 'evt_m2'],
    [start + 4, 'evt_m3'],
  ]);
  expect(head).toBe(start + 4);
});

test("a new endpoint's workflow finds the head from the hint, not by walking the stream from its cursor", async () => {
  // What the tests above appended leaves hundreds of entries; the endpoint takes them from the stream's start.
  await database.models.WebhookEndpoint.create({
    _id: 'whe_from_start',
    url: 'http://127.0.0.1:1/hooks',
    secret: 'whsec_x',
    streamFrom: 0,
  });
  await new Promise((resolve) => setTimeout(resolve, 200)); // the hint is written without waiting for it
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', RESEND_API_KEY: '' });
  const { startWebhookDelivery } = createWebhookActivities({
    models: database.models,
    config,
    recordEvent: async () => undefined,
  } as never);
  const reads = jest.spyOn(database.models.DeliveryEntry.collection, 'findOne');
  const start = await startWebhookDelivery({ endpointId: 'whe_from_start' });
  // A walk from 0 would read every entry (and outlast the activity's heartbeat timeout on a long stream).
  expect(reads.mock.calls.length).toBeLessThan(40);
  reads.mockRestore();
  expect(start).toEqual({ cursor: 0, head: await deliveryStreamHead(database.models, 0) });
  expect(start.head).toBeGreaterThan(400);
});
