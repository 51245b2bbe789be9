import { retriesExhausted, retryDelayMs } from '../domain/webhook-retry';
import type { DeliveryOutcome, EventRef, PendingDelivery } from './webhook-delivery-definitions';

/** Events per activity: a batch's requests go out in parallel. */
export const BATCH_SIZE = 50;

/** The endpoint's deliveries: what is queued, what is failing and when each is next tried. */
export class DeliveryQueue {
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
    for (const { eventId, position, error } of outcome.failed) {
      // An event read from the stream fails for the first time: it joins the pending ones.
      if (position !== undefined && !this.pending.has(eventId))
        this.pending.set(eventId, { position, eventId, attempts: 0, nextAttemptAt: 0 });
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

  /** The status query's account of the failing deliveries: how many, since when, the last error. */
  failureSummary(): { failing: number; oldestFailureAt?: string; lastError?: string } {
    const failing = [...this.pending.values()].filter((d) => d.firstFailureAt !== undefined);
    const oldest = failing.reduce<number | undefined>(
      (min, d) => (min === undefined || d.firstFailureAt! < min ? d.firstFailureAt : min),
      undefined,
    );
    return {
      failing: failing.length,
      ...(oldest !== undefined ? { oldestFailureAt: new Date(oldest).toISOString() } : {}),
      ...(failing.length ? { lastError: failing[failing.length - 1].lastError } : {}),
    };
  }
}
