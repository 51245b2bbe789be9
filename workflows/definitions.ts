/**
 * Everything the API, the worker and the workflows share about the workflows: names, messages, payloads,
 * search attributes and workflow-id builders. Deterministic and free of I/O, so workflows may import it.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Duration } from '../domain/duration';
import type { DisputeLost } from './credit-note-definitions';
import type { Currency } from '../domain/money';
import type { TopUpState } from '../domain/top-up';
import type { CardSetupState, DefaultPaymentMethod, PaymentMethodKind, PayPalSetupState } from '../domain/payment-methods';
import type { CycleWindow } from '../domain/billing-cycle';
import type { Plan } from '../domain/charges';

export const searchAttributes = {
  orgId: defineSearchAttributeKey('BillingOrgId', SearchAttributeType.KEYWORD),
  state: defineSearchAttributeKey('BillingState', SearchAttributeType.KEYWORD),
  paymentReference: defineSearchAttributeKey('PaymentReference', SearchAttributeType.KEYWORD),
  /** Billing cycle: what the organization owes now (minor units, 0 when settled). */
  amountDue: defineSearchAttributeKey('BillingAmountDue', SearchAttributeType.INT),
  /** Billing cycle: whole days since the oldest unpaid cycle fell due (0 when settled). */
  daysOverdue: defineSearchAttributeKey('BillingDaysOverdue', SearchAttributeType.INT),
  /** Webhook delivery: "active", or "disabled" (by an admin, or after failing for the whole retry window). */
  webhookEndpointState: defineSearchAttributeKey('WebhookEndpointState', SearchAttributeType.KEYWORD),
};
/** The `--search-attribute` flags a dev server needs: NAME=Type. */
export const SEARCH_ATTRIBUTE_FLAGS = [
  'BillingOrgId=Keyword',
  'BillingState=Keyword',
  'PaymentReference=Keyword',
  'BillingAmountDue=Int',
  'BillingDaysOverdue=Int',
  'WebhookEndpointState=Keyword',
];

export const topUpWorkflowId = (orderId: string) => `top-up/${orderId}`;
export const lateTopUpCreditsWorkflowId = (orderId: string) => `top-up-late-credits/${orderId}`;

// ---- top-up ----

export interface TopUpInput {
  orderId: string;
  orgId: string;
  amountMinor: number;
  currency: Currency;
  warning?: string;
  /** Milliseconds (text such as "30 days" in runs started before config parsed them); tests shorten them. */
  expiry: Duration;
  reminders: Duration[];
}

export interface BankCredit {
  bankTxId: string;
  amountMinor: number;
  currency: Currency;
  reference: string;
  valueDate: string;
  /** Ops matched it by hand: who and why, noted on the bank's record. */
  byHand?: { by: string; reason: string };
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
  /** Times ops re-sent the proforma e-mail (resendProforma); absent before that update existed. */
  proformaResends?: number;
}

export interface OperatorRequest {
  by: string;
  reason: string;
}

export const bankCreditSignal = defineSignal<[BankCredit]>('bankCredit');

/** The bank took back a credit it had reported (a reversal or a return of the transfer). */
export interface BankReversal {
  /** The credit taken back: its bank transaction id, as it was credited. */
  bankTxId: string;
  /** The bank's reversal entry. */
  reversalId: string;
  amountMinor: number;
  currency: Currency;
  /** As the bank gave it (return reason code and text), for the ledger, the customer and ops. */
  reason: string;
  valueDate: string;
}
/** Sent to the order's workflow (or its late-credits workflow once closed): debit the balance, reopen the order. */
export const bankReversalSignal = defineSignal<[BankReversal]>('bankReversal');
export const topUpStatusQuery = defineQuery<TopUpStatus>('topUpStatus');
/** Resolves once the proforma is issued: the API uses it with update-with-start to answer synchronously. */
export const proformaIssuedUpdate = defineUpdate<Proforma>('proformaIssued');
export const cancelTopUpUpdate = defineUpdate<TopUpStatus, [OperatorRequest]>('cancelTopUp');

/** A transfer that reached the bank account but not its order (a mistyped reference, a cheque): ops credit it. */
export interface ManualPayment extends OperatorRequest {
  /** The bank's transaction id: credited once, whether ops or the bank report it first. */
  bankTxId: string;
  amountMinor: number;
  /** YYYY-MM-DD; the day the update is handled when absent. */
  valueDate?: string;
}

/** Ops credits a payment by hand; answers once it is on the ledger. The accepted update is the audit record. */
export const markPaidByHandUpdate = defineUpdate<TopUpStatus, [ManualPayment]>('markPaidByHand');
/** Ops e-mails the proforma again, to the organization's current billing address. */
export const resendProformaUpdate = defineUpdate<TopUpStatus, [OperatorRequest]>('resendProforma');

// ---- payment methods: PayPal billing agreement and Stripe card set-up ----

/** One set-up per organization and provider at a time: a second start while one is pending joins it. */
export const paypalSetupWorkflowId = (orgId: string) => `paypal-setup/${orgId}`;
export const cardSetupWorkflowId = (orgId: string) => `card-setup/${orgId}`;
export const paymentMethodRemovalWorkflowId = (methodId: string) => `payment-method-removal/${methodId}`;

/** A saved method as workflows and the API show it: display fields only, never card data. */
export interface SavedPaymentMethod {
  methodId: string;
  kind: PaymentMethodKind;
  isDefault: boolean;
  /** PayPal: the Vault payment token id, shown to the customer as the billing agreement number. */
  billingAgreementNumber?: string;
  payerEmail?: string;
  card?: { brand: string; last4: string; expMonth: number; expYear: number };
}

/** What a provider said when it refused, for the customer and for ops. */
export interface ProviderErrorInfo {
  code: string;
  message: string;
  declineCode?: string;
}

export interface PayPalSetupInput {
  orgId: string;
  /** Our API's public origin: PayPal sends the payer back to routes under it. */
  publicBaseUrl: string;
  /** How long the payer has to approve (milliseconds, or text such as "3 hours"); tests shorten it. */
  approvalTimeout: Duration;
  makeDefault: boolean;
}

export interface PayPalSetupStatus {
  orgId: string;
  state: PayPalSetupState;
  setupTokenId?: string;
  /** Where to send the payer to approve the billing agreement, while awaiting approval. */
  approvalUrl?: string;
  expiresAt?: string;
  method?: SavedPaymentMethod;
  error?: ProviderErrorInfo;
  /** Approval signals that PayPal did not confirm (not approved yet, another attempt's link). */
  approvalsIgnored: number;
  /** Approval signals received after the one that was acted on. */
  duplicateApprovals: number;
  /** The id in this attempt's return and cancel links (never shown to customers: the links carry it). */
  attemptId?: string;
}

/** The payer came back to our return URL, or PayPal reported a payment token by webhook. */
export interface PayPalApproval {
  source: 'return' | 'webhook';
  /** From the return URL's path: which attempt the link belongs to. */
  attemptId?: string;
  /** `approval_token_id` from PayPal's redirect, when present. */
  setupTokenId?: string;
  /** From a VAULT.PAYMENT-TOKEN.CREATED webhook. */
  paymentTokenId?: string;
  eventId?: string;
}

export interface SetupCancellation extends OperatorRequest {
  /** Set by the browser cancel route: only that attempt's link may cancel it. */
  attemptId?: string;
}

export const paypalSetupStatusQuery = defineQuery<PayPalSetupStatus>('paypalSetupStatus');
/** Resolves once the setup token exists (or creating it failed): the API answers with the approval URL. */
export const paypalSetupStartedUpdate = defineUpdate<PayPalSetupStatus>('paypalSetupStarted');
export const paypalApprovalSignal = defineSignal<[PayPalApproval]>('paypalApproval');
export const cancelPayPalSetupUpdate = defineUpdate<PayPalSetupStatus, [SetupCancellation]>('cancelPayPalSetup');

export interface CardSetupInput {
  orgId: string;
  /** How long the client secret stays usable (milliseconds, or text); the SetupIntent is cancelled after it. */
  setupTimeout: Duration;
  makeDefault: boolean;
}

export interface CardSetupStatus {
  orgId: string;
  state: CardSetupState;
  setupIntentId?: string;
  /** For Stripe.js in the portal, only while awaiting confirmation; never in the workflow's result. */
  clientSecret?: string;
  expiresAt?: string;
  method?: SavedPaymentMethod;
  /** The last failed confirmation (e.g. card declined); the customer may try another card. */
  lastSetupError?: ProviderErrorInfo;
  failedAttempts: number;
  /** Why the set-up itself failed (state `failed`). */
  error?: ProviderErrorInfo;
}

/** Stripe's setup_intent.succeeded / setup_intent.setup_failed webhook, or the portal's confirm call. */
export interface CardSetupEvent {
  setupIntentId: string;
  source: 'webhook' | 'confirm';
  eventId?: string;
}

export const cardSetupStatusQuery = defineQuery<CardSetupStatus>('cardSetupStatus');
/** Resolves once the SetupIntent exists (or creating it failed): the API answers with its client secret. */
export const cardSetupStartedUpdate = defineUpdate<CardSetupStatus>('cardSetupStarted');
export const cardSetupEventSignal = defineSignal<[CardSetupEvent]>('cardSetupEvent');
/** The portal's "I confirmed with Stripe.js": answers once the workflow has checked the SetupIntent. */
export const confirmCardSetupUpdate = defineUpdate<CardSetupStatus, [{ setupIntentId: string }]>('confirmCardSetup');
export const cancelCardSetupUpdate = defineUpdate<CardSetupStatus, [OperatorRequest]>('cancelCardSetup');

export interface PaymentMethodRemovalInput {
  methodId: string;
}

/** Resolves once the method is marked removed (never charged again); the revocation at the provider follows. */
export const paymentMethodRemovedUpdate = defineUpdate<void>('paymentMethodRemoved');

// ---- billing cycle (one long-running workflow per organization) ----

export const billingWorkflowId = (orgId: string) => `billing/${orgId}`;

/** Durations are strings such as "3 days", passed in (from configuration) so tests can shorten them. */
export interface BillingSettings {
  /** "calendar-month" (in the organization's time zone), or a fixed cycle length such as "10 seconds". */
  cycle: string;
  /** The low-balance warning goes out this long before a cycle ends. */
  warnBefore: string;
  /** A cycle is charged this long after it ends, so usage reported up to its end is in. */
  usageSettle: string;
  /** Retries after a failed collection, counted from the due date, e.g. ["1 day", "3 days", "7 days"]; then suspension. */
  dunning: string[];
  /** While suspended, how often to try again (a fixed card, a top-up); signals also retry at once. */
  suspendedRetry: string;
  /** startToClose of every billing activity; a worker that dies mid-activity is noticed after it. */
  activityTimeout: string;
  /** Cycles billed in one run before continuing as new (absent from runs started before it existed: 12). */
  cyclesPerRun?: number;
}

/** The cycle being accrued, as the workflow carries it: its window plus what billing it needs. */
export interface OpenCycle extends CycleWindow {
  /** The one-time setup fee goes on this cycle's bill. */
  first: boolean;
  /** Usage received from this instant (ISO) counts in this cycle: the previous cycle's cut-off. */
  usageFrom: string;
}

/** What the workflow knows of the organization for estimates and decisions; read by its activities. */
export interface BillingProfile {
  currency: Currency;
  plan: Plan;
  /** The rate the cycle is billed at: the organization's, or 0 under reverse charge. */
  vatRateBp: number;
  reverseCharge: boolean;
  method: DefaultPaymentMethod;
}

export type CollectionOutcome = 'paid' | 'insufficient_funds' | 'declined' | 'authentication_required' | 'pending' | 'no_payment_method';

/** A closed cycle not yet paid. Times are epoch milliseconds. */
export interface BillingDebt {
  cycleId: string;
  totalMinor: number;
  currency: Currency;
  dueAt: number;
  nextAttemptAt: number;
  /** Every collection attempt so far (their numbers key the providers' idempotency). */
  attempts: number;
  /** Scheduled attempts only (the one at the due date included): these lead to suspension. */
  scheduledAttempts: number;
  lastOutcome?: CollectionOutcome;
}

/** `parked`: the current cycle's bill could not be computed (an overflow): its close waits for ops (see `parked`). */
export type BillingState = 'active' | 'collecting' | 'awaiting_funds' | 'past_due' | 'suspended' | 'paused' | 'parked' | 'cancelled';

export interface CancelBillingRequest extends OperatorRequest {
  /** Close the current cycle now instead of at its end; either way no further cycle is billed. */
  immediately?: boolean;
}

export interface BillingCycleInput {
  orgId: string;
  settings: BillingSettings;
  /** Absent on the first run: the first cycle starts when the workflow does (the organization's activation). */
  cycle?: OpenCycle;
  profile?: BillingProfile;
  debts?: BillingDebt[];
  /** Takes effect when the current cycle closes. */
  pendingPlan?: Plan;
  paused?: boolean;
  suspended?: boolean;
  cancelRequest?: CancelBillingRequest;
  /** The low-balance warning for `cycle` went out. */
  warned?: boolean;
  cyclesBilled?: number;
  /** A credit or a new method arrived as the previous run ended: try the unpaid cycles first thing. */
  retryNow?: boolean;
  /** Invoice e-mails re-sent by ops so far (each resend is keyed by its number). */
  invoiceResends?: number;
  /** Ops asked to charge the current cycle now (epoch ms: its usage cut-off) as the previous run ended. */
  closeRequestedAt?: number;
  /** The current cycle's close was refused: it waits for ops. */
  parked?: ParkedCycle;
  /** Organization changes signalled as the previous run ended, still to record. */
  organizationChanges?: OrganizationChangeRecord[];
  /** Lost disputes signalled as the previous run ended, whose cycles are still to reopen. */
  disputesLost?: DisputeLost[];
  /** The patches this run takes without asking, handed on by the previous run (workflows/billing-patches.ts). */
  builtInPatches?: readonly string[];
}

/** A cycle whose close was refused (its bill cannot be computed): billing waits for ops instead of retrying. */
export interface ParkedCycle {
  cycleId: string;
  reason: string;
  /** ISO */
  at: string;
}

export interface BillingStatus {
  orgId: string;
  state: BillingState;
  /** The cycle being accrued; absent once a cancellation has closed the last one. */
  cycle?: { id: string; startsAt: string; endsAt: string };
  /** When money is next taken: the current cycle's charge, or an earlier retry of an unpaid one. */
  nextChargeAt?: string;
  /** The current cycle's fees at the current plan (usage so far is added by the API's estimate). */
  estimate?: { subtotalMinor: number; vatMinor: number; totalMinor: number; currency: Currency };
  amountDueMinor: number;
  daysOverdue: number;
  debts: BillingDebt[];
  method?: DefaultPaymentMethod;
  paused: boolean;
  suspended: boolean;
  cancelling: boolean;
  pendingPlan?: Plan;
  cyclesBilled: number;
  parked?: ParkedCycle;
}

export interface PlanChange extends OperatorRequest {
  plan: Plan;
}

export interface BalanceCredited {
  balanceMinor: number;
  at: string;
}

export interface PaymentMethodChanged {
  method: DefaultPaymentMethod;
  methodId?: string;
  /** Only while this method is the default: a removed default falls back to prepaid, a newer choice stands. */
  replacing?: string;
}

/** A card set-up created the organization's Stripe customer: it is kept unless the organization has one already. */
export interface StripeCustomerCreated {
  customerId: string;
}

/** What the billing workflow records on its organization, one change at a time. */
export interface OrganizationChangeRecord {
  profile?: OrganizationChange;
  defaultMethod?: PaymentMethodChanged;
  stripeCustomerId?: string;
}

export const billingStatusQuery = defineQuery<BillingStatus>('billingStatus');
/** The prepaid balance grew (a bank credit): an unpaid cycle is tried again at once. Sent by the top-up workflows. */
export const balanceCreditedSignal = defineSignal<[BalanceCredited]>('balanceCredited');
/** The default payment method changed: an unpaid cycle is tried again at once with the new one. */
export const paymentMethodChangedSignal = defineSignal<[PaymentMethodChanged]>('paymentMethodChanged');
/** Choose the default payment method; answers once the organization records it. */
export const setDefaultPaymentMethodUpdate = defineUpdate<BillingStatus, [PaymentMethodChanged]>('setDefaultPaymentMethod');
/** Sent by the card set-up that created the organization's Stripe customer; billing records it. */
export const stripeCustomerCreatedSignal = defineSignal<[StripeCustomerCreated]>('stripeCustomerCreated');

/** The organization's profile as its customer or ops change it; absent fields stay as they are. */
export interface OrganizationChange {
  name?: string;
  billingEmail?: string;
  address?: string;
  vatId?: string;
  timeZone?: string;
  externalId?: string;
  metadata?: Record<string, string>;
}
/** Change the organization's profile; answers once the organization records it (billing reads it from then on). */
export const updateOrganizationUpdate = defineUpdate<BillingStatus, [OrganizationChange]>('updateOrganization');
/** The plan billed from the next cycle on. */
export const changePlanUpdate = defineUpdate<BillingStatus, [PlanChange]>('changePlan');
/** Cycles that end while billing is paused are not charged; unpaid ones are still collected. */
export const pauseBillingUpdate = defineUpdate<BillingStatus, [OperatorRequest]>('pauseBilling');
export const resumeBillingUpdate = defineUpdate<BillingStatus, [OperatorRequest]>('resumeBilling');
export const cancelBillingUpdate = defineUpdate<BillingStatus, [CancelBillingRequest]>('cancelBilling');
/**
 * Ops: charge the current cycle now rather than at its end (the schedule is unchanged). Answers as soon as the
 * close is scheduled: the charge itself shows in `billingStatus` and in the cycle's record.
 */
export const runCycleNowUpdate = defineUpdate<BillingStatus, [OperatorRequest]>('runCycleNow');

/** Ops: try the unpaid cycles now (after the customer fixed the card, say); answers once the attempt is made. */
export const retryCollectionUpdate = defineUpdate<BillingStatus, [OperatorRequest]>('retryCollection');

export interface DebtWriteOff extends OperatorRequest {
  /** The unpaid cycle to give up on, e.g. "2026-10". */
  cycleId: string;
}

/**
 * Ops: stop collecting an unpaid cycle. It is recorded as written off (no invoice is issued for it, since
 * final invoices are issued on payment); a suspension ends once nothing else is owed. Refused while a
 * payment of that cycle succeeded or is still processing at the provider.
 */
export const writeOffDebtUpdate = defineUpdate<BillingStatus, [DebtWriteOff]>('writeOffDebt');

export interface InvoiceResend extends OperatorRequest {
  /** A final invoice of this organization, e.g. "INV-2026-000042". */
  invoiceNumber: string;
}

export interface ResentInvoice {
  invoiceNumber: string;
  cycleId: string;
  to: string;
  emailId: string;
}

/** Ops: e-mail a final invoice again, with its PDF, to the organization's current billing address. */
export const resendInvoiceUpdate = defineUpdate<ResentInvoice, [InvoiceResend]>('resendInvoice');
