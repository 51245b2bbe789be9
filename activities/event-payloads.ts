/**
 * The events the billing activities record, built here so that each call site is one line: the key is the
 * effect's own idempotency key, the data the objects as the API shows them.
 */
import type { Config } from '../config';
import type { Currency } from '../domain/money';
import { toInvoiceDto, type InvoiceRecord } from '../models/invoice';
import { toOrganizationDto, type OrgDoc } from '../models/organization';
import { toTopUpDto, type OrderDoc } from '../models/top-up-order';
import type { BankReversal, SavedPaymentMethod } from '../workflows/definitions';
import type { NewEvent } from './events';

type Money = { amountMinor: number; currency: Currency | string };

export const organizationEvent = (type: 'organization.created' | 'organization.updated', key: string, org: OrgDoc): NewEvent => ({
  key,
  type,
  orgId: org._id,
  data: { organization: toOrganizationDto(org) },
});

/** Suspension and reactivation, keyed like their e-mail (by the workflow's time of the change). */
export function billingStatusEvent(
  org: OrgDoc,
  { status, at, amountDueMinor, cycleIds }: { status: string; at: string; amountDueMinor: number; cycleIds: string[] },
): NewEvent | undefined {
  if (status !== 'suspended' && status !== 'active') return undefined;
  const amountDue = { amountMinor: amountDueMinor, currency: org.currency };
  return {
    key: `account-${status}:${org._id}:${at}`,
    type: status === 'suspended' ? 'organization.suspended' : 'organization.reactivated',
    orgId: org._id,
    data: { organization: toOrganizationDto({ ...org, status }), ...(status === 'suspended' ? { amountDue, cycleIds } : {}) },
    at: new Date(at),
  };
}

/** The warning with its forecast: what the cycle will cost (with anything still unpaid) against the balance. */
export function lowBalanceEvent(
  org: OrgDoc,
  { cycle, outstandingMinor }: { cycle: { id: string; endsAt: string }; outstandingMinor: number },
  balanceMinor: number,
  neededMinor: number,
): NewEvent {
  const money = (amountMinor: number) => ({ amountMinor, currency: org.currency });
  return {
    key: `low-balance:${org._id}:${cycle.id}`,
    type: 'balance.low',
    orgId: org._id,
    data: {
      balance: money(balanceMinor),
      forecast: {
        cycleId: cycle.id,
        cycleEndsAt: cycle.endsAt,
        estimate: money(neededMinor - outstandingMinor),
        outstanding: money(outstandingMinor),
        needed: money(neededMinor),
        shortfall: money(neededMinor - balanceMinor),
      },
    },
  };
}

export const invoiceFinalizedEvent = (invoice: Omit<InvoiceRecord, 'pdf'>, cycleId: string): NewEvent => ({
  key: invoice.key,
  type: 'invoice.finalized',
  orgId: invoice.orgId,
  data: { invoice: toInvoiceDto(invoice), cycleId },
});

const FAILED = ['declined', 'insufficient_funds', 'no_payment_method'];

/** A collection attempt's answer as an event: succeeded (once per cycle), failed or needing the customer. */
export function paymentEvent(
  orgId: string,
  cycleId: string,
  attempt: number,
  amount: Money,
  result: { outcome: string; method: string; reference?: string; error?: { code: string; message: string } },
): NewEvent | undefined {
  const type =
    result.outcome === 'paid'
      ? 'payment.succeeded'
      : result.outcome === 'authentication_required'
        ? 'payment.action_required'
        : FAILED.includes(result.outcome)
          ? 'payment.failed'
          : undefined;
  if (!type) return undefined;
  const key = type === 'payment.succeeded' ? `payment-succeeded:${orgId}:${cycleId}` : `${type}:${orgId}:${cycleId}:${attempt}`;
  const payment = {
    cycleId,
    attempt,
    amount,
    method: result.method,
    outcome: result.outcome,
    ...(result.reference ? { reference: result.reference } : {}),
    ...(result.error ? { error: { code: result.error.code, message: result.error.message } } : {}),
  };
  return { key, type, orgId, data: { payment } };
}

export const debtWrittenOffEvent = (
  orgId: string,
  cycleId: string,
  amount: Money,
  { request, at }: { request: { by: string; reason: string }; at: string },
): NewEvent => ({
  key: `write-off:${orgId}:${cycleId}`,
  type: 'debt.written_off',
  orgId,
  data: { cycleId, amount, writtenOff: { by: request.by, reason: request.reason, at } },
  at: new Date(at),
});

export const paymentMethodEvent = (
  type: 'payment_method.attached' | 'payment_method.removed',
  orgId: string,
  paymentMethod: SavedPaymentMethod,
): NewEvent => ({ key: `${type}:${paymentMethod.methodId}`, type, orgId, data: { paymentMethod } });

/** A top-up order's fact, with the order as the API shows it now (read by `_id` after the change). */
/** A top-up order's event; `order` is the order as it stands after the change (its writer has it in hand). */
export function topUpEvent(
  config: Config,
  type: 'topup.created' | 'topup.credited' | 'topup.paid' | 'topup.expired' | 'topup.cancelled',
  order: OrderDoc,
  credit?: { bankTxId: string; amountMinor: number; currency: string; valueDate: string },
): NewEvent {
  const bankDetails = { bankName: config.SELLER_BANK_NAME, iban: config.SELLER_IBAN, bic: config.SELLER_BIC };
  return {
    // A credit is its own fact (one per bank transaction); the others happen once per order.
    key: credit ? `${type}:${credit.bankTxId}` : `${type}:${order._id}`,
    type,
    orgId: order.orgId,
    data: { topUp: toTopUpDto(order, bankDetails), ...(credit ? { credit } : {}) },
  };
}

export const proformaIssuedEvent = (invoice: Omit<InvoiceRecord, 'pdf'>): NewEvent => ({
  key: invoice.key,
  type: 'proforma.issued',
  orgId: invoice.orgId,
  data: { invoice: toInvoiceDto(invoice), ...(invoice.topUpOrderId ? { topUpId: invoice.topUpOrderId } : {}) },
});

/** A transfer no order could claim: a platform fact (no organization), for the provider's finance team. */
export const unmatchedCreditEvent = (
  credit: { bankTxId: string; amountMinor: number; currency: string; reference: string; valueDate: string },
  reason: string,
): NewEvent => ({
  key: `bank-credit-unmatched:${credit.bankTxId}`,
  type: 'bank_credit.unmatched',
  orgId: null,
  data: { bankCredit: { ...credit, status: 'unmatched', reason } },
});

/**
 * One per import of a statement file, the same file imported again included (`runs` says which time): the
 * report without its entries, which are on the bank credits. A platform fact, as a statement spans organizations.
 */
export const bankStatementImportedEvent = (report: {
  importId: string;
  runs: number;
  filename?: string;
  source: string;
  format: string;
  messageType: string;
  statementIds: string[];
  counts: Record<string, number>;
  totals: readonly object[];
}): NewEvent => ({
  key: `bank-statement-imported:${report.importId}:${report.runs}`,
  type: 'bank_statement.imported',
  orgId: null,
  data: { bankStatementImport: report },
});

/** The bank took back a credit it had reported: a fact of the organization whose order it had paid into. */
export const bankCreditReversedEvent = (
  order: { _id: string; orgId: string; proformaNumber: string },
  reversal: BankReversal,
  amountMinor: number,
  balanceMinor: number,
): NewEvent => ({
  key: `bank-credit-reversed:${reversal.bankTxId}`,
  type: 'bank_credit.reversed',
  orgId: order.orgId,
  data: {
    bankCredit: { bankTxId: reversal.bankTxId, status: 'reversed', reversalId: reversal.reversalId, reason: reversal.reason },
    reversed: { amountMinor, currency: reversal.currency },
    balance: { amountMinor: balanceMinor, currency: reversal.currency },
    topUpId: order._id,
    proformaNumber: order.proformaNumber,
  },
});

export const creditNoteIssuedEvent = (creditNote: { number: string }, orgId: string): NewEvent => ({
  key: `credit-note-issued:${creditNote.number}`,
  type: 'credit_note.issued',
  orgId,
  data: { creditNote },
});

/** A refund attempt's outcome; nothing while it is pending. */
export function refundEvent(refund: { refundId: string; orgId: string; status: 'pending' | 'succeeded' | 'failed' }): NewEvent | undefined {
  if (refund.status === 'pending') return undefined;
  const type = refund.status === 'succeeded' ? 'refund.succeeded' : 'refund.failed';
  return { key: `${type}:${refund.refundId}`, type, orgId: refund.orgId, data: { refund } };
}

/** A dispute opened at the provider, then won or lost (with what the loss did to the debt). */
export function disputeEvent(orgId: string, dispute: { disputeId: string; status: 'open' | 'won' | 'lost' }): NewEvent {
  const type = dispute.status === 'open' ? 'dispute.opened' : dispute.status === 'won' ? 'dispute.won' : 'dispute.lost';
  return { key: `${type}:${dispute.disputeId}`, type, orgId, data: { dispute } };
}
