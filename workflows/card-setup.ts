import { condition, patched, setHandler } from '@temporalio/workflow';
import { Refusal } from '../domain/errors';
import type { CardSetupState } from '../domain/payment-methods';
import type { CardSetupOutcome } from '../activities/stripe';
import {
  cancelCardSetupUpdate,
  cardSetupEventSignal,
  cardSetupStartedUpdate,
  cardSetupStatusQuery,
  confirmCardSetupUpdate,
  type CardSetupEvent,
  type CardSetupInput,
  type CardSetupStatus,
  type ProviderErrorInfo,
} from './definitions';
import { failureInfo } from './failures';
import { CHANGES_THROUGH_THE_OWNER, durable, SetupAttempt, starting, tellOrganization } from './setup-attempt';

/** The organization's Stripe customer; one this set-up creates is recorded by the organization's owner. */
async function stripeCustomer(orgId: string, idempotencyKey: string): Promise<string> {
  if (!patched(CHANGES_THROUGH_THE_OWNER)) return starting.ensureStripeCustomer({ orgId, idempotencyKey });
  const { customerId, created } = await starting.findOrCreateStripeCustomer({ orgId, idempotencyKey });
  if (created) await tellOrganization(orgId, { stripeCustomerId: customerId });
  return customerId;
}

/**
 * One attempt at saving a card with Stripe: create (or reuse) the organization's customer and a SetupIntent
 * for off-session use, hand its client secret to the API, then learn the result from Stripe's webhook or the
 * portal's confirm call, whichever comes first. Each is checked against the SetupIntent itself; a declined
 * card leaves the attempt open for another card. Success saves brand, last 4 and expiry; cancel and the
 * timeout cancel the SetupIntent so its client secret is spent.
 */
export async function cardSetupWorkflow(input: CardSetupInput): Promise<CardSetupStatus> {
  const attempt = new SetupAttempt<CardSetupState>(input.orgId, 'awaiting_confirmation', 'card set-up');
  let setup: { setupIntentId: string; clientSecret: string } | undefined;
  let lastSetupError: ProviderErrorInfo | undefined;
  const failuresSeen = new Set<string>();
  const inbox: CardSetupEvent[] = [];
  // Confirm calls wait until the workflow has handled everything up to their own event.
  let received = 0;
  let handled = 0;

  const status = (): CardSetupStatus => ({
    ...attempt.common(),
    ...(setup ? { setupIntentId: setup.setupIntentId } : {}),
    ...(setup && attempt.awaiting ? { clientSecret: setup.clientSecret } : {}),
    ...(lastSetupError ? { lastSetupError } : {}),
    failedAttempts: failuresSeen.size,
  });
  const enqueue = (event: CardSetupEvent) => {
    inbox.push(event);
    received += 1;
    return received;
  };

  setHandler(cardSetupStatusQuery, status);
  setHandler(cardSetupEventSignal, (event) => void enqueue(event));
  setHandler(
    confirmCardSetupUpdate,
    async ({ setupIntentId }) => {
      if (attempt.awaiting) {
        const ticket = enqueue({ setupIntentId, source: 'confirm' });
        await condition(() => handled >= ticket || !attempt.awaiting);
      }
      // A webhook may be saving the card right now: answer with the saved card, not "saving".
      await condition(() => attempt.state !== 'saving');
      return status();
    },
    {
      validator: ({ setupIntentId }) => {
        if (attempt.state === 'creating') throw Refusal.conflict('the card set-up is still being created');
        if (!setup || setupIntentId !== setup.setupIntentId) {
          throw Refusal.notFound(`SetupIntent ${setupIntentId} is not this card set-up's`);
        }
      },
    },
  );
  attempt.handle(status, { started: cardSetupStartedUpdate, cancel: cancelCardSetupUpdate });

  const created = await attempt.create(async () => {
    const customerId = await stripeCustomer(input.orgId, attempt.stepKey('customer'));
    setup = await starting.createCardSetupIntent({
      orgId: input.orgId,
      customerId,
      workflowId: attempt.workflowId,
      idempotencyKey: attempt.stepKey('setup-intent'),
    });
  }, input.setupTimeout);
  if (!created || !setup) return attempt.finish(status);
  const { setupIntentId } = setup;

  async function apply(outcome: CardSetupOutcome): Promise<void> {
    if (outcome.status === 'succeeded') {
      attempt.setState('saving');
      const method = await durable.saveCardMethod({
        orgId: input.orgId,
        card: outcome.card,
        setupIntentId,
        workflowId: attempt.workflowId,
      });
      await attempt.saved(method, 'card', input.makeDefault);
    } else if (outcome.status === 'failed') {
      lastSetupError = outcome.error;
      failuresSeen.add(outcome.failureKey);
    } else if (outcome.status === 'canceled') {
      // Cancelled at Stripe (the Dashboard, or our own cancel after the timeout).
      attempt.setState(attempt.cancellation ? 'cancelled' : 'expired');
    }
  }

  try {
    while (attempt.awaiting) {
      await attempt.waitFor(() => inbox.length > 0);
      if (inbox.length > 0) {
        const event = inbox.shift()!;
        if (event.setupIntentId === setupIntentId) {
          await apply(await durable.getCardSetupOutcome({ orgId: input.orgId, setupIntentId }));
        }
        handled += 1;
      } else if (attempt.cancellation || attempt.expired) {
        const cancelled = attempt.cancellation !== undefined;
        // The customer may have confirmed just now: a SetupIntent that succeeded is saved, not cancelled.
        const outcome = await durable.closeCardSetupIntent({
          orgId: input.orgId,
          setupIntentId,
          reason: cancelled ? 'requested_by_customer' : 'abandoned',
          idempotencyKey: attempt.stepKey('cancel'),
        });
        await apply(outcome);
        if (attempt.awaiting) attempt.setState(cancelled ? 'cancelled' : 'expired');
      }
    }
  } catch (failure) {
    attempt.error = failureInfo(failure);
    attempt.setState('failed');
  }

  return attempt.finish(status);
}
