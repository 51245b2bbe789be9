import http from 'node:http';
import https from 'node:https';
import { Context, heartbeat } from '@temporalio/activity';
import { LRUCache } from 'lru-cache';
import { Webhook } from 'standardwebhooks';
import { endpointWants } from '../domain/event-types';
import { deliveryEntryId, type DeliveryEntry } from '../models/delivery-entry';
import { isDuplicateKey } from '../models/duplicate-key';
import { toEventDto, type EventRecord } from '../models/event';
import { webhookDeliveryId } from '../models/webhook-endpoint';
import type { DeliveryOutcome } from '../workflows/webhook-delivery-definitions';
import type { ActivityContext } from './context';
import { deliveryStreamHead } from './delivery-stream';
import { guardedLookup } from './webhook-target';

/** Requests of one batch sent at once; a batch is at most 50 events (workflows/webhook-delivery.ts). */
const PARALLEL_REQUESTS = 16;
/** Stream entries read at once. */
const PARALLEL_READS = 16;
/** Events and stream entries are immutable: one read per process serves every endpoint that receives the event. */
const EVENTS_CACHED = 20_000;

async function forEachConcurrently<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Standard Webhooks signing: every current secret signs, so a receiver mid-rotation verifies with either. */
function signers(endpoint: { secret: string; previousSecret?: string | null; previousSecretUntil?: Date | null }, now: Date) {
  const secrets = [endpoint.secret];
  if (endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now) secrets.push(endpoint.previousSecret);
  return secrets.map((secret) => new Webhook(secret));
}

/**
 * Delivery of events to the provider's receivers: signed POSTs, the SSRF guard on every connection, a record
 * per delivered event. Whether to retry, when, and when to give up is the delivery workflow's decision.
 */
export function createWebhookActivities({ models, config, recordEvent }: ActivityContext) {
  const timeoutMs = config.WEBHOOK_TIMEOUT;
  const lookup = guardedLookup(config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
  const events = new LRUCache<string, EventRecord>({ max: EVENTS_CACHED });
  const entries = new LRUCache<string, DeliveryEntry>({ max: EVENTS_CACHED });
  async function eventAt(position: string): Promise<EventRecord | undefined> {
    const cached = events.get(position);
    if (cached) return cached;
    // A position not taken yet may be taken later: only what exists is kept.
    const event = await models.Event.findById(position).lean<EventRecord>();
    if (event) events.set(position, event);
    return event ?? undefined;
  }
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  /**
   * Answers the receiver's status; a network error, a refused target or a timeout throws. A kept-alive
   * socket the receiver closed just as it was reused (servers drop idle ones after a few seconds) is no
   * answer from the receiver: the request goes again once, on a new socket, rather than backing off.
   */
  async function post(target: string, headers: Record<string, string>, body: string): Promise<number> {
    try {
      return await postOnce(target, headers, body);
    } catch (error) {
      if (!(error as { reusedSocket?: boolean }).reusedSocket) throw error;
      return postOnce(target, headers, body);
    }
  }

  function postOnce(target: string, headers: Record<string, string>, body: string): Promise<number> {
    const url = new URL(target);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method: 'POST',
          agent: agents[url.protocol as 'http:' | 'https:'],
          lookup,
          timeout: timeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'billing-engine-webhooks',
            ...headers,
          },
        },
        (response) => {
          response.resume(); // the body is not ours to read, but the socket must be drained to be reused
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${config.WEBHOOK_TIMEOUT} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) =>
        reject(Object.assign(error, { reusedSocket: request.reusedSocket && error.code === 'ECONNRESET' })),
      );
      request.end(body);
    });
  }

  async function entryAt(sequence: number): Promise<DeliveryEntry> {
    const id = deliveryEntryId(sequence);
    const cached = entries.get(id);
    if (cached) return cached;
    const entry = await models.DeliveryEntry.collection.findOne<DeliveryEntry>({ _id: id as never });
    // The recorder tells a head only once its entries are in: one missing here is not visible yet.
    if (!entry) throw new Error(`delivery stream entry ${sequence} not found`);
    entries.set(id, entry);
    return entry;
  }

  /** The stream entries of `range` this endpoint takes: not another endpoint's redelivery, a type it wants. */
  async function entriesFor(endpoint: { _id: string; eventTypes?: string[] | null }, range: { from: number; to: number }) {
    const sequences = Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
    const read: DeliveryEntry[] = [];
    await forEachConcurrently(sequences, PARALLEL_READS, async (sequence) => {
      read.push(await entryAt(sequence));
    });
    return read
      .filter(
        (entry) =>
          (!entry.endpointIds?.length || entry.endpointIds.includes(endpoint._id)) && endpointWants(endpoint.eventTypes ?? [], entry.type),
      )
      .map((entry) => {
        const event = entry.event as EventRecord | undefined;
        if (event) events.set(entry.position, event); // for its retries
        return { position: entry.position, eventId: entry.eventId, attempts: 0, fromStream: true, event };
      });
  }

  /**
   * Delivers a batch: events tried before (`events`) and the stream entries of `range`, read here. The outcome
   * names each event delivered, failed or dropped; a failed one read from the stream carries its position,
   * so the workflow can keep it among the pending ones.
   */
  async function deliverWebhooks(input: {
    endpointId: string;
    events: { position: string; eventId: string; attempts: number }[];
    range?: { from: number; to: number };
  }): Promise<DeliveryOutcome> {
    const outcome: DeliveryOutcome = { delivered: [], failed: [], dropped: [] };
    const endpoint = await models.WebhookEndpoint.findById(input.endpointId).lean();
    if (!endpoint) return { ...outcome, dropped: input.events.map((e) => e.eventId), endpointGone: true };
    // An event on the stream twice (redelivered, or recorded again by a retry) goes once per batch.
    const batch = [
      ...new Map<string, { position: string; eventId: string; attempts: number; fromStream?: boolean; event?: EventRecord }>(
        [...input.events, ...(input.range ? await entriesFor(endpoint, input.range) : [])].map((ref) => [ref.eventId, ref]),
      ).values(),
    ];
    const records: Record<string, unknown>[] = [];
    await forEachConcurrently(batch, PARALLEL_REQUESTS, async (ref) => {
      const event = ref.event ?? (await eventAt(ref.position));
      if (!event || event.id !== ref.eventId || !endpointWants(endpoint.eventTypes ?? [], event.type)) {
        if (!ref.fromStream) outcome.dropped.push(ref.eventId);
        return;
      }
      const failed = (error: string) =>
        outcome.failed.push({ eventId: event.id, error, ...(ref.fromStream ? { position: ref.position } : {}) });
      const body = JSON.stringify(toEventDto(event));
      const now = new Date();
      const signature = signers(endpoint, now)
        .map((signer) => signer.sign(event.id, now, body))
        .join(' ');
      try {
        const status = await post(
          endpoint.url,
          { 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature },
          body,
        );
        if (status >= 200 && status < 300) {
          outcome.delivered.push(event.id);
          records.push({
            _id: webhookDeliveryId(endpoint._id, event.id),
            endpointId: endpoint._id,
            eventId: event.id,
            eventType: event.type,
            orgId: event.orgId,
            attempts: ref.attempts + 1,
            responseStatus: status,
            deliveredAt: new Date(),
          });
        } else failed(`the receiver answered HTTP ${status}`);
      } catch (error) {
        failed((error as Error).message);
      }
      heartbeat();
    });
    if (records.length) {
      // A redelivered event keeps its first record: the duplicates are expected and ignored.
      await models.WebhookDelivery.insertMany(records, { ordered: false }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
    }
    if (outcome.failed.length) {
      Context.current().log.warn('webhook deliveries failed', {
        endpointId: endpoint._id,
        failed: outcome.failed.length,
        delivered: outcome.delivered.length,
        firstError: outcome.failed[0].error,
      });
    }
    return outcome;
  }

  /** The retry window ran out: stop delivering to the endpoint and tell ops (an event, a warning). */
  async function disableWebhookEndpoint(input: { endpointId: string; at: string; reason: string; pending: number }): Promise<void> {
    await models.WebhookEndpointHealth.updateOne(
      { _id: input.endpointId },
      { $set: { state: 'disabled', disabledAt: new Date(input.at), disabledReason: input.reason } },
      { upsert: true },
    );
    const endpoint = await models.WebhookEndpoint.findById(input.endpointId, { url: 1 }).lean();
    Context.current().log.error('webhook endpoint disabled', { endpointId: input.endpointId, reason: input.reason });
    await recordEvent({
      key: `webhook-endpoint-disabled:${input.endpointId}:${input.at}`,
      type: 'webhook_endpoint.disabled',
      orgId: null,
      data: { endpoint: { id: input.endpointId, url: endpoint?.url ?? null }, reason: input.reason, pending: input.pending },
      at: new Date(input.at),
    });
  }

  /** Active again; answers where the delivery stream ends now (what it took meanwhile is not for the endpoint). */
  async function enableWebhookEndpoint(input: { endpointId: string }): Promise<{ head: number }> {
    await models.WebhookEndpointHealth.updateOne(
      { _id: input.endpointId },
      { $set: { state: 'active' }, $unset: { disabledAt: 1, disabledReason: 1 } },
      { upsert: true },
    );
    return { head: await deliveryStreamHead(models) };
  }

  /** Where a new delivery workflow starts reading: after the stream's head when the endpoint was added. */
  async function startWebhookDelivery(input: { endpointId: string }): Promise<{ cursor: number; head: number }> {
    const endpoint = await models.WebhookEndpoint.findById(input.endpointId, { streamFrom: 1 }).lean();
    const cursor = endpoint?.streamFrom ?? 0;
    // From the hint, not from the cursor: a walk over a long stream would outlast the heartbeat timeout.
    return { cursor, head: Math.max(cursor, await deliveryStreamHead(models)) };
  }

  return { deliverWebhooks, disableWebhookEndpoint, enableWebhookEndpoint, startWebhookDelivery };
}
