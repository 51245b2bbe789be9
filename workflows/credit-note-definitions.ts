/**
 * Messages, payloads and workflow ids of credit notes, refunds and disputes, shared by the API, the worker
 * and the workflows (deterministic, no I/O).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CreditRequest } from '../domain/credit-note';
import type { Currency } from '../domain/money';
import type { OperatorRequest } from './definitions';

/** Where a credit note's money goes: the prepaid balance, the rail that paid the invoice, or a bank payout ops made. */
export type RefundTarget = 'balance' | 'payment' | 'bank_transfer';

export interface RefundInstruction {
  to: RefundTarget;
  /** The bank's reference of the payout ops made (bank_transfer only). */
  bankReference?: string;
}

export interface CreditNoteRequest extends OperatorRequest {
  invoiceNumber: string;
  /** Lines to credit (index into the invoice's lines, and a quantity or an amount); absent: everything not credited yet. */
  lines?: { line: number; quantity?: number; amountMinor?: number }[];
  /** Absent: the credit note is issued and nothing is paid back yet (a later refund action can). */
  refund?: RefundInstruction;
}

/** A refund made in the provider's dashboard, which becomes a credit note so the books agree. */
export interface ProviderRefund {
  provider: 'stripe' | 'paypal';
  providerRefundId: string;
  invoiceNumber: string;
  amountMinor: number;
  /** The payment refunded (PaymentIntent id, PayPal capture id). */
  paymentRef: string;
}

export interface CreditNoteInput {
  /** From the Idempotency-Key (operator) or the provider's refund id: the workflow id and the credit note's key. */
  requestId: string;
  orgId: string;
  /** Set for a dashboard refund; an operator's request comes as the issueCreditNote update. */
  providerRefund?: ProviderRefund;
  /** Start-to-close of each activity (BILLING_ACTIVITY_TIMEOUT): a crashed worker's attempt is retried after it. */
  /** Milliseconds or ms-style text (Temporal accepts both). */
  activityTimeout?: string | number;
}

export interface RefundView {
  refundId: string;
  destination: 'balance' | 'card' | 'paypal' | 'bank_transfer';
  amountMinor: number;
  currency: Currency;
  status: 'pending' | 'succeeded' | 'failed';
  providerRef?: string;
  bankReference?: string;
  error?: { code: string; message: string };
}

export interface CreditNoteStatus {
  requestId: string;
  state: 'awaiting_request' | 'issuing' | 'refunding' | 'done';
  creditNote?: { number: string; invoiceNumber: string; totalMinor: number; currency: Currency };
  refund?: RefundView;
  /** Why the refund asked with the credit note was refused (the credit note stands). */
  refundRefusal?: string;
}

export const creditNoteWorkflowId = (requestId: string) => `credit-note/${requestId}`;
/** Issues the credit note; answers once it is numbered (the refund, if asked, follows in the same workflow). */
export const issueCreditNoteUpdate = defineUpdate<CreditNoteStatus, [CreditNoteRequest]>('issueCreditNote');
export const creditNoteStatusQuery = defineQuery<CreditNoteStatus>('creditNoteStatus');

/** What activities/credit-notes.ts issueCreditNote takes. */
export interface CreditNoteIssue {
  key: string;
  orgId: string;
  invoiceNumber: string;
  credit: CreditRequest;
  reason: string;
  by: string;
  origin: 'operator' | 'provider_refund';
}

// ---- refunds ----

export type RefundOpening =
  | ({ source: 'credit_note'; refundId: string; orgId: string; creditNoteNumber: string } & RefundInstruction & OperatorRequest)
  | {
      source: 'prepaid_balance';
      refundId: string;
      orgId: string;
      amountMinor: number;
      bankReference: string;
      by: string;
      reason: string;
    };

/** One refund attempt; `refundId` is its key at the provider and in the ledger (models/refund.ts). */
export interface RefundInput {
  refundId: string;
  orgId: string;
  /** Milliseconds or ms-style text (Temporal accepts both). */
  activityTimeout?: string | number;
}

export const refundWorkflowId = (refundId: string) => `refund/${refundId}`;
/** The operator's refund request (a credit note's money back, or unused prepaid balance paid out); answers once it is settled. */
export const requestRefundUpdate = defineUpdate<RefundView, [RefundOpening]>('requestRefund');
export const refundStatusQuery = defineQuery<RefundView | undefined>('refundStatus');

export interface BalancePayoutRequest extends OperatorRequest {
  amountMinor: number;
  bankReference: string;
}

// ---- disputes ----

export type DisputeLostAction = 'reopen' | 'write_off';

export interface DisputeInput {
  disputeId: string;
  provider: 'stripe' | 'paypal';
  orgId: string;
  invoiceNumber: string;
  cycleId: string;
  paymentRef: string;
  amountMinor: number;
  currency: Currency;
  reason: string;
  /** DISPUTE_LOST when the dispute opened: what a lost dispute does to the debt. */
  whenLost: DisputeLostAction;
}

export interface DisputeEvent {
  status: 'open' | 'won' | 'lost';
  eventId: string;
}

export const disputeWorkflowId = (disputeId: string) => `dispute/${disputeId}`;
export const disputeEventSignal = defineSignal<[DisputeEvent]>('disputeEvent');

/** A payment the billing workflow took was taken back by a lost dispute: the cycle is owed again. */
export interface DisputeLost {
  disputeId: string;
  cycleId: string;
  invoiceNumber: string;
  amountMinor: number;
}
export const disputeLostSignal = defineSignal<[DisputeLost]>('disputeLost');
