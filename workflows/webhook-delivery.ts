import { durationMs } from '../domain/duration';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { retriesExhausted, retryDelayMs } from '../domain/webhook-retry';
import { searchAttributes } from './definitions';
import {
  webhookDeliveryStatusQuery,
  webhookEndpointChangedSignal,
  webhookEventsSignal,
  type DeliveryOutcome,
  type EventRef,
  type PendingDelivery,
  type WebhookDeliveryInput,
  type WebhookDeliveryStatus,
} from './webhook-delivery-definitions';

const { deliverWebhooks, disableWebhookEndpoint, enableWebhookEndpoint } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // A worker that dies mid-batch is noticed within this, and the batch goes to another worker.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Events per activity, and activities in flight: a batch's requests go out in parallel. */
const BATCH_SIZE = 50;
const BATCHES_IN_FLIGHT = 4;
/** Continue as new well before the history grows long (every signal and activity is a few events). */
const EVENTS_PER_RUN = 2_000;
/**
 * While a batch is out, only full batches go out beside it: what arrives meanwhile waits to fill the next
 * one. Runs recorded before sent every trickle of events as a batch of its own, one activity per event.
 */
const FULL_BATCHES_WHILE_BUSY = 'webhook-full-batches-while-busy';

/** The endpoint's deliveries: what is queued, what is failing and when each is next tried. */
class DeliveryQueue {
  readonly pending = new Map<string, PendingDelivery>();
  readonly inFlight = new Set<string>();
  deliveredThisRun = 0;
  receivedThisRun = 0;

  constructor(carried: PendingDelivery[] = []) {
    for (const delivery of carried) this.pending.set(delivery.eventId, delivery);
  }

  /** At least once, never twice at the same time: an event already queued is not queued again. */
  add(refs: EventRef[]) {
    for (const ref of refs) {
      this.receivedThisRun++;
      const queued = this.pending.get(ref.eventId);
      if (queued) queued.nextAttemptAt = Math.min(queued.nextAttemptAt, Date.now());
      else this.pending.set(ref.eventId, { ...ref, attempts: 0, nextAttemptAt: 0 });
    }
  }

  retryAllNow() {
    for (const delivery of this.pending.values()) delivery.nextAttemptAt = 0;
  }

  /** Up to a batch of due deliveries, marked in flight; none unless at least `atLeast` are due. */
  takeDue(now: number, atLeast = 1): PendingDelivery[] {
    const due: PendingDelivery[] = [];
    for (const delivery of this.pending.values()) {
      if (due.length === BATCH_SIZE) break;
      if (delivery.nextAttemptAt <= now && !this.inFlight.has(delivery.eventId)) due.push(delivery);
    }
    if (due.length < atLeast) return [];
    for (const delivery of due) this.inFlight.add(delivery.eventId);
    return due;
  }

  /** Applies a batch's outcome; answers the failure that used up the retry window, if one did. */
  settle(batch: PendingDelivery[], outcome: DeliveryOutcome, retry: { initialMs: number; maxMs: number; giveUpAfterMs: number }) {
    const now = Date.now();
    for (const delivery of batch) this.inFlight.delete(delivery.eventId);
    for (const eventId of [...outcome.delivered, ...outcome.dropped]) this.pending.delete(eventId);
    this.deliveredThisRun += outcome.delivered.length;
    let exhausted: PendingDelivery | undefined;
    for (const { eventId, error } of outcome.failed) {
      const delivery = this.pending.get(eventId);
      if (!delivery) continue;
      delivery.attempts++;
      delivery.firstFailureAt ??= now;
      delivery.lastError = error;
      delivery.nextAttemptAt = now + retryDelayMs(delivery.attempts, retry, Math.random());
      if (retriesExhausted(delivery.firstFailureAt, now, retry.giveUpAfterMs)) exhausted ??= delivery;
    }
    return exhausted;
  }

  nextAttemptAt(): number | undefined {
    let next: number | undefined;
    for (const delivery of this.pending.values()) {
      if (this.inFlight.has(delivery.eventId)) continue;
      if (next === undefined || delivery.nextAttemptAt < next) next = delivery.nextAttemptAt;
    }
    return next;
  }

  failing() {
    return [...this.pending.values()].filter((d) => d.firstFailureAt !== undefined);
  }
}

/**
 * Delivers one endpoint's events, at least once, each retried with exponential back-off until it succeeds or
 * has failed for the whole retry window; then the endpoint is disabled and ops are alerted (an event and the
 * WebhookEndpointState search attribute). An endpoint is one workflow, so a slow or dead receiver only ever
 * delays its own deliveries, never billing (which only records events) nor other endpoints.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<void> {
  const queue = new DeliveryQueue(input.pending);
  const retry = {
    initialMs: durationMs(input.retry.initialInterval),
    maxMs: durationMs(input.retry.maxInterval),
    giveUpAfterMs: durationMs(input.retry.giveUpAfter),
  };
  const fullBatchesWhileBusy = patched(FULL_BATCHES_WHILE_BUSY);
  let disabled = input.disabled;
  let deleted = false;
  let wake = false;
  let reenabled = false;

  setHandler(webhookEventsSignal, (refs) => {
    queue.add(refs);
    wake = true;
  });
  setHandler(webhookEndpointChangedSignal, ({ enabled, deleted: gone }) => {
    if (gone) deleted = true;
    else if (enabled && disabled) reenabled = true;
    else if (!enabled && !disabled) disabled = { at: new Date().toISOString(), reason: 'disabled by an admin' };
    wake = true;
  });
  setHandler(webhookDeliveryStatusQuery, (): WebhookDeliveryStatus => {
    const failing = queue.failing();
    const oldest = failing.reduce<number | undefined>(
      (min, d) => (min === undefined || d.firstFailureAt! < min ? d.firstFailureAt : min),
      undefined,
    );
    return {
      endpointId: input.endpointId,
      state: disabled ? 'disabled' : 'active',
      ...(disabled ? { disabledReason: disabled.reason } : {}),
      pending: queue.pending.size,
      failing: failing.length,
      ...(oldest !== undefined ? { oldestFailureAt: new Date(oldest).toISOString() } : {}),
      ...(failing.length ? { lastError: failing[failing.length - 1].lastError } : {}),
      deliveredThisRun: queue.deliveredThisRun,
    };
  });
  upsertSearchAttributes([{ key: searchAttributes.webhookEndpointState, value: disabled ? 'disabled' : 'active' }]);

  let running = 0;
  const send = async (batch: PendingDelivery[]) => {
    running++;
    try {
      const outcome = await deliverWebhooks({
        endpointId: input.endpointId,
        events: batch.map(({ position, eventId, attempts }) => ({ position, eventId, attempts })),
      });
      if (outcome.endpointGone) deleted = true;
      const exhausted = queue.settle(batch, outcome, retry);
      if (exhausted && !disabled) {
        disabled = {
          at: new Date().toISOString(),
          reason: `failing since ${new Date(exhausted.firstFailureAt!).toISOString()}: ${exhausted.lastError}`,
        };
        upsertSearchAttributes([{ key: searchAttributes.webhookEndpointState, value: 'disabled' }]);
        await disableWebhookEndpoint({
          endpointId: input.endpointId,
          at: disabled.at,
          reason: disabled.reason,
          pending: queue.pending.size,
        });
      }
    } finally {
      running--;
      wake = true;
    }
  };

  for (;;) {
    if (deleted) {
      await condition(() => running === 0);
      return;
    }
    if (reenabled) {
      reenabled = false;
      disabled = undefined;
      queue.retryAllNow();
      upsertSearchAttributes([{ key: searchAttributes.webhookEndpointState, value: 'active' }]);
      await enableWebhookEndpoint({ endpointId: input.endpointId });
    }
    if (!disabled) {
      while (running < BATCHES_IN_FLIGHT) {
        const batch = queue.takeDue(Date.now(), fullBatchesWhileBusy && running > 0 ? BATCH_SIZE : 1);
        if (!batch.length) break;
        void send(batch);
      }
    }
    if (queue.receivedThisRun >= EVENTS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(() => running === 0 && allHandlersFinished());
      return continueAsNew<typeof webhookDeliveryWorkflow>({ ...input, pending: [...queue.pending.values()], disabled });
    }
    wake = false;
    const next = disabled ? undefined : queue.nextAttemptAt();
    // Woken by a signal or a finished batch; else by the earliest retry falling due (while a batch is out,
    // its end comes first and decides what goes next).
    const busy = running >= BATCHES_IN_FLIGHT || (fullBatchesWhileBusy && running > 0);
    if (next === undefined || busy) await condition(() => wake);
    else await condition(() => wake, Math.max(next - Date.now(), 1));
  }
}
