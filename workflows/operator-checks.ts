import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { FailureType } from '../domain/errors';
import type { OperatorRequest } from './definitions';
import type { RefundInstruction } from './credit-note-definitions';

/** Every operator action names who asks and why: the accepted update is the audit record. */
export function requireOperator(request: Partial<OperatorRequest> | undefined, what: string): void {
  if (!request?.by?.trim() || !request.reason?.trim()) {
    throw ApplicationFailure.nonRetryable(`${what} names who asks (by) and why (reason)`, FailureType.InvalidInput);
  }
}

export function validRefundInstruction(refund: RefundInstruction): void {
  if (!['balance', 'payment', 'bank_transfer'].includes(refund.to))
    throw ApplicationFailure.nonRetryable('refund.to: balance, payment or bank_transfer', FailureType.InvalidInput);
  if (refund.to === 'bank_transfer' && !refund.bankReference?.trim())
    throw ApplicationFailure.nonRetryable('refund.bankReference: the bank reference of the payout ops made', FailureType.InvalidInput);
}

/** An activity's refusal (NotFound, Conflict, InvalidInput…) as the update's own failure, so the API can say it. */
export function refusalOf(error: unknown): unknown {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return cause instanceof ApplicationFailure ? ApplicationFailure.nonRetryable(cause.message, cause.type, ...(cause.details ?? [])) : error;
}
