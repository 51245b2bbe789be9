/** Messages and payloads of the webhook delivery workflow, shared with the recorder, the API and the ops CLI. */
import { defineQuery, defineSignal } from '@temporalio/workflow';

/** One delivery workflow per endpoint: it owns that endpoint's queue, back-off and health. */
export const webhookDeliveryWorkflowId = (endpointId: string) => `webhook-delivery/${endpointId}`;

/** How long and how often a failing delivery is retried; the workflow's input, so tests can shorten it. */
export interface WebhookRetryPolicy {
  /** First retry after this ("30 seconds"); each further one waits twice as long, up to `maxInterval`. */
  initialInterval: string;
  maxInterval: string;
  /** An event still failing this long after its first failure disables the endpoint ("3 days"). */
  giveUpAfter: string;
}

/** An event to deliver: its position (`_id`, read by id) and its public id (the dedup key). */
export interface EventRef {
  position: string;
  eventId: string;
}

export interface PendingDelivery extends EventRef {
  attempts: number;
  /** Epoch ms; 0 = due now. */
  nextAttemptAt: number;
  firstFailureAt?: number;
  lastError?: string;
}

export interface WebhookDeliveryInput {
  endpointId: string;
  retry: WebhookRetryPolicy;
  /** Deliveries read and not delivered yet (failing, or in flight), carried over by continue-as-new. */
  pending?: PendingDelivery[];
  /** `atHead`: the stream's head as far as the workflow knew when it stopped; what comes after is skipped. */
  disabled?: { at: string; reason: string; atHead?: number };
  /** The delivery stream's position read through; absent at the start: the endpoint's `streamFrom`. */
  cursor?: number;
  /** The stream's head as far as the workflow knows. */
  head?: number;
  /** Entries after `after` through `through` are skipped (added while the endpoint was disabled). */
  skip?: { after: number; through: number };
  /** The receiver's last fresh batch failed with nothing delivered: reading waits for it to take one. */
  receiverDown?: boolean;
}

export interface DeliveryOutcome {
  delivered: string[];
  /** `position`: for an event read from the stream, not yet among the pending ones. */
  failed: { eventId: string; position?: string; error: string }[];
  /** Events that no longer exist or the endpoint no longer wants: nothing to deliver. */
  dropped: string[];
  /** The endpoint was deleted: the workflow ends. */
  endpointGone?: boolean;
}

export interface WebhookDeliveryStatus {
  endpointId: string;
  state: 'active' | 'disabled';
  disabledReason?: string;
  pending: number;
  failing: number;
  oldestFailureAt?: string;
  lastError?: string;
  /** Delivered by this run of the workflow (it continues as new every few thousand events). */
  deliveredThisRun: number;
  /** The delivery stream's position read through, and its head as far as the workflow knows. */
  cursor?: number;
  head?: number;
}

/** The delivery stream goes at least this far: the recorder's news, a few a second at most. */
export const webhookStreamSignal = defineSignal<[{ head: number }]>('webhookStream');
/** Runs started before the delivery stream were given the events themselves (workflows/webhook-delivery-legacy.ts). */
export const webhookEventsSignal = defineSignal<[EventRef[]]>('webhookEvents');
/** The admin changed the endpoint: re-enabled (retry everything pending now), disabled, or deleted it. */
export const webhookEndpointChangedSignal = defineSignal<[{ enabled: boolean; deleted?: boolean }]>('webhookEndpointChanged');
export const webhookDeliveryStatusQuery = defineQuery<WebhookDeliveryStatus>('webhookDeliveryStatus');
