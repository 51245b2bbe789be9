/**
 * Stripe through the real SDK: the organization's customer, a SetupIntent for off-session card use (the
 * portal confirms it with Stripe.js, so card numbers never reach us), reading the outcome back, and the
 * off-session PaymentIntent the billing cycle charges. Every POST carries an idempotency key derived from
 * the calling workflow: Stripe answers a retry with the first result (keys live 24 hours, 255 characters).
 *
 * Amounts: Stripe takes integers in the currency's smallest unit, which for every currency we bill in
 * (domain/money.ts; JPY is zero-decimal on both sides) is exactly our `amountMinor`.
 */
import { ApplicationFailure } from '@temporalio/common';
import { ProviderFailure, Refusal } from '../domain/errors';
import Stripe from 'stripe';
import { assertMinorUnits, isCurrency, type Currency } from '../domain/money';
import { cardMethodId } from '../models/payment-method';
import type { ProviderErrorInfo, SavedPaymentMethod } from '../workflows/definitions';
import type { ActivityContext } from './context';
import { toSavedMethod } from './payment-methods';

export interface CardDetails {
  stripeCustomerId: string;
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  funding?: string;
  country?: string;
}

export type CardSetupOutcome =
  | { status: 'succeeded'; card: CardDetails }
  /** The last confirmation failed (Stripe put the SetupIntent back to requires_payment_method). */
  | { status: 'failed'; error: ProviderErrorInfo; failureKey: string }
  | { status: 'pending'; stripeStatus: string }
  | { status: 'canceled' };

/** A billing cycle's charge of a saved card, the customer absent. */
export interface OffSessionPaymentRequest {
  orgId: string;
  cycleId: string;
  customerId: string;
  paymentMethodId: string;
  amountMinor: number;
  currency: Currency;
  idempotencyKey: string;
  description?: string;
}

export interface OffSessionPayment {
  paymentIntentId: string;
  /** `succeeded`, or `processing` (the result comes by webhook). Card errors throw instead. */
  status: string;
  amountMinor: number;
  currency: Currency;
  chargeId?: string;
}

/**
 * Stripe's answer as an activity error: card declines and authentication requests are final for this
 * attempt (the cycle decides what next), other 4xx are our mistake or a config problem, and 409/429/5xx or a
 * dropped connection are retried (with the same idempotency key) unless Stripe says `Stripe-Should-Retry:
 * false`. Stripe's messages never contain the secret key (it shows only its last digits).
 */
export function stripeFailure(what: string, error: unknown): Error {
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new Error(`Stripe ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const message = `Stripe ${what}: ${error.type}${error.code ? ` ${error.code}` : ''}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ''}`;
  const details: ProviderErrorInfo & { paymentIntentId?: string; status?: number } = {
    code: error.code ?? error.type,
    message: error.message,
    ...(error.decline_code ? { declineCode: error.decline_code } : {}),
    ...(error.payment_intent?.id ? { paymentIntentId: error.payment_intent.id } : {}),
    ...(error.statusCode ? { status: error.statusCode } : {}),
  };
  if (error.code === 'amount_too_small') return ApplicationFailure.nonRetryable(message, ProviderFailure.BelowMinimum, details);
  if (error instanceof Stripe.errors.StripeCardError) {
    const type = error.code === 'authentication_required' ? ProviderFailure.AuthenticationRequired : ProviderFailure.PaymentDeclined;
    return ApplicationFailure.nonRetryable(message, type, details);
  }
  const shouldRetry = error.headers?.['stripe-should-retry'];
  const status = error.statusCode ?? 0;
  const transient =
    error instanceof Stripe.errors.StripeConnectionError || status === 0 || status === 409 || status === 429 || status >= 500;
  if (shouldRetry === 'true' || (transient && shouldRetry !== 'false')) return new Error(message);
  return ApplicationFailure.nonRetryable(message, ProviderFailure.Rejected, details);
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw stripeFailure(what, error);
  }
}

/**
 * Cards (and any other method that needs no redirect), chosen in the Dashboard's payment method settings.
 * Not `payment_method_types: ['card']`: that parameter is gone from the API version this SDK pins
 * (replaced by `allowed_payment_method_types`), and stripe-mock's spec does not know the new one yet; this
 * form is valid in both. `allow_redirects: never` is also what lets an off-session confirm go without a
 * return_url.
 */
const NO_REDIRECT_METHODS = { enabled: true, allow_redirects: 'never' } as const;

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : value?.id);

export function createStripeActivities({ models, stripe }: ActivityContext) {
  /**
   * The organization's Stripe customer, reused by every later set-up and charge, or a new one (`created`),
   * which the card set-up has the organization's owner record: no activity but the billing workflow's writes it.
   */
  async function findOrCreateStripeCustomer(input: {
    orgId: string;
    idempotencyKey: string;
  }): Promise<{ customerId: string; created: boolean }> {
    const org = await models.Organization.findById(input.orgId, { name: 1, billingEmail: 1, stripeCustomerId: 1 }).lean();
    if (!org) throw Refusal.notFound(`organization ${input.orgId} not found`);
    if (org.stripeCustomerId) return { customerId: org.stripeCustomerId, created: false };
    const customer = await call('create customer', () =>
      stripe.customers.create(
        { name: org.name, email: org.billingEmail, metadata: { orgId: org._id } },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { customerId: customer.id, created: true };
  }

  /** Card set-ups started before findOrCreateStripeCustomer schedule this; their new customer is not kept. */
  async function ensureStripeCustomer(input: { orgId: string; idempotencyKey: string }): Promise<string> {
    return (await findOrCreateStripeCustomer(input)).customerId;
  }

  /** A SetupIntent for saving a card for off-session charges; its client secret goes to Stripe.js. */
  async function createCardSetupIntent(input: {
    orgId: string;
    customerId: string;
    workflowId: string;
    idempotencyKey: string;
  }): Promise<{ setupIntentId: string; clientSecret: string }> {
    const intent = await call('create SetupIntent', () =>
      stripe.setupIntents.create(
        {
          customer: input.customerId,
          usage: 'off_session',
          automatic_payment_methods: NO_REDIRECT_METHODS,
          metadata: { orgId: input.orgId, workflowId: input.workflowId },
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    if (!intent.client_secret)
      throw ApplicationFailure.nonRetryable(`SetupIntent ${intent.id} came back without a client secret`, ProviderFailure.Rejected);
    return { setupIntentId: intent.id, clientSecret: intent.client_secret };
  }

  /** Brand, last 4 and expiry of a card payment method: everything we keep, nothing that identifies the card. */
  async function describeCardPaymentMethod(input: {
    paymentMethodId: string;
  }): Promise<Omit<CardDetails, 'stripeCustomerId'> & { customerId?: string }> {
    const method = await call('retrieve PaymentMethod', () => stripe.paymentMethods.retrieve(input.paymentMethodId));
    if (method.type !== 'card' || !method.card) {
      throw ApplicationFailure.nonRetryable(`payment method ${method.id} is ${method.type}, not a card`, ProviderFailure.Rejected);
    }
    return {
      paymentMethodId: method.id,
      customerId: idOf(method.customer),
      brand: method.card.brand,
      last4: method.card.last4,
      expMonth: method.card.exp_month,
      expYear: method.card.exp_year,
      ...(method.card.funding ? { funding: method.card.funding } : {}),
      ...(method.card.country ? { country: method.card.country } : {}),
    };
  }

  /**
   * Where the SetupIntent stands, read from Stripe rather than taken from the webhook or the portal, so a
   * forged confirm call or a stale event cannot save a card. The SetupIntent must be this organization's.
   */
  async function getCardSetupOutcome(input: { orgId: string; setupIntentId: string }): Promise<CardSetupOutcome> {
    const intent = await call('retrieve SetupIntent', () => stripe.setupIntents.retrieve(input.setupIntentId));
    if (intent.metadata?.orgId !== input.orgId) {
      throw ApplicationFailure.nonRetryable(
        `SetupIntent ${intent.id} does not belong to organization ${input.orgId}`,
        ProviderFailure.Rejected,
      );
    }
    if (intent.status === 'succeeded') {
      const paymentMethodId = idOf(intent.payment_method);
      const customerId = idOf(intent.customer);
      if (!paymentMethodId || !customerId) {
        throw ApplicationFailure.nonRetryable(
          `SetupIntent ${intent.id} succeeded without a payment method or customer`,
          ProviderFailure.Rejected,
        );
      }
      const { customerId: _attachedTo, ...card } = await describeCardPaymentMethod({ paymentMethodId });
      return { status: 'succeeded', card: { ...card, stripeCustomerId: customerId } };
    }
    if (intent.status === 'canceled') return { status: 'canceled' };
    const failure = intent.last_setup_error;
    if (intent.status === 'requires_payment_method' && failure) {
      return {
        status: 'failed',
        error: {
          code: failure.code ?? failure.type,
          message: failure.message ?? 'the card could not be set up',
          ...(failure.decline_code ? { declineCode: failure.decline_code } : {}),
        },
        failureKey: `${idOf(failure.payment_method) ?? ''}:${failure.code ?? failure.type}`,
      };
    }
    return { status: 'pending', stripeStatus: intent.status };
  }

  /**
   * Ends a set-up that timed out or was cancelled, so its client secret can no longer save a card. If the
   * customer confirmed in the meantime, the SetupIntent is left alone and its success is returned instead.
   */
  async function closeCardSetupIntent(input: {
    orgId: string;
    setupIntentId: string;
    reason: 'abandoned' | 'requested_by_customer';
    idempotencyKey: string;
  }): Promise<CardSetupOutcome> {
    const outcome = await getCardSetupOutcome(input);
    if (outcome.status === 'succeeded' || outcome.status === 'canceled') return outcome;
    await call('cancel SetupIntent', () =>
      stripe.setupIntents.cancel(input.setupIntentId, { cancellation_reason: input.reason }, { idempotencyKey: input.idempotencyKey }),
    );
    return { status: 'canceled' };
  }

  /** Stores the card as the organization's method (once per Stripe payment method). */
  async function saveCardMethod(input: {
    orgId: string;
    card: CardDetails;
    setupIntentId: string;
    workflowId: string;
  }): Promise<SavedPaymentMethod> {
    const _id = cardMethodId(input.card.paymentMethodId);
    const { stripeCustomerId, paymentMethodId, brand, last4, expMonth, expYear, funding, country } = input.card;
    await models.PaymentMethod.updateOne(
      { _id },
      {
        $setOnInsert: {
          orgId: input.orgId,
          kind: 'card',
          status: 'active',
          workflowId: input.workflowId,
          card: {
            stripeCustomerId,
            paymentMethodId,
            setupIntentId: input.setupIntentId,
            brand,
            last4,
            expMonth,
            expYear,
            funding,
            country,
          },
        },
      },
      { upsert: true },
    );
    return toSavedMethod(models, _id);
  }

  /**
   * Charges a saved card with the customer absent (the billing cycle): one PaymentIntent created
   * and confirmed off-session. A decline throws PaymentDeclined and a 3-D Secure request throws
   * AuthenticationRequired, both with Stripe's code and the PaymentIntent id in the failure's details.
   */
  async function createOffSessionPayment(input: OffSessionPaymentRequest): Promise<OffSessionPayment> {
    assertMinorUnits(input.amountMinor);
    if (input.amountMinor <= 0) throw Refusal.invalidInput(`a charge must be positive, got ${input.amountMinor}`);
    const intent = await call('charge', () =>
      stripe.paymentIntents.create(
        {
          amount: input.amountMinor,
          currency: input.currency.toLowerCase(),
          customer: input.customerId,
          payment_method: input.paymentMethodId,
          automatic_payment_methods: NO_REDIRECT_METHODS,
          off_session: true,
          confirm: true,
          ...(input.description ? { description: input.description } : {}),
          metadata: { orgId: input.orgId, cycleId: input.cycleId },
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    const currency = intent.currency.toUpperCase();
    if (!isCurrency(currency))
      throw ApplicationFailure.nonRetryable(`Stripe answered in unsupported currency ${intent.currency}`, ProviderFailure.Rejected);
    return {
      paymentIntentId: intent.id,
      status: intent.status,
      amountMinor: intent.amount,
      currency,
      ...(idOf(intent.latest_charge) ? { chargeId: idOf(intent.latest_charge) } : {}),
    };
  }

  /** Detaches a removed card from the Stripe customer; one already detached or gone counts as done. */
  async function detachCardPaymentMethod(input: { paymentMethodId: string }): Promise<void> {
    try {
      await stripe.paymentMethods.detach(input.paymentMethodId);
    } catch (error) {
      const code = error instanceof Stripe.errors.StripeError ? error.code : undefined;
      if (code === 'resource_missing' || code === 'payment_method_unexpected_state') return;
      throw stripeFailure('detach PaymentMethod', error);
    }
  }

  return {
    findOrCreateStripeCustomer,
    ensureStripeCustomer,
    createCardSetupIntent,
    describeCardPaymentMethod,
    getCardSetupOutcome,
    closeCardSetupIntent,
    saveCardMethod,
    createOffSessionPayment,
    detachCardPaymentMethod,
  };
}
