/**
 * Every kind of business fact the engine announces (GET /v1/events, webhooks). Adding a fact means adding
 * its name here and one `recordEvent` call in the activity that makes the effect.
 */
export const EVENT_TYPES = [
  'organization.created',
  'organization.updated',
  'organization.suspended',
  'organization.reactivated',
  'topup.created',
  'proforma.issued',
  'topup.credited',
  'topup.paid',
  'topup.expired',
  'topup.cancelled',
  'bank_credit.unmatched',
  'balance.low',
  'invoice.finalized',
  'payment.succeeded',
  'payment.failed',
  'payment.action_required',
  'payment_method.attached',
  'payment_method.removed',
  'debt.written_off',
  'credit_note.issued',
  'refund.succeeded',
  'refund.failed',
  'dispute.opened',
  'dispute.won',
  'dispute.lost',
  'bank_credit.reversed',
  /** A bank statement file was imported (a platform fact): its report's counts and totals per currency. */
  'bank_statement.imported',
  /** Ops' alert: an endpoint kept failing for the whole retry window and was disabled. */
  'webhook_endpoint.disabled',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** An endpoint subscribed to no type in particular receives every type. */
export const endpointWants = (eventTypes: readonly string[], type: string) => eventTypes.length === 0 || eventTypes.includes(type);
