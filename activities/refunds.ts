/**
 * Money back, one refund attempt at a time (models/refund.ts), for the refund workflow:
 *  - openRefund checks the request against the books and records the attempt `pending` (or refuses it);
 *  - executeRefund moves the money with the attempt's id as the idempotency key (Stripe Idempotency-Key,
 *    PayPal-Request-Id, ledger key), so a retried or re-run attempt refunds once, then records `succeeded`;
 *  - failRefund records the provider's refusal: the credit note stays issued, the attempt shows as failed.
 */
import { PaymentsController } from '@paypal/paypal-server-sdk';
import { ApplicationFailure } from '@temporalio/common';
import { billingCycleKey } from '../domain/billing-cycle';
import { FailureType } from '../domain/errors';
import { describeNetPaid, netPaid, type NetPaid } from '../domain/net-paid';
import { minorToDecimalString } from '../domain/payment-methods';
import type { Models } from '../models';
import type { BillingCycleRecord } from '../models/billing-cycle';
import type { CreditNoteRecord } from '../models/credit-note';
import type { InvoiceRecord } from '../models/invoice';
import { isDuplicateKey } from '../models/duplicate-key';
import { refundId, type RefundDestination, type RefundRecord } from '../models/refund';
import type { ProviderRefund, RefundOpening, RefundView } from '../workflows/credit-note-definitions';
import type { ActivityContext } from './context';
import { refundEvent } from './event-payloads';
import { paypalFailure } from './paypal';
import { stripeFailure } from './stripe';

const conflict = (message: string) => ApplicationFailure.nonRetryable(message, FailureType.Conflict);
const invalid = (message: string) => ApplicationFailure.nonRetryable(message, FailureType.InvalidInput);

export const refundView = (refund: RefundRecord): RefundView => ({
  refundId: refund._id,
  destination: refund.destination,
  amountMinor: refund.amountMinor,
  currency: refund.currency,
  status: refund.status,
  ...(refund.providerRef ? { providerRef: refund.providerRef } : {}),
  ...(refund.bankReference ? { bankReference: refund.bankReference } : {}),
  ...(refund.error?.code ? { error: { code: refund.error.code, message: refund.error.message } } : {}),
});

/** A refund as the admin's list and its events show it: with its organization, invoice and credit note, and what ops must look at. */
export const refundListView = (refund: RefundRecord) => ({
  ...refundView(refund),
  orgId: refund.orgId,
  ...(refund.creditNoteNumber ? { creditNoteNumber: refund.creditNoteNumber } : {}),
  ...(refund.invoiceNumber ? { invoiceNumber: refund.invoiceNumber } : {}),
  // Recorded before `origin` was: a provider's refund is the one the provider asked for.
  origin: refund.origin ?? (refund.requestedBy === 'stripe' || refund.requestedBy === 'paypal' ? 'provider' : 'operator'),
  ...(refund.attention
    ? {
        attention: {
          reason: refund.attention.reason,
          uncreditedMinor: refund.attention.uncreditedMinor,
          pastNetPaidMinor: refund.attention.pastNetPaidMinor,
        },
      }
    : {}),
});

/** The `_id` of the billing cycle a final invoice was issued for (its key is "final:<org>:<cycle>"), if any. */
function cycleKeyOfInvoice(invoice: Pick<InvoiceRecord, 'key' | 'orgId'>): string | undefined {
  const prefix = `final:${invoice.orgId}:`;
  return invoice.key.startsWith(prefix) ? billingCycleKey(invoice.orgId, invoice.key.slice(prefix.length)) : undefined;
}

/** The billing cycle an invoice was issued for, and how it was paid. */
export async function cycleOfInvoice(models: Models, invoice: Pick<InvoiceRecord, 'key' | 'orgId' | '_id'>): Promise<BillingCycleRecord> {
  const key = cycleKeyOfInvoice(invoice);
  const cycle = key ? await models.BillingCycle.findById(key).lean<BillingCycleRecord>() : null;
  if (!cycle) throw conflict(`invoice ${invoice._id} has no billing cycle to tell how it was paid`);
  return cycle;
}

/**
 * The provider payment that pays a cycle: its last paid attempt's PaymentIntent (card) or capture (PayPal)
 * that no lost dispute took back (after a chargeback and a new collection, the new payment).
 */
export function paymentOfCycle(cycle: BillingCycleRecord): { destination: RefundDestination; paymentRef?: string } {
  const chargedBack = new Set(cycle.chargedBack ?? []);
  const paid = cycle.attempts
    ?.filter((a) => a.outcome === 'paid' && !chargedBack.has(a.providerRef ?? '') && !chargedBack.has(a.captureRef ?? ''))
    .at(-1);
  if (cycle.paidWith === 'card' && paid?.providerRef) return { destination: 'card', paymentRef: paid.providerRef };
  if (cycle.paidWith === 'paypal' && paid?.captureRef) return { destination: 'paypal', paymentRef: paid.captureRef };
  if (cycle.paidWith === 'prepaid') return { destination: 'balance' };
  throw conflict(`cycle ${cycle.cycleId} was paid with ${cycle.paidWith ?? 'nothing'}: there is no payment to refund`);
}

/** What an invoice was paid net of lost disputes (domain/net-paid.ts), from its billing cycle and disputes. */
export async function netPaidForInvoice(
  models: Models,
  invoice: Pick<InvoiceRecord, 'key' | 'orgId' | '_id' | 'totalMinor'>,
): Promise<NetPaid> {
  const key = cycleKeyOfInvoice(invoice);
  const cycle = key
    ? await models.BillingCycle.findById(key, { state: 1, attempts: 1 }).lean<Pick<BillingCycleRecord, 'state' | 'attempts'>>()
    : null;
  const lost = await models.Dispute.find({ orgId: invoice.orgId, invoiceNumber: invoice._id, status: 'lost' }, { amountMinor: 1 }).lean();
  return netPaid(invoice.totalMinor, cycle ?? undefined, lost);
}

/** What has gone back for an invoice through refunds that succeeded or may still (pending), minor units. */
export async function refundedForInvoice(models: Models, invoiceNumber: string, except?: string): Promise<number> {
  const refunds = await models.Refund.find({ invoiceNumber, status: { $in: ['pending', 'succeeded'] } }, { amountMinor: 1 }).lean();
  return refunds.filter((r) => r._id !== except).reduce((acc, r) => acc + r.amountMinor, 0);
}

export function createRefundActivities({ models, ledger, stripe, paypal, mailer, templates, recordEvent }: ActivityContext) {
  const payments = new PaymentsController(paypal);

  async function openCreditNoteRefund(opening: Extract<RefundOpening, { source: 'credit_note' }>, attempt: number): Promise<RefundRecord> {
    const note = await models.CreditNote.findById(opening.creditNoteNumber).lean<CreditNoteRecord>();
    if (!note || note.orgId !== opening.orgId)
      throw ApplicationFailure.nonRetryable(`credit note ${opening.creditNoteNumber} not found`, FailureType.NotFound);
    const earlier = await models.Refund.find({ creditNoteNumber: note.number }).lean<RefundRecord[]>();
    const open = earlier.find((r) => r._id !== opening.refundId && r.status !== 'failed');
    if (open)
      throw conflict(`credit note ${note.number} is already ${open.status === 'pending' ? 'being refunded' : 'refunded'} (${open._id})`);
    const invoice = await models.Invoice.findById(note.invoiceNumber, { pdf: 0 }).lean<InvoiceRecord>();
    if (!invoice) throw conflict(`invoice ${note.invoiceNumber} of credit note ${note.number} not found`);
    let destination: RefundDestination;
    let paymentRef: string | undefined;
    if (opening.to === 'balance') destination = 'balance';
    else if (opening.to === 'bank_transfer') {
      if (!opening.bankReference?.trim()) throw invalid('bankReference: the bank reference of the payout is required for bank_transfer');
      destination = 'bank_transfer';
    } else ({ destination, paymentRef } = paymentOfCycle(await cycleOfInvoice(models, invoice)));
    // Never more back than the invoice was paid net of chargebacks (a lost dispute already gave the payer
    // their money back), whatever mix of credit notes and refunds came before.
    const already = await refundedForInvoice(models, invoice._id, opening.refundId);
    const paid = await netPaidForInvoice(models, invoice);
    const refundable = Math.max(0, paid.netMinor - already);
    if (note.totalMinor > refundable) {
      throw conflict(
        `refunding ${note.totalMinor} would take invoice ${invoice._id} past what was paid: ${refundable} refundable ` +
          `(${describeNetPaid(paid)}, ${already} already refunded)`,
      );
    }
    return {
      _id: opening.refundId,
      orgId: note.orgId,
      source: 'credit_note',
      creditNoteNumber: note.number,
      invoiceNumber: invoice._id,
      attempt,
      destination,
      amountMinor: note.totalMinor,
      currency: note.currency,
      status: 'pending',
      ...(paymentRef ? { paymentRef } : {}),
      ...(opening.bankReference?.trim() ? { bankReference: opening.bankReference.trim() } : {}),
      requestedBy: opening.by,
      reason: opening.reason,
      requestedAt: new Date(),
    };
  }

  async function openBalancePayout(opening: Extract<RefundOpening, { source: 'prepaid_balance' }>): Promise<RefundRecord> {
    const org = await models.Organization.findById(opening.orgId, { currency: 1 }).lean();
    if (!org) throw ApplicationFailure.nonRetryable(`organization ${opening.orgId} not found`, FailureType.NotFound);
    if (!Number.isSafeInteger(opening.amountMinor) || opening.amountMinor <= 0)
      throw invalid('amountMinor: a positive whole number of minor units');
    if (!opening.bankReference?.trim()) throw invalid('bankReference: the bank reference of the payout is required');
    const { balanceMinor } = await ledger.balance(opening.orgId);
    if (opening.amountMinor > balanceMinor)
      throw conflict(`the prepaid balance is ${balanceMinor}: ${opening.amountMinor} cannot be paid out`);
    return {
      _id: opening.refundId,
      orgId: opening.orgId,
      source: 'prepaid_balance',
      attempt: 1,
      destination: 'bank_transfer',
      amountMinor: opening.amountMinor,
      currency: org.currency as RefundRecord['currency'],
      status: 'pending',
      bankReference: opening.bankReference.trim(),
      requestedBy: opening.by,
      reason: opening.reason,
      requestedAt: new Date(),
    };
  }

  /** Records the attempt as pending once the books allow it; the same attempt opened again answers the record. */
  async function openRefund(opening: RefundOpening): Promise<RefundView> {
    const existing = await models.Refund.findById(opening.refundId).lean<RefundRecord>();
    if (existing) return refundView(existing);
    const attempt = Number(/:(\d+)$/.exec(opening.refundId)?.[1] ?? 1);
    const record = opening.source === 'credit_note' ? await openCreditNoteRefund(opening, attempt) : await openBalancePayout(opening);
    try {
      await models.Refund.create(record);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return refundView((await models.Refund.findById(opening.refundId).lean<RefundRecord>())!);
  }

  async function moveMoney(refund: RefundRecord): Promise<string> {
    const at = new Date();
    switch (refund.destination) {
      case 'balance': {
        await ledger.post({
          key: refund._id,
          orgId: refund.orgId,
          kind: 'credit_note',
          amountMinor: refund.amountMinor,
          currency: refund.currency,
          description: `Credit note ${refund.creditNoteNumber} back to the prepaid balance`,
          at,
        });
        return refund._id;
      }
      case 'bank_transfer': {
        if (refund.source === 'prepaid_balance') {
          await ledger.post(
            {
              key: refund._id,
              orgId: refund.orgId,
              kind: 'payout',
              amountMinor: -refund.amountMinor,
              currency: refund.currency,
              description: `Unused prepaid balance paid out by bank (${refund.bankReference})`,
              at,
            },
            { requireFunds: true },
          );
        }
        return refund.bankReference!;
      }
      case 'card': {
        try {
          const created = await stripe.refunds.create(
            {
              payment_intent: refund.paymentRef!,
              amount: refund.amountMinor,
              reason: 'requested_by_customer',
              metadata: { orgId: refund.orgId, refundId: refund._id, creditNote: refund.creditNoteNumber ?? '' },
            },
            { idempotencyKey: refund._id },
          );
          if (created.status === 'failed' || created.status === 'canceled') {
            throw ApplicationFailure.nonRetryable(`Stripe refund ${created.id} is ${created.status}`, 'ProviderRejected', {
              code: created.failure_reason ?? created.status,
              message: `Stripe refund ${created.id} is ${created.status}`,
            });
          }
          return created.id;
        } catch (error) {
          if (error instanceof ApplicationFailure) throw error;
          throw stripeFailure('refund', error);
        }
      }
      case 'paypal': {
        try {
          const { result } = await payments.refundCapturedPayment({
            captureId: refund.paymentRef!,
            paypalRequestId: refund._id,
            prefer: 'return=representation',
            body: {
              amount: { currencyCode: refund.currency, value: minorToDecimalString(refund.amountMinor, refund.currency) },
              ...(refund.creditNoteNumber ? { invoiceId: refund.creditNoteNumber } : {}),
              customId: refund._id,
            },
          });
          if (!result.id) throw ApplicationFailure.nonRetryable('PayPal answered a refund without an id', 'ProviderRejected');
          return result.id;
        } catch (error) {
          if (error instanceof ApplicationFailure) throw error;
          throw paypalFailure('refund', error);
        }
      }
    }
  }

  /** Pays the attempt back (once, by its key) and records it succeeded. */
  async function executeRefund(input: { refundId: string }): Promise<RefundView> {
    const refund = await models.Refund.findById(input.refundId).lean<RefundRecord>();
    if (!refund) throw ApplicationFailure.nonRetryable(`refund ${input.refundId} not found`, FailureType.NotFound);
    if (refund.status !== 'pending') return refundView(refund);
    const providerRef = await moveMoney(refund);
    // Before the write that ends the attempt: a retry after it would not come back here.
    await recordEvent(refundEvent(refundListView({ ...refund, status: 'succeeded', providerRef })));
    await models.Refund.updateOne({ _id: refund._id }, { $set: { status: 'succeeded', providerRef, completedAt: new Date() } });
    const org = await models.Organization.findById(refund.orgId, { name: 1, billingEmail: 1 }).lean();
    if (org) {
      await mailer.send({
        key: `refund:${refund._id}`,
        orgId: refund.orgId,
        to: org.billingEmail,
        ...templates.refundSent({
          organizationName: org.name,
          amount: { amountMinor: refund.amountMinor, currency: refund.currency },
          destination: refund.destination,
          creditNoteNumber: refund.creditNoteNumber,
          bankReference: refund.bankReference,
        }),
      });
    }
    return refundView({ ...refund, status: 'succeeded', providerRef });
  }

  async function failRefund(input: { refundId: string; error: { code: string; message: string } }): Promise<RefundView> {
    await models.Refund.updateOne(
      { _id: input.refundId, status: 'pending' },
      { $set: { status: 'failed', error: input.error, completedAt: new Date() } },
    );
    const refund = await models.Refund.findById(input.refundId).lean<RefundRecord>();
    if (!refund) throw ApplicationFailure.nonRetryable(`refund ${input.refundId} not found`, FailureType.NotFound);
    await recordEvent(refundEvent(refundListView(refund)));
    return refundView(refund);
  }

  /**
   * A refund made in the provider's dashboard, recorded as done (origin provider) against the credit note that
   * now stands for it. The money has already left, so it is always recorded, in full, whatever the books say:
   *
   *  - the credit note (issueCreditNote, origin provider_refund) credits as much of it as the invoice had left
   *    to credit, or nothing when nothing was left (an operator already credited the invoice in full): then
   *    the refund stands alone, linked to its invoice, with no credit note;
   *  - whatever part of it no credit note stands for (`uncreditedMinor`), and whatever part goes past what the
   *    invoice was paid net of refunds and chargebacks (`pastNetPaidMinor`, money the customer now has back
   *    twice), flags it `attention` for ops: listed by GET /v1/admin/refunds?attention=true, and reported by
   *    check-books as explained rather than as a breach. Ops decide what to do (recover the money, or accept
   *    it); nothing is reversed automatically.
   */
  async function recordProviderRefund(input: ProviderRefund & { creditNoteNumber?: string }): Promise<RefundView> {
    const note = input.creditNoteNumber ? await models.CreditNote.findById(input.creditNoteNumber).lean<CreditNoteRecord>() : null;
    if (input.creditNoteNumber && !note)
      throw ApplicationFailure.nonRetryable(`credit note ${input.creditNoteNumber} not found`, FailureType.NotFound);
    const _id = note ? refundId(note.number, 1) : `provider-refund:${input.provider}:${input.providerRefundId}`;
    const existing = await models.Refund.findById(_id).lean<RefundRecord>();
    if (!existing) {
      const invoice = await models.Invoice.findById(input.invoiceNumber, { pdf: 0 }).lean<InvoiceRecord>();
      if (!invoice) throw ApplicationFailure.nonRetryable(`invoice ${input.invoiceNumber} not found`, FailureType.NotFound);
      const uncreditedMinor = input.amountMinor - (note?.totalMinor ?? 0);
      const paid = await netPaidForInvoice(models, invoice);
      const already = await refundedForInvoice(models, invoice._id, _id);
      const pastNetPaidMinor = Math.max(0, already + input.amountMinor - paid.netMinor);
      const problems = [
        ...(uncreditedMinor > 0
          ? [
              note
                ? `${uncreditedMinor} of it is on no credit note: ${invoice._id} had only ${note.totalMinor} left to credit`
                : `no credit note: ${invoice._id} was already credited in full`,
            ]
          : []),
        ...(pastNetPaidMinor > 0
          ? [`${pastNetPaidMinor} of it goes past what was paid (${describeNetPaid(paid)}, ${already} already refunded)`]
          : []),
      ];
      const at = new Date();
      const record: RefundRecord = {
        _id,
        orgId: invoice.orgId,
        source: 'credit_note',
        ...(note ? { creditNoteNumber: note.number } : {}),
        invoiceNumber: invoice._id,
        attempt: 1,
        destination: input.provider === 'stripe' ? 'card' : 'paypal',
        amountMinor: input.amountMinor,
        currency: invoice.currency,
        status: 'succeeded',
        paymentRef: input.paymentRef,
        providerRef: input.providerRefundId,
        origin: 'provider',
        ...(problems.length
          ? {
              attention: {
                reason: `refunded ${input.amountMinor} at the provider; ${problems.join('; ')}`,
                uncreditedMinor,
                pastNetPaidMinor,
                at,
              },
            }
          : {}),
        requestedBy: input.provider,
        reason: `refunded in the ${input.provider === 'stripe' ? 'Stripe' : 'PayPal'} dashboard`,
        requestedAt: at,
        completedAt: at,
      };
      await models.Refund.create(record).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
    }
    const recorded = existing ?? (await models.Refund.findById(_id).lean<RefundRecord>())!;
    await recordEvent(refundEvent(refundListView(recorded)));
    return refundView(recorded);
  }

  return { openRefund, executeRefund, failRefund, recordProviderRefund };
}
