/**
 * What the PayPal and card set-up workflows share: one attempt per workflow run that is created at the
 * provider (while the API waits for the approval URL or client secret), waits for the customer until a
 * deadline, may be cancelled, and ends by saving a method (optionally the new default) or not.
 */
import * as wf from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { durationMs, type Duration } from '../domain/duration';
import { NON_RETRYABLE_PROVIDER_FAILURES, REFUSALS, Refusal } from '../domain/errors';
import type { PaymentMethodKind } from '../domain/payment-methods';
import type { Activities } from '../activities';
import { tellBilling } from './billing-signals';
import {
  paymentMethodChangedSignal,
  searchAttributes,
  stripeCustomerCreatedSignal,
  type PaymentMethodChanged,
  type ProviderErrorInfo,
  type SavedPaymentMethod,
  type SetupCancellation,
} from './definitions';
import { failureInfo } from './failures';
import { requireOperator } from './operator-request';

const nonRetryableErrorTypes = [...REFUSALS, ...NON_RETRYABLE_PROVIDER_FAILURES];

/** Creating the attempt at the provider: someone is waiting for the answer, so a few tries, then a clear failure. */
export const starting = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5, nonRetryableErrorTypes },
});
/** Once the customer may have said yes, keep trying until the provider answers: a saved method must not be lost. */
export const durable = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});

/** "Make it the default" goes through the organization's billing workflow, which records it. */
const DEFAULT_THROUGH_BILLING = 'default-method-through-billing';

type SetupState = 'creating' | 'active' | 'cancelled' | 'expired' | 'failed';

/**
 * The attempt's common state. `Waiting` is the state in which the customer is awaited (and in which alone a
 * cancellation is accepted); `label` names the set-up in refusals ("the card set-up is …").
 */
export class SetupAttempt<State extends string> {
  state: State | SetupState = 'creating';
  error?: ProviderErrorInfo;
  method?: SavedPaymentMethod;
  cancellation?: SetupCancellation;
  expiresAt?: string;
  private deadline = 0;

  readonly workflowId = wf.workflowInfo().workflowId;
  private readonly runId = wf.workflowInfo().runId;

  constructor(
    readonly orgId: string,
    private readonly waiting: State,
    private readonly label: string,
  ) {}

  /**
   * The provider's idempotency key (Stripe Idempotency-Key, PayPal-Request-Id) for one step of this attempt:
   * the run id, unique per attempt, since a later attempt reuses the workflow id.
   */
  stepKey(step: string): string {
    return `${this.runId}:${step}`;
  }

  /** The status fields every set-up reports; each adds its provider's. */
  common() {
    return {
      orgId: this.orgId,
      state: this.state,
      ...(this.awaiting ? { expiresAt: this.expiresAt } : {}),
      ...(this.method ? { method: this.method } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  get awaiting(): boolean {
    return this.state === this.waiting;
  }

  setState(next: State | SetupState): void {
    this.state = next;
    wf.upsertSearchAttributes([{ key: searchAttributes.state, value: this.state }]);
  }

  /**
   * The handlers every set-up answers: "started" (resolves once the provider's side exists or creating it
   * failed) and cancel (accepted only while awaiting the customer; `check` adds the set-up's own refusals).
   */
  handle<Status>(
    status: () => Status,
    messages: { started: UpdateDefinition<Status>; cancel: UpdateDefinition<Status, [SetupCancellation]> },
    check: (request: SetupCancellation) => void = () => {},
  ): void {
    wf.setHandler(messages.started, async () => {
      await wf.condition(() => this.state !== 'creating');
      return status();
    });
    wf.setHandler(
      messages.cancel,
      async (request) => {
        this.cancellation = request;
        await wf.condition(() => !this.awaiting);
        return status();
      },
      {
        validator: (request) => {
          requireOperator(request, 'a cancellation');
          check(request);
          if (!this.awaiting || this.cancellation) {
            throw Refusal.conflict(`the ${this.label} is ${this.state.replace(/_/g, ' ')} and can no longer be cancelled`);
          }
        },
      },
    );
    wf.upsertSearchAttributes([
      { key: searchAttributes.orgId, value: this.orgId },
      { key: searchAttributes.state, value: this.state },
    ]);
  }

  /** Creates the provider's side; false (state `failed`, the reason in `error`) when the provider refused. */
  async create(run: () => Promise<void>, timeout: Duration): Promise<boolean> {
    try {
      await run();
    } catch (failure) {
      this.error = failureInfo(failure);
      this.setState('failed');
      return false;
    }
    this.deadline = Date.now() + durationMs(timeout);
    this.expiresAt = new Date(this.deadline).toISOString();
    this.setState(this.waiting);
    return true;
  }

  /** Waits while awaiting the customer until `ready()`, a cancellation or the deadline. */
  async waitFor(ready: () => boolean): Promise<void> {
    await wf.condition(() => ready() || this.cancellation !== undefined, Math.max(this.deadline - Date.now(), 1));
  }

  get expired(): boolean {
    return Date.now() >= this.deadline;
  }

  /**
   * The method the provider confirmed is saved: made the default if asked (where billing runs, it records
   * the default a moment later), then the customer is told.
   */
  async saved(method: SavedPaymentMethod, kind: PaymentMethodKind, makeDefault: boolean): Promise<void> {
    this.method = method;
    if (makeDefault && wf.patched(DEFAULT_THROUGH_BILLING)) {
      await chooseDefault(this.orgId, { method: kind, methodId: method.methodId });
      this.method = { ...method, isDefault: true };
    }
    this.setState('active');
    await durable.sendPaymentMethodAdded({ orgId: this.orgId, methodId: method.methodId });
  }

  /** Lets running handlers (a cancel, a confirm) answer before the workflow ends. */
  async settled(): Promise<void> {
    await wf.condition(wf.allHandlersFinished);
  }

  async finish<Status>(status: () => Status): Promise<Status> {
    await this.settled();
    return status();
  }
}

/** Organization changes go to its billing workflow, the one writer; the set-up records one itself only where none runs. */
export const CHANGES_THROUGH_THE_OWNER = 'organization-changes-through-billing';

/**
 * A change of the organization from a set-up or a removal: its billing workflow, the organization's one
 * writer, records it, told by signal in this workflow's history. Where no billing workflow runs (not
 * started, or ended) nothing else writes the organization, so this workflow records the change itself,
 * through the activity billing uses. A change the organization's records refuse (the method was removed
 * meanwhile) is logged and dropped, as billing drops it.
 */
export async function tellOrganization(orgId: string, change: { defaultMethod: PaymentMethodChanged } | { stripeCustomerId: string }) {
  const told =
    'defaultMethod' in change
      ? await tellBilling(orgId, paymentMethodChangedSignal, change.defaultMethod)
      : await tellBilling(orgId, stripeCustomerCreatedSignal, { customerId: change.stripeCustomerId });
  if (told) {
    // Those who asked (the API's DELETE, a provider's webhook) hear back once the default is recorded.
    if ('defaultMethod' in change) await durable.defaultPaymentMethodRecorded({ orgId, change: change.defaultMethod, withinMs: 30_000 });
    return;
  }
  try {
    await durable.recordOrganizationChange({ orgId, ...change });
  } catch (failure) {
    const cause = failure instanceof wf.ActivityFailure ? failure.cause : undefined;
    if (!(cause instanceof wf.ApplicationFailure && REFUSALS.includes(cause.type as never))) throw failure;
    wf.log.warn('the organization refused the change', { orgId, reason: cause.message });
  }
}

/** A new default, or a removed default's fallback to prepaid (`replacing` the removed one). */
export async function chooseDefault(orgId: string, change: PaymentMethodChanged): Promise<void> {
  if (wf.patched(CHANGES_THROUGH_THE_OWNER)) return tellOrganization(orgId, { defaultMethod: change });
  const { replacing, ...chosen } = change;
  await durable.recordDefaultPaymentMethod({ orgId, change: chosen, ...(replacing ? { replacing } : {}) });
  await tellBilling(orgId, paymentMethodChangedSignal, chosen);
}
