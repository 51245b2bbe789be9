import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import { NON_RETRYABLE_PROVIDER_FAILURES, type CardSetupState } from '../domain/payment-methods';
import type { Activities } from '../activities';
import type { CardSetupOutcome } from '../activities/stripe';
import {
  cancelCardSetupUpdate,
  cardSetupEventSignal,
  cardSetupStartedUpdate,
  cardSetupStatusQuery,
  confirmCardSetupUpdate,
  searchAttributes,
  type CardSetupEvent,
  type CardSetupInput,
  type CardSetupStatus,
  type OperatorRequest,
  type ProviderErrorInfo,
  type SavedPaymentMethod,
} from './definitions';
import { failureInfo } from './failures';

const nonRetryableErrorTypes = ['NotFound', 'InvalidInput', 'Conflict', ...NON_RETRYABLE_PROVIDER_FAILURES];

/** Creating the customer and SetupIntent: the portal is waiting for the client secret, so a few tries only. */
const starting = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5, nonRetryableErrorTypes },
});
/** Once the customer may have confirmed, keep trying until Stripe answers: a saved card must not be lost. */
const durable = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});

/**
 * One attempt at saving a card with Stripe: create (or reuse) the organization's customer and a SetupIntent
 * for off-session use, hand its client secret to the API, then learn the result from Stripe's webhook or the
 * portal's confirm call, whichever comes first. Each is checked against the SetupIntent itself; a declined
 * card leaves the attempt open for another card. Success saves brand, last 4 and expiry; cancel and the
 * timeout cancel the SetupIntent so its client secret is spent.
 */
export async function cardSetupWorkflow(input: CardSetupInput): Promise<CardSetupStatus> {
  const { workflowId, runId } = workflowInfo();
  // Stripe idempotency keys per step: the run id, unique per attempt (a later attempt reuses the workflow id).
  const idempotencyKey = (step: string) => `${runId}:${step}`;

  let state = 'creating' as CardSetupState; // widened: handlers change it behind the compiler's back
  let setup: { setupIntentId: string; clientSecret: string } | undefined;
  let expiresAt: string | undefined;
  let method: SavedPaymentMethod | undefined;
  let lastSetupError: ProviderErrorInfo | undefined;
  let error: ProviderErrorInfo | undefined;
  let cancellation: OperatorRequest | undefined;
  const failuresSeen = new Set<string>();
  const inbox: CardSetupEvent[] = [];
  // Confirm calls wait until the workflow has handled everything up to their own event.
  let received = 0;
  let handled = 0;

  const status = (): CardSetupStatus => ({
    orgId: input.orgId,
    state,
    ...(setup ? { setupIntentId: setup.setupIntentId } : {}),
    ...(setup && state === 'awaiting_confirmation' ? { clientSecret: setup.clientSecret, expiresAt } : {}),
    ...(method ? { method } : {}),
    ...(lastSetupError ? { lastSetupError } : {}),
    failedAttempts: failuresSeen.size,
    ...(error ? { error } : {}),
  });
  const setState = (next: CardSetupState) => {
    state = next;
    upsertSearchAttributes([{ key: searchAttributes.state, value: state }]);
  };
  const enqueue = (event: CardSetupEvent) => {
    inbox.push(event);
    received += 1;
    return received;
  };

  setHandler(cardSetupStatusQuery, status);
  setHandler(cardSetupEventSignal, (event) => void enqueue(event));
  setHandler(cardSetupStartedUpdate, async () => {
    await condition(() => state !== 'creating');
    return status();
  });
  setHandler(
    confirmCardSetupUpdate,
    async ({ setupIntentId }) => {
      if (state === 'awaiting_confirmation') {
        const ticket = enqueue({ setupIntentId, source: 'confirm' });
        await condition(() => handled >= ticket || state !== 'awaiting_confirmation');
      }
      // A webhook may be saving the card right now: answer with the saved card, not "saving".
      await condition(() => state !== 'saving');
      return status();
    },
    {
      validator: ({ setupIntentId }) => {
        if (state === 'creating') throw ApplicationFailure.nonRetryable('the card set-up is still being created', 'Conflict');
        if (!setup || setupIntentId !== setup.setupIntentId) {
          throw ApplicationFailure.nonRetryable(`SetupIntent ${setupIntentId} is not this card set-up's`, 'NotFound');
        }
      },
    },
  );
  setHandler(
    cancelCardSetupUpdate,
    async (request) => {
      cancellation = request;
      await condition(() => state !== 'awaiting_confirmation');
      return status();
    },
    {
      validator: (request) => {
        if (!request.by?.trim() || !request.reason?.trim()) {
          throw ApplicationFailure.nonRetryable('a cancellation names who asks and why', 'InvalidInput');
        }
        if (state !== 'awaiting_confirmation' || cancellation) {
          throw ApplicationFailure.nonRetryable(
            `the card set-up is ${state.replace(/_/g, ' ')} and can no longer be cancelled`,
            'Conflict',
          );
        }
      },
    },
  );

  upsertSearchAttributes([
    { key: searchAttributes.orgId, value: input.orgId },
    { key: searchAttributes.state, value: state },
  ]);

  try {
    const customerId = await starting.ensureStripeCustomer({ orgId: input.orgId, idempotencyKey: idempotencyKey('customer') });
    setup = await starting.createCardSetupIntent({
      orgId: input.orgId,
      customerId,
      workflowId,
      idempotencyKey: idempotencyKey('setup-intent'),
    });
  } catch (failure) {
    error = failureInfo(failure);
    setState('failed');
    await condition(allHandlersFinished);
    return status();
  }
  const deadline = Date.now() + msToNumber(input.setupTimeout as never);
  expiresAt = new Date(deadline).toISOString();
  setState('awaiting_confirmation');

  async function apply(outcome: CardSetupOutcome): Promise<void> {
    if (outcome.status === 'succeeded') {
      setState('saving');
      method = await durable.saveCardMethod({
        orgId: input.orgId,
        card: outcome.card,
        setupIntentId: setup!.setupIntentId,
        makeDefault: input.makeDefault,
        workflowId,
      });
      setState('active');
      await durable.sendPaymentMethodAdded({ orgId: input.orgId, methodId: method.methodId });
    } else if (outcome.status === 'failed') {
      lastSetupError = outcome.error;
      failuresSeen.add(outcome.failureKey);
    } else if (outcome.status === 'canceled') {
      // Cancelled at Stripe (the Dashboard, or our own cancel after the timeout).
      setState(cancellation ? 'cancelled' : 'expired');
    }
  }

  try {
    while (state === 'awaiting_confirmation') {
      await condition(() => inbox.length > 0 || cancellation !== undefined, Math.max(deadline - Date.now(), 1));
      if (inbox.length > 0) {
        const event = inbox.shift()!;
        if (event.setupIntentId === setup.setupIntentId) {
          await apply(await durable.getCardSetupOutcome({ orgId: input.orgId, setupIntentId: setup.setupIntentId }));
        }
        handled += 1;
      } else if (cancellation || Date.now() >= deadline) {
        const reason = cancellation ? 'requested_by_customer' : 'abandoned';
        // The customer may have confirmed just now: a SetupIntent that succeeded is saved, not cancelled.
        const outcome = await durable.closeCardSetupIntent({
          orgId: input.orgId,
          setupIntentId: setup.setupIntentId,
          reason,
          idempotencyKey: idempotencyKey('cancel'),
        });
        await apply(outcome);
        if (state === 'awaiting_confirmation') setState(cancellation ? 'cancelled' : 'expired');
      }
    }
  } catch (failure) {
    error = failureInfo(failure);
    setState('failed');
  }

  await condition(allHandlersFinished);
  return status();
}
