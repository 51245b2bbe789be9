/**
 * Collecting a closed cycle's bill with the organization's default method: the prepaid balance (a ledger
 * debit), PayPal (an order against the vaulted billing agreement) or a card (an off-session PaymentIntent).
 *
 * Exactly once:
 *  - Each attempt has a number, and its provider key is "cycle:<org>:<cycle>:<n>" (Stripe Idempotency-Key,
 *    PayPal-Request-Id; the prepaid debit's ledger key is per cycle). Temporal retries an attempt's activity
 *    with the same number, so a retry after a lost answer gets the provider's first answer back.
 *  - Providers forget keys (Stripe after 24 hours) while dunning spans days, so before every attempt the
 *    cycle's earlier payments are looked up at the provider: the card's PaymentIntents by the metadata we
 *    put on them, PayPal orders by the ids we stored. One that succeeded settles the cycle; card
 *    PaymentIntents that could still succeed are cancelled before a new one is created.
 * The cycle document (single writer: this organization's workflow) records every attempt and the outcome.
 */
import { OrdersController } from '@paypal/paypal-server-sdk';
import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import { FailureType } from '../domain/errors';
import type { Currency } from '../domain/money';
import { ProviderFailure, STRIPE_MINIMUM_CHARGE_MINOR } from '../domain/payment-methods';
import type { CollectionOutcome } from '../workflows/definitions';
import type { BillingCycleRecord, CollectionAttempt } from '../models/billing-cycle';
import type { ActivityContext } from './context';
import { paymentEvent } from './event-payloads';
import type { OrgDoc } from './organization';
import { PAYPAL_REQUEST_ID_RETENTION_MS, paypalFailure, type PayPalCapture, type PayPalChargeRequest } from './paypal';
import { stripeFailure, type OffSessionPayment, type OffSessionPaymentRequest } from './stripe';

type Method = 'prepaid' | 'paypal' | 'card';

/** What a paying attempt writes on its cycle (with the invoice link, in one update). */
export interface PaidFields {
  state: 'paid';
  paidAt: Date;
  paidWith: Method | 'none';
  attempts: CollectionAttempt[];
}

export interface CollectionResult {
  outcome: CollectionOutcome;
  method: Method | 'none';
  /** Ledger key, PaymentIntent id or PayPal order id. */
  reference?: string;
  /** Prepaid: the balance when it fell short. */
  balanceMinor?: number;
  error?: { code: string; message: string; declineCode?: string };
}

interface Providers {
  createOffSessionPayment(input: OffSessionPaymentRequest): Promise<OffSessionPayment>;
  capturePayPalPayment(input: PayPalChargeRequest & { invoiceNumber?: string }): Promise<PayPalCapture>;
}

/** The provider's error details, as activities/stripe.ts and activities/paypal.ts put them on failures. */
function failureDetails(error: ApplicationFailure): { code: string; message: string; declineCode?: string; paymentIntentId?: string } {
  const details = (error.details?.[0] ?? {}) as { code?: string; message?: string; declineCode?: string; paymentIntentId?: string };
  return {
    code: details.code ?? error.type ?? 'error',
    message: details.message ?? error.message,
    ...(details.declineCode ? { declineCode: details.declineCode } : {}),
    ...(details.paymentIntentId ? { paymentIntentId: details.paymentIntentId } : {}),
  };
}

const OPEN_INTENT_STATES = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture']);

export function createCycleCollectionActivities({ models, ledger, stripe, paypal, recordEvent }: ActivityContext, providers: Providers) {
  const orders = new OrdersController(paypal);

  /** Every PaymentIntent we created for this cycle, from Stripe (list by customer is read-after-write consistent; search is not). */
  async function cycleIntents(customerId: string, orgId: string, cycleId: string, since: Date): Promise<Stripe.PaymentIntent[]> {
    const found: Stripe.PaymentIntent[] = [];
    const created = { gte: Math.floor(since.getTime() / 1000) - 24 * 60 * 60 };
    try {
      for await (const intent of stripe.paymentIntents.list({ customer: customerId, created, limit: 100 })) {
        if (intent.metadata?.orgId === orgId && intent.metadata?.cycleId === cycleId) found.push(intent);
      }
    } catch (error) {
      throw stripeFailure('list payment intents', error);
    }
    return found;
  }

  /** A stored PayPal order, re-read: COMPLETED / PENDING capture, or neither. */
  async function paypalOrderStatus(orderId: string): Promise<{ status?: string; captureId?: string }> {
    let result: Awaited<ReturnType<typeof orders.getOrder>>['result'];
    try {
      ({ result } = await orders.getOrder({ id: orderId }));
    } catch (error) {
      throw paypalFailure('look up order', error);
    }
    const capture = result.purchaseUnits?.[0]?.payments?.captures?.[0];
    return { status: capture?.status ? String(capture.status) : undefined, captureId: capture?.id };
  }

  /**
   * What the providers say of a cycle's earlier attempts: a payment that succeeded (it settles the cycle),
   * one still processing, or a card PaymentIntent the customer may still authenticate (when `keepOpen` says
   * so). Every other card PaymentIntent that could still succeed is cancelled, so no later one charges twice.
   */
  async function earlierPayments(
    doc: BillingCycleRecord,
    org: OrgDoc,
    keepOpen: (intent: Stripe.PaymentIntent) => boolean,
  ): Promise<{
    succeeded?: { method: Method; reference: string; captureRef?: string; n?: number };
    pending?: { method: Method; reference: string };
    awaitingAuthentication?: string;
  }> {
    const attempts = doc.attempts ?? [];
    const attemptOf = (reference: string) => attempts.find((a) => a.providerRef === reference)?.n;
    let awaitingAuthentication: string | undefined;
    if (attempts.some((a) => a.method === 'card')) {
      // The organization's customer, and those of every card an earlier attempt charged (a card saved under another customer).
      const saved = org.defaultPaymentMethodId ? await models.PaymentMethod.findById(org.defaultPaymentMethodId, { card: 1 }).lean() : null;
      const earlierMethods = await Promise.all(
        [...new Set(attempts.filter((a) => a.method === 'card' && a.methodId).map((a) => a.methodId!))].map((id) =>
          models.PaymentMethod.findById(id, { card: 1 }).lean(),
        ),
      );
      const customers = new Set<string>(
        [org.stripeCustomerId, saved?.card?.stripeCustomerId, ...earlierMethods.map((m) => m?.card?.stripeCustomerId)].filter(
          (c): c is string => Boolean(c),
        ),
      );
      for (const customerId of customers) {
        const intents = await cycleIntents(customerId, org._id, doc.cycleId, doc.closedAt ?? doc.endsAt);
        const succeeded = intents.find((pi) => pi.status === 'succeeded' && !doc.chargedBack?.includes(pi.id));
        if (succeeded) return { succeeded: { method: 'card', reference: succeeded.id, n: attemptOf(succeeded.id) } };
        const processing = intents.find((pi) => pi.status === 'processing');
        if (processing) return { pending: { method: 'card', reference: processing.id } };
        for (const intent of intents.filter((pi) => OPEN_INTENT_STATES.has(pi.status))) {
          if (keepOpen(intent)) {
            awaitingAuthentication = intent.id;
            continue;
          }
          await stripe.paymentIntents.cancel(intent.id, {}, { idempotencyKey: `cancel:${intent.id}` }).catch((error: unknown) => {
            throw stripeFailure('cancel payment intent', error);
          });
        }
      }
    }
    for (const attempt of attempts.filter((a) => a.method === 'paypal' && a.providerRef)) {
      const { status, captureId } = await paypalOrderStatus(attempt.providerRef!);
      if (captureId && doc.chargedBack?.includes(captureId)) continue;
      if (status === 'COMPLETED')
        return { succeeded: { method: 'paypal', reference: attempt.providerRef!, captureRef: captureId, n: attempt.n } };
      if (status === 'PENDING') return { pending: { method: 'paypal', reference: attempt.providerRef! } };
    }
    return awaitingAuthentication ? { awaitingAuthentication } : {};
  }

  /**
   * One attempt on a cycle already read (with its organization). A payment is not written here: its fields
   * come back for the caller (activities/charge-cycle.ts) to write with the invoice, in one update; a crash
   * in between is safe, since a retry finds the payment again (the ledger key, the provider lookup).
   */
  async function collect(
    doc: BillingCycleRecord,
    org: OrgDoc,
    attempt: number,
    atIso: string,
  ): Promise<{
    result: CollectionResult;
    paid?: PaidFields;
  }> {
    const _id = doc._id;
    const input = { cycleId: doc.cycleId, attempt };
    const attemptsSoFar = doc.attempts ?? [];
    if (doc.state === 'paid')
      return {
        result: {
          outcome: 'paid',
          method: (doc.paidWith ?? 'none') as Method | 'none',
          reference: attemptsSoFar.find((a) => a.outcome === 'paid')?.providerRef ?? undefined,
        },
      };
    if (doc.state !== 'due') throw ApplicationFailure.nonRetryable(`billing cycle ${_id} is ${doc.state}, not due`, FailureType.Conflict);
    /** The attempts as stored, kept in step with every write below (this workflow is the cycle's only writer). */
    let stored: CollectionAttempt[] = attemptsSoFar;
    const amountMinor = doc.totalMinor ?? 0;
    const currency = org.currency;
    const at = new Date(atIso);

    type Answer = Awaited<ReturnType<typeof collect>>;
    function paid(method: Method | 'none', attempts: CollectionAttempt[], reference?: string): Answer {
      return { result: { outcome: 'paid', method, reference }, paid: { state: 'paid', paidAt: at, paidWith: method, attempts } };
    }
    async function settle(method: Method | 'none', reference?: string, captureRef?: string, n = input.attempt): Promise<Answer> {
      const attempts = attemptsSoFar.map((a) =>
        a.n === n
          ? { ...a, outcome: 'paid' as const, ...(reference ? { providerRef: reference } : {}), ...(captureRef ? { captureRef } : {}) }
          : a,
      );
      await recordEvent(paymentEvent(org._id, doc.cycleId, attempt, { amountMinor, currency }, { outcome: 'paid', method, reference }));
      return paid(method, attempts, reference);
    }
    async function record(result: CollectionResult & { captureRef?: string }): Promise<Answer> {
      const outcome = {
        outcome: result.outcome,
        ...(result.reference ? { providerRef: result.reference } : {}),
        ...(result.captureRef ? { captureRef: result.captureRef } : {}),
        ...(result.error ? { error: result.error } : {}),
      };
      const attempts = stored.some((a) => a.n === input.attempt)
        ? stored.map((a) => (a.n === input.attempt ? { ...a, ...outcome } : a))
        : [...stored, { ...started, ...outcome }];
      const { captureRef: _captureRef, ...answer } = result;
      await recordEvent(paymentEvent(org._id, doc.cycleId, attempt, { amountMinor, currency }, result));
      if (result.outcome === 'paid') return paid(result.method, attempts, result.reference);
      await models.BillingCycle.updateOne({ _id }, { $set: { attempts, unpaidReason: result.outcome } });
      return { result: answer };
    }

    if (amountMinor === 0) return settle('none');

    // ---- earlier attempts, looked up at their providers ----
    const method = org.defaultPaymentMethod as Method;
    const saved = org.defaultPaymentMethodId ? await models.PaymentMethod.findById(org.defaultPaymentMethodId).lean() : null;
    const earlier = await earlierPayments(doc, org, (intent) => {
      // The customer may still confirm this one: a second PaymentIntent could charge them twice.
      const pmId = typeof intent.payment_method === 'string' ? intent.payment_method : intent.payment_method?.id;
      const stillTheCard = method === 'card' && saved?.status === 'active' && saved.card?.paymentMethodId === pmId;
      return stillTheCard && intent.last_payment_error?.code === 'authentication_required';
    });
    if (earlier.succeeded) {
      const { method: paidWith, reference, captureRef, n } = earlier.succeeded;
      return settle(paidWith, reference, captureRef, n ?? input.attempt);
    }
    if (earlier.pending) return { result: { outcome: 'pending', ...earlier.pending } };
    const awaitingAuthentication = earlier.awaitingAuthentication;

    // ---- this attempt ----
    const requestKey = method === 'prepaid' ? `cycle:${org._id}:${input.cycleId}` : `cycle:${org._id}:${input.cycleId}:${input.attempt}`;
    const methodId = method === 'prepaid' ? undefined : (org.defaultPaymentMethodId ?? undefined);
    const started: CollectionAttempt = { n: input.attempt, method, ...(methodId ? { methodId } : {}), startedAt: at, requestKey };
    // A provider attempt is on record before the request goes out, so a retry after a crash knows to look
    // the payment up. A prepaid debit needs no such note: its ledger key is the cycle's, posted at most once.
    if (method !== 'prepaid' && !stored.some((a) => a.n === input.attempt)) {
      stored = [...stored, started];
      await models.BillingCycle.updateOne({ _id }, { $set: { attempts: stored } });
    }
    if (awaitingAuthentication) return record({ outcome: 'authentication_required', method: 'card', reference: awaitingAuthentication });

    if (method === 'prepaid') {
      try {
        await ledger.post(
          {
            key: requestKey,
            orgId: org._id,
            kind: 'cycle_charge',
            amountMinor: -amountMinor,
            currency,
            description: `Billing cycle ${input.cycleId}`,
            at,
          },
          { requireFunds: true, orgCurrency: org.currency },
        );
        return record({ outcome: 'paid', method, reference: requestKey });
      } catch (error) {
        if (!(error instanceof ApplicationFailure) || error.type !== 'InsufficientFunds') throw error;
        const { balanceMinor } = (error.details?.[0] ?? {}) as { balanceMinor?: number };
        return record({
          outcome: 'insufficient_funds',
          method,
          balanceMinor,
          error: { code: 'insufficient_funds', message: 'the prepaid balance does not cover the amount due' },
        });
      }
    }

    const usable = saved && saved.status === 'active' && saved.orgId === org._id && saved.kind === method;
    if (!usable)
      return record({
        outcome: 'no_payment_method',
        method,
        error: { code: 'no_payment_method', message: `no active ${method} method is set as the default` },
      });

    const reconcile = (code: string, message: string, reference?: string) =>
      record({ outcome: 'pending', method, reference, error: { code, message } });
    try {
      if (method === 'card') {
        const minimum = STRIPE_MINIMUM_CHARGE_MINOR[currency as Currency] ?? 0;
        // Not the customer's decline: no card can pay it, so the debt waits (no notice, no suspension).
        if (amountMinor < minimum)
          return record({
            outcome: 'pending',
            method,
            error: { code: 'amount_below_minimum', message: `${amountMinor} is below Stripe's minimum charge of ${minimum} ${currency}` },
          });
        const payment = await providers.createOffSessionPayment({
          orgId: org._id,
          cycleId: input.cycleId,
          customerId: saved.card!.stripeCustomerId,
          paymentMethodId: saved.card!.paymentMethodId,
          amountMinor,
          currency,
          idempotencyKey: requestKey,
          description: `Billing cycle ${input.cycleId}`,
        });
        if (payment.status === 'succeeded' && payment.amountMinor !== amountMinor)
          return reconcile(
            'amount_mismatch',
            `Stripe charged ${payment.amountMinor} for a bill of ${amountMinor}`,
            payment.paymentIntentId,
          );
        if (payment.status === 'succeeded')
          return record({ outcome: 'paid', method, reference: payment.paymentIntentId, captureRef: payment.chargeId });
        if (payment.status === 'processing') return record({ outcome: 'pending', method, reference: payment.paymentIntentId });
        if (payment.status === 'requires_action')
          return record({ outcome: 'authentication_required', method, reference: payment.paymentIntentId });
        // Card errors throw (activities/stripe.ts), so any other status is unexpected: not paid, retried by dunning.
        return record({
          outcome: 'declined',
          method,
          reference: payment.paymentIntentId,
          error: { code: `unexpected_status_${payment.status}`, message: `the PaymentIntent is ${payment.status}` },
        });
      }
      // An attempt whose order id never reached us (a crash after PayPal answered) is retried with its own
      // request id while PayPal still remembers it, so PayPal answers that order instead of making another;
      // past that, only a human can tell whether it was paid.
      const unknownOrder = stored.find((a) => a.method === 'paypal' && !a.providerRef && !a.outcome);
      if (unknownOrder && at.getTime() - new Date(unknownOrder.startedAt).getTime() > PAYPAL_REQUEST_ID_RETENTION_MS)
        return reconcile(
          'needs_reconciliation',
          `PayPal attempt ${unknownOrder.n} (${unknownOrder.requestKey}) has no order on record and PayPal no longer knows its request id`,
        );
      const capture = await providers.capturePayPalPayment({
        orgId: org._id,
        cycleId: input.cycleId,
        paymentTokenId: saved.paypal!.paymentTokenId,
        amountMinor,
        currency,
        requestId: unknownOrder?.requestKey ?? requestKey,
      });
      if (capture.amountMinor !== amountMinor)
        return reconcile('amount_mismatch', `PayPal captured ${capture.amountMinor} for a bill of ${amountMinor}`, capture.orderId);
      if (capture.status === 'COMPLETED')
        return record({ outcome: 'paid', method, reference: capture.orderId, captureRef: capture.captureId });
      return record({ outcome: 'pending', method, reference: capture.orderId, captureRef: capture.captureId });
    } catch (error) {
      // Declines and refusals are this attempt's answer (dunning decides what next); anything else is retried.
      if (!(error instanceof ApplicationFailure)) throw error;
      const details = failureDetails(error);
      const { paymentIntentId, ...providerError } = details;
      if (error.type === ProviderFailure.AuthenticationRequired)
        return record({ outcome: 'authentication_required', method, reference: paymentIntentId, error: providerError });
      if (error.type === ProviderFailure.NeedsReconciliation) return reconcile('needs_reconciliation', providerError.message);
      if (error.type === ProviderFailure.BelowMinimum)
        return record({
          outcome: 'pending',
          method,
          reference: paymentIntentId,
          error: { ...providerError, code: 'amount_below_minimum' },
        });
      if (error.type === ProviderFailure.PaymentDeclined || error.type === ProviderFailure.Rejected)
        return record({ outcome: 'declined', method, reference: paymentIntentId, error: providerError });
      throw error;
    }
  }

  return { collect, earlierPayments };
}
