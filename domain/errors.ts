/**
 * The failure kinds that workflows, activities and the API share: the `type` of an ApplicationFailure, and
 * what the API answers for each. Deterministic, so workflows may import it.
 */
import { ApplicationFailure } from '@temporalio/common';

/** Refusals: the request cannot succeed as asked, so Temporal does not retry it and the caller is told why. */
export const FailureType = {
  InvalidInput: 'InvalidInput',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  /** An amount beyond Number.MAX_SAFE_INTEGER minor units: retrying cannot help, ops must look. */
  AmountOverflow: 'AmountOverflow',
} as const;
export const REFUSALS: FailureType[] = [FailureType.InvalidInput, FailureType.NotFound, FailureType.Conflict];
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Billing failures that are not the caller's to fix: the workflow acts on them instead of retrying. */
export const BillingFailure = {
  /** A cycle's bill cannot be computed (an amount beyond the safe integers): billing parks the cycle for ops. */
  CycleUnbillable: 'CycleUnbillable',
} as const;
/** How the API answers a refusal that reached it through a workflow (an update's validator or handler). */
export const FAILURE_HTTP: Record<FailureType, { status: 400 | 404 | 409 | 422; code: string }> = {
  InvalidInput: { status: 400, code: 'invalid_request' },
  NotFound: { status: 404, code: 'not_found' },
  Conflict: { status: 409, code: 'conflict' },
  AmountOverflow: { status: 422, code: 'amount_overflow' },
};

export const isFailureType = (type: string | null | undefined): type is FailureType =>
  type !== null && type !== undefined && type in FAILURE_HTTP;

export const Refusal = {
  invalidInput: (message: string) => ApplicationFailure.nonRetryable(message, FailureType.InvalidInput),
  notFound: (message: string) => ApplicationFailure.nonRetryable(message, FailureType.NotFound),
  conflict: (message: string) => ApplicationFailure.nonRetryable(message, FailureType.Conflict),
};

/**
 * Provider answers that a retry cannot change (Temporal does not retry them). Anything else a provider call
 * throws (HTTP 408/429/5xx, a dropped connection) is retried with the same idempotency key.
 */
export const ProviderFailure = {
  /** The provider refused the request itself: HTTP 4xx, bad credentials, unknown id, unprocessable. */
  Rejected: 'ProviderRejected',
  /** The card issuer or PayPal declined a payment. */
  PaymentDeclined: 'PaymentDeclined',
  /** An off-session card payment needs the customer to authenticate (3-D Secure) first. */
  AuthenticationRequired: 'AuthenticationRequired',
  /** The amount is below what the provider can charge (Stripe's minimum): not the customer's decline. */
  BelowMinimum: 'AmountBelowProviderMinimum',
  /**
   * The provider may hold a payment we cannot identify (PayPal refused a duplicate invoice id; an attempt's
   * order id was never stored and its request id has expired; a capture of another amount): a human decides.
   */
  NeedsReconciliation: 'NeedsReconciliation',
} as const;
export type ProviderFailure = (typeof ProviderFailure)[keyof typeof ProviderFailure];
export const NON_RETRYABLE_PROVIDER_FAILURES: string[] = Object.values(ProviderFailure);
