/**
 * The text of every e-mail the engine sends. Pure functions: no I/O, no clock, no locale, so the same input
 * always gives the same message (and a retried activity sends exactly what the first attempt would have).
 * Amounts are integer minor units printed with formatMoney; dates are printed as ISO days (UTC).
 */
import { formatMoney, type Currency, type Money } from '../domain/money';
import { formatRfReference } from '../domain/rf-reference';
import type { TopUpState } from '../domain/top-up';

/** A part of the HTML version: the same words as the text part, laid out, plus the portal button. */
export type EmailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; rows: [string, string][] }
  | { kind: 'button'; label: string; url: string };

/** What activities/email-html.ts renders as the HTML part (MJML); the text part is the `text` beside it. */
export interface EmailLayout {
  greeting: string;
  blocks: EmailBlock[];
  signature: string;
}

export interface EmailContent {
  subject: string;
  text: string;
  layout: EmailLayout;
}

/** The portal page that fits the e-mail (a top-up order, the balance, invoices, a payment to confirm). */
export interface EmailAction {
  label: string;
  url: string;
}

export interface PaymentBankDetails {
  bankName: string;
  iban: string;
  bic: string;
}

/**
 * "2026-03-14": the UTC day of a Date, or of an ISO string (Dates become strings when they cross a
 * Temporal payload, so both are accepted).
 */
export function formatDate(value: Date | string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid date ${String(value)}`);
  return date.toISOString().slice(0, 10);
}

interface Rows {
  rows: [string, string][];
}

/** Label/value rows: aligned "Label: value" lines in the text part, a table in the HTML part. */
function table(rows: readonly (readonly [string, string])[]): Rows {
  return { rows: rows.map(([label, value]) => [label, value]) };
}

/** The rows as the text part prints them, indented, for the parts of a message people copy into their bank app. */
function rowsText({ rows }: Rows): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)} ${value}`).join('\n');
}

function paymentTable(input: { amount: Money; beneficiary?: string; bankDetails: PaymentBankDetails; paymentReference: string }): Rows {
  const rows: [string, string][] = [['Amount', formatMoney(input.amount)]];
  if (input.beneficiary) rows.push(['Beneficiary', input.beneficiary]);
  rows.push(
    ['Bank', input.bankDetails.bankName],
    ['IBAN', input.bankDetails.iban],
    ['BIC', input.bankDetails.bic],
    ['Payment reference', formatRfReference(input.paymentReference)],
  );
  return table(rows);
}

const QUOTE_REFERENCE =
  'Please quote the payment reference exactly (in the structured or "creditor reference" field if your bank ' +
  'has one): it is how your payment is matched to your account automatically.';

/** Ends a free-text phrase with a full stop unless it already ends a sentence. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

const SIGNATURE = '-- \nBilling';

function message(
  subject: string,
  organizationName: string | undefined,
  paragraphs: readonly (string | Rows | false | undefined | null)[],
  action?: EmailAction,
): EmailContent {
  const greeting = organizationName ? `Hello ${organizationName},` : 'Hello,';
  const body = paragraphs.filter(
    (p): p is string | Rows => (typeof p === 'string' && p.length > 0) || (typeof p === 'object' && p !== null),
  );
  const blocks: EmailBlock[] = body.map((p) => (typeof p === 'string' ? { kind: 'paragraph', text: p } : { kind: 'table', rows: p.rows }));
  if (action) blocks.push({ kind: 'button', ...action });
  const text = `${[greeting, ...body.map((p) => (typeof p === 'string' ? p : rowsText(p))), SIGNATURE].join('\n\n')}\n`;
  return { subject, text, layout: { greeting, blocks, signature: 'Billing' } };
}

const label = (state: string) => state.replace(/_/g, ' ');

interface Addressee {
  /** Used in the greeting. */
  organizationName?: string;
  /** The customer portal ("https://…/portal"): the HTML part gets a button to the page that fits the e-mail. */
  portalUrl?: string;
}

/** The customer portal's base URL, for `portalUrl`. */
export const portalUrlOf = (publicBaseUrl: string) => `${publicBaseUrl.replace(/\/+$/, '')}/portal`;

const button = (input: Addressee, label: string, page: string): EmailAction | undefined =>
  input.portalUrl ? { label, url: `${input.portalUrl}${page}` } : undefined;

// ---- proforma issued ----

/** Structurally the workflow's `Proforma` (workflows/definitions.ts). */
export interface ProformaSummary {
  number: string;
  paymentReference: string;
  /** The amount to transfer: the proforma's total. */
  amountMinor: number;
  currency: Currency;
  dueDate: Date | string;
  bankDetails: PaymentBankDetails;
}

export interface ProformaIssuedInput extends Addressee {
  proforma: ProformaSummary;
  /** The account holder's name, as the bank expects it (the seller). */
  beneficiary?: string;
  /** From validateTopUp, e.g. the balance will still be short of the next billing cycle. */
  warning?: string | null;
  /** The top-up order, for the portal button. */
  orderId?: string;
}

export function proformaIssued(input: ProformaIssuedInput): EmailContent {
  const { proforma } = input;
  const amount = formatMoney({ amountMinor: proforma.amountMinor, currency: proforma.currency });
  return message(
    `Proforma invoice ${proforma.number}: please transfer ${amount}`,
    input.organizationName,
    [
      `Thank you for your top-up order. Your proforma invoice ${proforma.number} is attached. ` +
        `Please transfer ${amount} to the account below by ${formatDate(proforma.dueDate)}:`,
      paymentTable({
        amount: { amountMinor: proforma.amountMinor, currency: proforma.currency },
        beneficiary: input.beneficiary,
        bankDetails: proforma.bankDetails,
        paymentReference: proforma.paymentReference,
      }),
      QUOTE_REFERENCE,
      input.warning && `Please note: ${input.warning}`,
      'Your balance is credited as soon as the transfer reaches us.',
    ],
    input.orderId
      ? button(input, 'View the top-up and download the invoice', `/balance/top-ups/${encodeURIComponent(input.orderId)}`)
      : undefined,
  );
}

// ---- funds received ----

export interface FundsReceivedInput extends Addressee {
  proformaNumber: string;
  /** What this bank credit added to the balance. */
  amount: Money;
  /** The organization's prepaid balance after the credit. */
  balance: Money;
  /** The top-up order's state after the credit. */
  state: TopUpState;
  /** The order's full amount and everything received for it so far (this credit included), if known. */
  orderAmount?: Money;
  receivedTotal?: Money;
}

export function creditReversed(input: {
  organizationName: string;
  amount: Money;
  balance: Money;
  proformaNumber: string;
  paymentReference: string;
  reason: string;
  state: TopUpState;
}): EmailContent {
  const reversed = formatMoney(input.amount);
  return message(`Transfer returned: ${reversed} taken back from your balance`, input.organizationName, [
    `Your bank transfer of ${reversed} for top-up ${input.proformaNumber} was returned by the bank, so it has been taken back from your prepaid balance.`,
    table([
      ['Amount taken back', reversed],
      ['Bank reason', input.reason],
      ['New balance', formatMoney(input.balance)],
      ['Order', `${input.proformaNumber} (${label(input.state)})`],
    ]),
    `To complete the top-up, please transfer the amount again quoting ${formatRfReference(input.paymentReference)}.`,
  ]);
}

export function fundsReceived(input: FundsReceivedInput): EmailContent {
  const credited = formatMoney(input.amount);
  const order = `top-up ${input.proformaNumber}`;
  let state: string;
  if (input.state === 'paid') {
    const excess = input.orderAmount && input.receivedTotal ? input.receivedTotal.amountMinor - input.orderAmount.amountMinor : 0;
    state =
      excess > 0
        ? `Your ${order} is now paid in full; the ${formatMoney({ amountMinor: excess, currency: input.amount.currency })} ` +
          'paid in excess has been credited to your balance too.'
        : `Your ${order} is now paid in full.`;
  } else if (input.state === 'partially_paid' || input.state === 'awaiting_payment') {
    state =
      input.orderAmount && input.receivedTotal
        ? `Your ${order} is partially paid: ${formatMoney(input.receivedTotal)} of ${formatMoney(input.orderAmount)} ` +
          `received, ${formatMoney({
            amountMinor: Math.max(0, input.orderAmount.amountMinor - input.receivedTotal.amountMinor),
            currency: input.orderAmount.currency,
          })} still to transfer with the same payment reference.`
        : `Your ${order} is partially paid: please transfer the rest with the same payment reference.`;
  } else {
    // A transfer that arrives after the order expired or was cancelled is still credited.
    state = `Your ${order} was already ${label(input.state)}; the transfer has been credited to your balance all the same.`;
  }
  return message(
    `Payment received: ${credited} credited to your balance`,
    input.organizationName,
    [
      `We have received your bank transfer and credited ${credited} to your prepaid balance.`,
      table([
        ['Amount credited', credited],
        ['New balance', formatMoney(input.balance)],
        ['Order', `${input.proformaNumber} (${label(input.state)})`],
      ]),
      state,
    ],
    button(input, 'See your prepaid balance', '/balance'),
  );
}

// ---- reminder ----

export interface TopUpReminderInput extends Addressee {
  proformaNumber: string;
  paymentReference: string;
  /** What is still to transfer (the order amount less what was received). */
  outstanding: Money;
  bankDetails: PaymentBankDetails;
  beneficiary?: string;
  /** When the order lapses if still unpaid. */
  expiresAt: Date | string;
}

export function topUpReminder(input: TopUpReminderInput): EmailContent {
  const amount = formatMoney(input.outstanding);
  const by = formatDate(input.expiresAt);
  return message(
    `Reminder: proforma invoice ${input.proformaNumber} awaits your transfer of ${amount}`,
    input.organizationName,
    [
      `We have not yet received the full payment for your top-up ${input.proformaNumber}. Please transfer ${amount} by ${by}:`,
      paymentTable({ ...input, amount: input.outstanding }),
      QUOTE_REFERENCE,
      `If the transfer has not reached us by ${by}, the order expires. ` +
        'If you have already paid, please ignore this reminder: transfers can take a few working days.',
    ],
    button(input, 'See the bank details in the portal', '/balance'),
  );
}

// ---- expired / cancelled ----

export interface TopUpClosedInput extends Addressee {
  proformaNumber: string;
  paymentReference: string;
  orderAmount?: Money;
  /** What was received before the order closed; it stays on the balance. */
  receivedTotal?: Money;
}

function closedParagraphs(input: TopUpClosedInput): string[] {
  const paragraphs = [`Please do not make any more transfers with the payment reference ${formatRfReference(input.paymentReference)}.`];
  if (input.receivedTotal && input.receivedTotal.amountMinor > 0) {
    paragraphs.push(`The ${formatMoney(input.receivedTotal)} we received for this order remains credited to your balance.`);
  }
  paragraphs.push('To add funds, please place a new top-up order: you will receive a new proforma invoice and payment reference.');
  return paragraphs;
}

const forAmount = (amount: Money | undefined) => (amount ? ` for ${formatMoney(amount)}` : '');

export function topUpExpired(input: TopUpClosedInput & { expiredAt?: Date | string }): EmailContent {
  const when = input.expiredAt ? ` on ${formatDate(input.expiredAt)}` : '';
  return message(`Top-up ${input.proformaNumber} has expired`, input.organizationName, [
    `Your top-up order ${input.proformaNumber}${forAmount(input.orderAmount)} expired${when} without being paid in full.`,
    ...closedParagraphs(input),
  ]);
}

export function topUpCancelled(input: TopUpClosedInput & { reason?: string | null }): EmailContent {
  return message(`Top-up ${input.proformaNumber} has been cancelled`, input.organizationName, [
    `Your top-up order ${input.proformaNumber}${forAmount(input.orderAmount)} has been cancelled` +
      (input.reason ? `: ${sentence(input.reason)}` : '.'),
    ...closedParagraphs(input),
  ]);
}

// ---- payment methods ----

/** Structurally the workflows' `SavedPaymentMethod` (workflows/definitions.ts): display fields only. */
export interface PaymentMethodSummary {
  kind: 'paypal' | 'card';
  isDefault: boolean;
  /** PayPal's payment token id. */
  billingAgreementNumber?: string;
  payerEmail?: string;
  card?: { brand: string; last4: string; expMonth: number; expYear: number };
}

const brandName = (brand: string) => (brand.length <= 4 ? brand.toUpperCase() : brand.charAt(0).toUpperCase() + brand.slice(1));

function methodRows(method: PaymentMethodSummary): [string, string][] {
  if (method.kind === 'paypal') {
    const rows: [string, string][] = [['Method', 'PayPal']];
    if (method.payerEmail) rows.push(['PayPal account', method.payerEmail]);
    if (method.billingAgreementNumber) rows.push(['Billing agreement number', method.billingAgreementNumber]);
    return rows;
  }
  const card = method.card;
  return card
    ? [
        ['Method', 'Card'],
        ['Card', `${brandName(card.brand)} ending in ${card.last4}`],
        ['Expires', `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`],
      ]
    : [['Method', 'Card']];
}

const methodName = (method: PaymentMethodSummary) =>
  method.kind === 'paypal' ? 'PayPal' : method.card ? `card ending in ${method.card.last4}` : 'card';

export function paymentMethodAdded(input: Addressee & { method: PaymentMethodSummary }): EmailContent {
  const { method } = input;
  return message(`Payment method added: ${methodName(method)}`, input.organizationName, [
    method.kind === 'paypal'
      ? 'Your PayPal billing agreement is set up: we can now charge your PayPal account for your monthly invoices.'
      : 'Your card is saved: we can now charge it for your monthly invoices without asking you each time.',
    table(methodRows(method)),
    method.isDefault
      ? 'It is now your default payment method: your next invoices are charged to it.'
      : 'Your default payment method is unchanged; you can choose this one as the default at any time.',
    'If you did not set this up, please contact us at once.',
  ]);
}

export function paymentMethodRemoved(input: Addressee & { method: PaymentMethodSummary }): EmailContent {
  const { method } = input;
  return message(`Payment method removed: ${methodName(method)}`, input.organizationName, [
    `We will no longer charge this ${method.kind === 'paypal' ? 'PayPal billing agreement' : 'card'}:`,
    table(methodRows(method)),
    'If it was your default payment method, your invoices are now paid from your prepaid balance until you choose another one.',
    'If you did not remove it, please contact us at once.',
  ]);
}

// ---- billing cycle ----

const methodLabel = (method: 'prepaid' | 'paypal' | 'card' | 'none') =>
  ({ prepaid: 'your prepaid balance', paypal: 'PayPal', card: 'your card', none: 'nothing (no amount due)' })[method];

export interface FinalInvoiceInput extends Addressee {
  invoiceNumber: string;
  cycleId: string;
  total: Money;
  paidWith: 'prepaid' | 'paypal' | 'card' | 'none';
  paidAt: Date | string;
}

export function finalInvoiceIssued(input: FinalInvoiceInput): EmailContent {
  return message(
    `Invoice ${input.invoiceNumber} for ${input.cycleId}: ${formatMoney(input.total)} paid`,
    input.organizationName,
    [
      `Your invoice ${input.invoiceNumber} for the billing period ${input.cycleId} is attached.`,
      table([
        ['Invoice', input.invoiceNumber],
        ['Period', input.cycleId],
        ['Total', formatMoney(input.total)],
        ['Paid with', methodLabel(input.paidWith)],
        ['Paid on', formatDate(input.paidAt)],
      ]),
      'No action is needed: the amount has already been collected.',
    ],
    button(input, 'Download your invoices', '/invoices'),
  );
}

export interface LowBalanceInput extends Addressee {
  cycleId: string;
  cycleEndsAt: Date | string;
  balance: Money;
  /** The cycle's estimated charges plus anything still unpaid. */
  estimate: Money;
  shortfall: Money;
}

export function lowBalanceWarning(input: LowBalanceInput): EmailContent {
  return message(
    `Your prepaid balance will not cover the billing cycle ${input.cycleId}`,
    input.organizationName,
    [
      `Your billing cycle ${input.cycleId} is charged to your prepaid balance on ${formatDate(input.cycleEndsAt)}.`,
      table([
        ['Balance', formatMoney(input.balance)],
        ['Estimated charges', formatMoney(input.estimate)],
        ['Missing', formatMoney(input.shortfall)],
      ]),
      `Please order a top-up of at least ${formatMoney(input.shortfall)}: ensure the top-up amount is sufficient for the next billing cycle. ` +
        'Bank transfers can take a few working days to reach us.',
    ],
    button(input, 'Top up now', '/balance'),
  );
}

export interface CyclePaymentProblemInput extends Addressee {
  cycleId: string;
  amountDue: Money;
  outcome: 'insufficient_funds' | 'declined' | 'authentication_required' | 'no_payment_method';
  method: 'prepaid' | 'paypal' | 'card';
  /** 1 for the first notice, 2… for the reminders that follow each failed retry. */
  noticeNumber: number;
  balance?: Money;
  /** What the provider said, e.g. "Your card was declined." */
  reason?: string;
  /** Where the customer completes a card payment that needs authentication (3-D Secure). */
  authenticationUrl?: string;
  nextAttemptAt?: Date | string;
  /** Suspension follows if the next attempt fails too. */
  finalNotice: boolean;
}

export function cyclePaymentProblem(input: CyclePaymentProblemInput): EmailContent {
  const due = formatMoney(input.amountDue);
  const prefix = input.noticeNumber > 1 ? `Reminder ${input.noticeNumber - 1}: ` : '';
  const next = input.nextAttemptAt ? `We will try again on ${formatDate(input.nextAttemptAt)}.` : undefined;
  const warning = input.finalNotice ? 'If that attempt fails too, your account will be suspended until the amount is paid.' : undefined;
  if (input.outcome === 'insufficient_funds') {
    const shortfall = input.balance ? Math.max(0, input.amountDue.amountMinor - input.balance.amountMinor) : input.amountDue.amountMinor;
    const missing = formatMoney({ amountMinor: shortfall, currency: input.amountDue.currency });
    return message(
      `${prefix}Please top up: ${due} for ${input.cycleId} could not be charged`,
      input.organizationName,
      [
        `Your billing cycle ${input.cycleId} comes to ${due}, but your prepaid balance${input.balance ? ` of ${formatMoney(input.balance)}` : ''} does not cover it.`,
        `Please top up at least ${missing}. The charge is taken as soon as your transfer is credited.`,
        next,
        warning,
      ],
      button(input, 'Top up now', '/balance'),
    );
  }
  if (input.outcome === 'authentication_required') {
    return message(
      `${prefix}Action needed: confirm the payment of ${due} for ${input.cycleId}`,
      input.organizationName,
      [
        `Your bank asks you to confirm the card payment of ${due} for your billing cycle ${input.cycleId} (3-D Secure).`,
        input.authenticationUrl && `Please confirm it here: ${input.authenticationUrl}`,
        next,
        warning,
      ],
      input.authenticationUrl ? { label: 'Confirm the payment', url: input.authenticationUrl } : undefined,
    );
  }
  if (input.outcome === 'no_payment_method') {
    return message(
      `${prefix}Action needed: no payment method for ${due} (${input.cycleId})`,
      input.organizationName,
      [
        `Your billing cycle ${input.cycleId} comes to ${due}, but ${methodLabel(input.method)} is not set up any more.`,
        'Please add a payment method, or choose the prepaid balance and top it up.',
        next,
        warning,
      ],
      button(input, 'Set up a payment method', '/billing'),
    );
  }
  return message(
    `${prefix}Payment of ${due} for ${input.cycleId} failed`,
    input.organizationName,
    [
      `We could not charge ${methodLabel(input.method)} ${due} for your billing cycle ${input.cycleId}${input.reason ? `: ${sentence(input.reason)}` : '.'}`,
      'Please update your payment method, or choose the prepaid balance and top it up.',
      next,
      warning,
    ],
    button(input, 'Update your payment method', '/billing'),
  );
}

export function accountSuspended(input: Addressee & { amountDue: Money; cycleIds: string[] }): EmailContent {
  return message(`Your account is suspended: ${formatMoney(input.amountDue)} unpaid`, input.organizationName, [
    `We have been unable to collect ${formatMoney(input.amountDue)} for the billing cycle${input.cycleIds.length > 1 ? 's' : ''} ${input.cycleIds.join(', ')}, so your account is suspended.`,
    'It is reactivated as soon as the amount is paid: top up your prepaid balance or update your payment method, and we charge it at once.',
  ]);
}

export function accountReactivated(input: Addressee): EmailContent {
  return message('Your account is active again', input.organizationName, [
    'Thank you: your outstanding balance is paid and your account is active again.',
  ]);
}

export function billingCancelled(input: Addressee & { lastCycleId?: string }): EmailContent {
  return message('Your subscription has ended', input.organizationName, [
    input.lastCycleId ? `Your last billing cycle was ${input.lastCycleId}; nothing more will be charged.` : 'Nothing more will be charged.',
  ]);
}

// ---- credit notes and refunds ----

export interface CreditNoteIssuedInput extends Addressee {
  creditNoteNumber: string;
  invoiceNumber: string;
  total: Money;
  reason: string;
  issueDate: Date | string;
}

export function creditNoteIssued(input: CreditNoteIssuedInput): EmailContent {
  return message(
    `Credit note ${input.creditNoteNumber} for invoice ${input.invoiceNumber}: ${formatMoney(input.total)}`,
    input.organizationName,
    [
      `Your credit note ${input.creditNoteNumber}, correcting invoice ${input.invoiceNumber}, is attached.`,
      table([
        ['Credit note', input.creditNoteNumber],
        ['Corrects invoice', input.invoiceNumber],
        ['Amount credited', formatMoney(input.total)],
        ['Reason', input.reason],
        ['Issued on', formatDate(input.issueDate)],
      ]),
      'Keep it with the invoice for your records.',
    ],
  );
}

const REFUND_PLACE = {
  balance: 'your prepaid balance',
  card: 'the card that paid',
  paypal: 'the PayPal account that paid',
  bank_transfer: 'your bank account',
} as const;

export interface RefundSentInput extends Addressee {
  amount: Money;
  destination: keyof typeof REFUND_PLACE;
  /** The credit note paid back; absent for unused prepaid balance. */
  creditNoteNumber?: string;
  bankReference?: string;
}

export function refundSent(input: RefundSentInput): EmailContent {
  const what = input.creditNoteNumber ? `credit note ${input.creditNoteNumber}` : 'your unused prepaid balance';
  return message(`Refund of ${formatMoney(input.amount)} sent`, input.organizationName, [
    `We have paid ${formatMoney(input.amount)} back to ${REFUND_PLACE[input.destination]} for ${what}.`,
    input.bankReference && table([['Bank reference', input.bankReference]]),
    input.destination === 'card' || input.destination === 'paypal'
      ? 'It can take a few business days to show on your statement.'
      : undefined,
  ]);
}
