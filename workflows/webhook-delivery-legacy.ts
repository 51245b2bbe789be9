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
import {
  webhookDeliveryStatusQuery,
  webhookEndpointChangedSignal,
  webhookEventsSignal,
  webhookStreamSignal,
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

const BATCHES_IN_FLIGHT = 4;
/** Continue as new well before the history grows long (every signal and activity is a few events). */
const EVENTS_PER_RUN = 2_000;
/**
 * While a batch is out, only full batches go out beside it: what arrives meanwhile waits to fill the next
 * one. Runs recorded before sent every trickle of events as a batch of its own, one activity per event.
 */
const FULL_BATCHES_WHILE_BUSY = 'webhook-full-batches-while-busy';

/**
 * Runs started before the delivery stream: the recorder signalled them the events themselves, and they kept
 * every undelivered one in their state. Such a run delivers as it always did until the recorder's first
 * stream signal, then continues as new on the stream, carrying what it still has to deliver.
 */
export async function deliverSignalledEvents(input: WebhookDeliveryInput): Promise<void> {
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
  let onStream = false;

  setHandler(webhookEventsSignal, (refs) => {
    queue.add(refs);
    wake = true;
  });
  setHandler(webhookStreamSignal, () => {
    onStream = true;
    wake = true;
  });
  setHandler(webhookEndpointChangedSignal, ({ enabled, deleted: gone }) => {
    if (gone) deleted = true;
    else if (enabled && disabled) reenabled = true;
    else if (!enabled && !disabled) disabled = { at: new Date().toISOString(), reason: 'disabled by an admin' };
    wake = true;
  });
  setHandler(
    webhookDeliveryStatusQuery,
    (): WebhookDeliveryStatus => ({
      endpointId: input.endpointId,
      state: disabled ? 'disabled' : 'active',
      ...(disabled ? { disabledReason: disabled.reason } : {}),
      pending: queue.pending.size,
      ...queue.failureSummary(),
      deliveredThisRun: queue.deliveredThisRun,
    }),
  );
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
    if (onStream || queue.receivedThisRun >= EVENTS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(() => running === 0 && allHandlersFinished());
      return continueAsNew<typeof deliverSignalledEvents>({ ...input, pending: [...queue.pending.values()], disabled });
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
