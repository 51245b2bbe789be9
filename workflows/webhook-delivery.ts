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
import { durationMs } from '../domain/duration';
import { searchAttributes } from './definitions';
import { BATCH_SIZE, DeliveryQueue } from './delivery-window';
import { deliverSignalledEvents } from './webhook-delivery-legacy';
import {
  webhookDeliveryStatusQuery,
  webhookEndpointChangedSignal,
  webhookStreamSignal,
  type DeliveryOutcome,
  type PendingDelivery,
  type WebhookDeliveryInput,
  type WebhookDeliveryStatus,
} from './webhook-delivery-definitions';

const { deliverWebhooks, disableWebhookEndpoint, enableWebhookEndpoint, startWebhookDelivery } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  // A worker that dies mid-batch is noticed within this, and the batch goes to another worker.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const BATCHES_IN_FLIGHT = 4;
/**
 * Read deliveries not delivered yet, at most (plus the batches in flight), while the receiver seems down
 * (its last batch of fresh entries failed and nothing got through): the workflow stops reading the stream
 * there, so its state and what it carries into a new run stay small however long the outage; the rest
 * waits on the stream. A receiver that takes most events and refuses some reads on, up to PENDING_LIMIT.
 */
export const PENDING_MAX = 250;
const PENDING_LIMIT = 1_000;
/** Deliveries tried per run before continuing as new (every batch is a few history events). */
const ATTEMPTS_PER_RUN = 2_000;
/** Runs started before this read the events the recorder signalled them, not the stream. */
const DELIVERY_STREAM = 'webhook-delivery-stream';

/**
 * Delivers one endpoint's events, at least once, each retried with exponential back-off until it succeeds or
 * has failed for the whole retry window; then the endpoint is disabled and ops are alerted (an event and the
 * WebhookEndpointState search attribute). The events come from the delivery stream, read from the
 * workflow's cursor; the recorder only says how far the stream goes. An endpoint is one workflow, so a slow
 * or dead receiver only ever delays its own deliveries, never billing (which only records events) nor
 * other endpoints.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<void> {
  if (!patched(DELIVERY_STREAM)) return deliverSignalledEvents(input);
  const pending = new DeliveryQueue(input.pending);
  const retry = {
    initialMs: durationMs(input.retry.initialInterval),
    maxMs: durationMs(input.retry.maxInterval),
    giveUpAfterMs: durationMs(input.retry.giveUpAfter),
  };
  let { disabled, skip } = input;
  let deleted = false;
  let wake = false;
  let reenabled = false;
  let attempts = 0;
  let receiverDown = input.receiverDown ?? false;
  // Set from the endpoint at a first start (below); a signal may raise the head before that.
  let cursor = input.cursor ?? 0;
  let head = input.head ?? 0;

  setHandler(webhookStreamSignal, ({ head: signalled }) => {
    head = Math.max(head, signalled);
    wake = true;
  });
  setHandler(webhookEndpointChangedSignal, ({ enabled, deleted: gone }) => {
    if (gone) deleted = true;
    else if (enabled && disabled) reenabled = true;
    else if (!enabled && !disabled) disabled = { at: new Date().toISOString(), reason: 'disabled by an admin', atHead: head };
    wake = true;
  });
  setHandler(
    webhookDeliveryStatusQuery,
    (): WebhookDeliveryStatus => ({
      endpointId: input.endpointId,
      state: disabled ? 'disabled' : 'active',
      ...(disabled ? { disabledReason: disabled.reason } : {}),
      pending: pending.pending.size + unread(),
      ...pending.failureSummary(),
      deliveredThisRun: pending.deliveredThisRun,
      cursor,
      head,
    }),
  );

  if (input.cursor === undefined) {
    const start = await startWebhookDelivery({ endpointId: input.endpointId });
    cursor = start.cursor;
    head = Math.max(head, start.head);
  }
  head = Math.max(head, cursor);
  /** Stream entries not read yet, skipped ones aside. */
  function unread() {
    const skipped = skip ? Math.max(0, Math.min(head, skip.through) - Math.max(cursor, skip.after)) : 0;
    return Math.max(0, head - cursor - skipped);
  }
  upsertSearchAttributes([{ key: searchAttributes.webhookEndpointState, value: disabled ? 'disabled' : 'active' }]);

  let running = 0;
  const send = async (work: { retries?: PendingDelivery[]; range?: { from: number; to: number } }) => {
    running++;
    try {
      const outcome: DeliveryOutcome = await deliverWebhooks({
        endpointId: input.endpointId,
        events: (work.retries ?? []).map(({ position, eventId, attempts: tried }) => ({ position, eventId, attempts: tried })),
        ...(work.range ? { range: work.range } : {}),
      });
      if (outcome.endpointGone) deleted = true;
      const exhausted = pending.settle(work.retries ?? [], outcome, retry);
      if (outcome.delivered.length > 0) {
        // Back after an outage: what failed meanwhile goes now, not at its back-off. (With a full window, one of
        // its retries falls due soon enough: their back-offs are spread by jitter.)
        if (receiverDown) pending.retryAllNow();
        receiverDown = false;
      } else if (work.range && outcome.failed.length > 0) receiverDown = true;
      if (exhausted && !disabled) {
        disabled = {
          at: new Date().toISOString(),
          reason: `failing since ${new Date(exhausted.firstFailureAt!).toISOString()}: ${exhausted.lastError}`,
          atHead: head,
        };
        upsertSearchAttributes([{ key: searchAttributes.webhookEndpointState, value: 'disabled' }]);
        await disableWebhookEndpoint({
          endpointId: input.endpointId,
          at: disabled.at,
          reason: disabled.reason,
          pending: pending.pending.size + unread(),
        });
      }
    } finally {
      running--;
      wake = true;
    }
  };

  /** The next stream entries to read, or none: the stream read through, too much pending, or too few to fill a batch beside one out. */
  function nextRange(atLeast: number): { from: number; to: number } | undefined {
    if (skip && cursor >= skip.after) {
      cursor = Math.max(cursor, skip.through);
      skip = undefined;
    }
    if (pending.pending.size >= (receiverDown ? PENDING_MAX : PENDING_LIMIT)) return undefined;
    const end = Math.min(head, cursor + BATCH_SIZE, skip?.after ?? head);
    if (end - cursor < Math.min(atLeast, BATCH_SIZE)) return undefined;
    const range = { from: cursor + 1, to: end };
    cursor = end;
    return range;
  }

  for (;;) {
    if (deleted) {
      await condition(() => running === 0);
      return;
    }
    if (reenabled) {
      reenabled = false;
      // What was read before goes again now; what the stream took while the endpoint was disabled is skipped.
      const { head: now } = await enableWebhookEndpoint({ endpointId: input.endpointId });
      const stoppedAt = disabled?.atHead ?? head;
      head = Math.max(head, now);
      if (head > stoppedAt) skip = { after: Math.max(stoppedAt, cursor), through: head };
      disabled = undefined;
      pending.retryAllNow();
      upsertSearchAttributes([{ key: searchAttributes.webhookEndpointState, value: 'active' }]);
    }
    if (!disabled) {
      while (running < BATCHES_IN_FLIGHT) {
        // While a batch is out, only full batches go out beside it: what comes meanwhile fills the next one.
        const atLeast = running > 0 ? BATCH_SIZE : 1;
        const retries = pending.takeDue(Date.now(), atLeast);
        if (retries.length) {
          attempts += retries.length;
          void send({ retries });
          continue;
        }
        const range = nextRange(atLeast);
        if (!range) break;
        attempts += range.to - range.from + 1;
        void send({ range });
      }
    }
    if (attempts >= ATTEMPTS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(() => running === 0 && allHandlersFinished());
      return continueAsNew<typeof webhookDeliveryWorkflow>({
        endpointId: input.endpointId,
        retry: input.retry,
        pending: [...pending.pending.values()],
        cursor,
        head,
        ...(disabled ? { disabled } : {}),
        ...(skip ? { skip } : {}),
        ...(receiverDown ? { receiverDown } : {}),
      });
    }
    wake = false;
    const next = disabled ? undefined : pending.nextAttemptAt();
    // Woken by a signal or a finished batch; else by the earliest retry falling due (while a batch is out,
    // its end comes first and decides what goes next).
    if (next === undefined || running > 0) await condition(() => wake);
    else await condition(() => wake, Math.max(next - Date.now(), 1));
  }
}
