/**
 * Everything the API, the worker and the workflows share about the workflows: names, messages, payloads,
 * search attributes and workflow-id builders. Deterministic and free of I/O, so workflows may import it.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Currency } from '../domain/money';
import type { TopUpState } from '../domain/top-up';

export const TASK_QUEUE = 'billing';

export const searchAttributes = {
  orgId: defineSearchAttributeKey('BillingOrgId', SearchAttributeType.KEYWORD),
  state: defineSearchAttributeKey('BillingState', SearchAttributeType.KEYWORD),
  paymentReference: defineSearchAttributeKey('PaymentReference', SearchAttributeType.KEYWORD),
};
/** The `--search-attribute` flags a dev server needs: NAME=Type. */
export const SEARCH_ATTRIBUTE_FLAGS = ['BillingOrgId=Keyword', 'BillingState=Keyword', 'PaymentReference=Keyword'];

export const topUpWorkflowId = (orderId: string) => `top-up/${orderId}`;
export const lateTopUpCreditsWorkflowId = (orderId: string) => `top-up-late-credits/${orderId}`;

// ---- top-up ----

export interface TopUpInput {
  orderId: string;
  orgId: string;
  amountMinor: number;
  currency: Currency;
  warning?: string;
  /** Durations such as "30 days"; passed in so tests can shorten them. */
  expiry: string;
  reminders: string[];
}

export interface BankCredit {
  bankTxId: string;
  amountMinor: number;
  currency: Currency;
  reference: string;
  valueDate: string;
}

export interface BankDetails {
  bankName: string;
  iban: string;
  bic: string;
}

export interface Proforma {
  invoiceId: string;
  number: string;
  paymentReference: string;
  amountMinor: number;
  currency: Currency;
  dueDate: string;
  bankDetails: BankDetails;
}

export interface TopUpStatus {
  orderId: string;
  orgId: string;
  state: TopUpState;
  amountMinor: number;
  receivedMinor: number;
  currency: Currency;
  proforma?: Proforma;
  creditedTxIds: string[];
  remindersSent: number;
}

export interface OperatorRequest {
  by: string;
  reason: string;
}

export const bankCreditSignal = defineSignal<[BankCredit]>('bankCredit');
export const topUpStatusQuery = defineQuery<TopUpStatus>('topUpStatus');
/** Resolves once the proforma is issued: the API uses it with update-with-start to answer synchronously. */
export const proformaIssuedUpdate = defineUpdate<Proforma>('proformaIssued');
export const cancelTopUpUpdate = defineUpdate<TopUpStatus, [OperatorRequest]>('cancelTopUp');
