/**
 * Events out, end to end: facts made through the API and the workflows (organizations, top-ups, bank
 * credits) and facts recorded in bulk by many concurrent writers reach the provider's receivers, signed,
 * at least once, with gapless per-organization sequence numbers, each endpoint only the types it asked for,
 * through a receiver outage. Every request is verified with the `standardwebhooks` library.
 */
import { createBillingClient, type BillingClient } from '../../client';
import { createEventRecorder } from '../../activities/events';
import type { EventType } from '../../domain/event-types';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { startWebhookReceiver, type Received, type WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(120_000);

let engine: Engine;
let admin: BillingClient;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  engine = await startEngine({ WEBHOOK_RETRY_INITIAL: '200ms', WEBHOOK_RETRY_MAX: '1 second', WEBHOOK_RETRY_FOR: '1 hour' });
  admin = createBillingClient({ baseUrl: 'http://engine.test', apiKey: ADMIN_KEY, fetch: async (request) => engine.app.fetch(request) });
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await engine.stop();
});

async function endpointFor(receiver: WebhookReceiver, eventTypes: EventType[] = []) {
  const { data, error } = await admin.POST('/v1/admin/webhook-endpoints', { body: { url: receiver.url, eventTypes } });
  if (error) throw new Error(JSON.stringify(error));
  receiver.setSecret(data.secret!);
  return data.endpoint;
}

/** The received deliveries, one per event id; fails if one id ever came with two different bodies. */
function byEventId(received: Received[]) {
  const bodies = new Map<string, string>();
  for (const r of received) {
    const earlier = bodies.get(r.id);
    if (earlier !== undefined) expect(r.body).toBe(earlier);
    bodies.set(r.id, r.body);
    expect(r.payload.id).toBe(r.id);
  }
  return new Map(received.map((r) => [r.id, r.payload]));
}

function expectGaplessPerStream(payloads: Received['payload'][]) {
  const streams = new Map<string, number[]>();
  for (const p of payloads) streams.set(p.orgId ?? 'platform', [...(streams.get(p.orgId ?? 'platform') ?? []), p.sequence]);
  for (const [, sequences] of streams) {
    sequences.sort((a, b) => a - b);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
  }
  return streams;
}

test('receiver down for a while then back: every event delivered once per id, signed, gapless per organization, types filtered', async () => {
  const everything = await startWebhookReceiver();
  const topUpsOnly = await startWebhookReceiver();
  receivers.push(everything, topUpsOnly);
  await endpointFor(everything);
  await endpointFor(topUpsOnly, ['topup.created', 'topup.paid']);
  // The endpoint directory is cached for 2 s per process: wait it out, as a new endpoint's first events would.
  await new Promise((resolve) => setTimeout(resolve, 2_100));

  await everything.down();
  // Facts made by the engine itself: organizations created, top-ups ordered and paid, a credit nobody claims.
  const orgs = await Promise.all([engine.createOrganization(), engine.createOrganization({ name: 'Beta Ltd' })]);
  const key = (orgId: string) => orgs.find((o) => o.orgId === orgId)!.key;
  for (const { orgId } of orgs) {
    const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
      key: key(orgId),
      body: { amountMinor: 20000, currency: 'EUR' },
    });
    expect(order.status).toBe(201);
    const credit = await engine.reportCredits([
      { bankTxId: `tx-${orgId}`, amountMinor: 20000, currency: 'EUR', reference: order.json.paymentReference, valueDate: '2026-11-25' },
    ]);
    expect(credit.status).toBe(200);
  }
  await engine.reportCredits([
    { bankTxId: 'tx-nobody', amountMinor: 500, currency: 'EUR', reference: 'RF00 NOPE', valueDate: '2026-11-25' },
  ]);
  // And many facts recorded at once by concurrent writers (several worker processes would do this).
  const writers = [0, 1, 2].map(() => createEventRecorder({ models: engine.models, config: engine.config, temporal: engine.client }));
  await Promise.all(
    Array.from({ length: 90 }, (_, i) =>
      writers[i % 3].recordEvent({
        key: `bulk:${i}`,
        type: 'balance.low',
        orgId: orgs[i % 2].orgId,
        data: { balance: { amountMinor: i, currency: 'EUR' } },
      }),
    ),
  );
  // A retried effect records nothing new.
  await writers[0].recordEvent({ key: 'bulk:7', type: 'balance.low', orgId: orgs[1].orgId, data: {} });

  await eventually(async () => (await engine.models.Event.countDocuments({ type: 'topup.paid' })) === 2, { timeoutMs: 60_000 });
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // deliveries fail and back off meanwhile
  expect(everything.received).toHaveLength(0);
  await everything.up();

  const recorded = await engine.models.Event.find({}, { id: 1, type: 1 }).lean();
  expect(recorded.length).toBeGreaterThan(90 + 2 * 5);
  const delivered = await eventually(
    async () => {
      const got = byEventId(everything.received);
      return got.size === recorded.length && got;
    },
    { timeoutMs: 60_000 },
  );
  expect([...delivered.keys()].sort()).toEqual(recorded.map((e) => e.id).sort());
  const streams = expectGaplessPerStream([...delivered.values()]);
  expect(streams.get(orgs[0].orgId)!.length).toBeGreaterThanOrEqual(45);
  expect(new Set([...delivered.values()].map((p) => p.type))).toEqual(
    new Set([
      'organization.created',
      'topup.created',
      'proforma.issued',
      'topup.credited',
      'topup.paid',
      'bank_credit.unmatched',
      'balance.low',
    ]),
  );

  const filtered = await eventually(async () => {
    const got = byEventId(topUpsOnly.received);
    return got.size === 4 && got;
  });
  expect([...filtered.values()].map((p) => p.type).sort()).toEqual(['topup.created', 'topup.created', 'topup.paid', 'topup.paid']);
  expect(everything.rejected).toEqual([]);
  expect(topUpsOnly.rejected).toEqual([]);

  // The payload carries the objects as the API shows them.
  const paid = [...delivered.values()].find((p) => p.type === 'topup.paid' && p.orgId === orgs[0].orgId)!;
  expect(paid.data.topUp).toMatchObject({ state: 'paid', receivedMinor: 20000, currency: 'EUR' });
  // A credit's event shows the order with that credit on it.
  const credited = [...delivered.values()].find((p) => p.type === 'topup.credited' && p.orgId === orgs[0].orgId)!;
  expect(credited.data.topUp).toMatchObject({
    receivedMinor: 20000,
    credits: [{ bankTxId: `tx-${orgs[0].orgId}`, amountMinor: 20000, valueDate: '2026-11-25' }],
  });

  // The feed: newest first, filtered, paginated without losing an item; an organization sees only its own.
  const pages: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const { data } = await admin.GET('/v1/events', { params: { query: { limit: 40, orgId: orgs[0].orgId, startingAfter: cursor } } });
    pages.push(...data!.data.map((e) => e.id));
    if (!data!.hasMore) break;
    cursor = data!.nextCursor!;
  }
  expect(pages).toHaveLength(streams.get(orgs[0].orgId)!.length);
  expect(new Set(pages).size).toBe(pages.length);
  const own = createBillingClient({ baseUrl: 'http://engine.test', apiKey: orgs[1].key, fetch: async (r) => engine.app.fetch(r) });
  const mine = await own.GET('/v1/events', { params: { query: { type: 'topup.paid' } } });
  expect(mine.data!.data.map((e) => e.orgId)).toEqual([orgs[1].orgId]);
  const theirs = await own.GET('/v1/events', { params: { query: { orgId: orgs[0].orgId } } });
  expect(theirs.response.status).toBe(404);
  const other = await own.GET('/v1/events/{eventId}', { params: { path: { eventId: paid.id } } });
  expect(other.response.status).toBe(404);
});
