import type { Duration } from '@temporalio/common';
import { ActivityFailure, allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { FailureType } from '../domain/errors';
import { NON_RETRYABLE_PROVIDER_FAILURES } from '../domain/payment-methods';
import { refundStatusQuery, requestRefundUpdate, type RefundInput, type RefundOpening, type RefundView } from './credit-note-definitions';
import { failureInfo } from './failures';
import { refusalOf, requireOperator, validRefundInstruction } from './operator-checks';

const REFUSALS = [
  FailureType.NotFound,
  FailureType.InvalidInput,
  FailureType.Conflict,
  'InsufficientFunds',
  ...NON_RETRYABLE_PROVIDER_FAILURES,
];
// Moving money is retried without limit (a provider outage only delays it; ops see it in `failing`), with the
// attempt's own id as the idempotency key every time.
const refundActivities = (startToCloseTimeout: Duration = '2 minutes') =>
  proxyActivities<Activities>({
    startToCloseTimeout,
    retry: { initialInterval: '1 second', maximumInterval: '5 minutes', nonRetryableErrorTypes: REFUSALS },
  });

const REQUEST_TIMEOUT = '1 hour';

/**
 * One refund attempt (models/refund.ts): checked against the books and recorded pending, the money moved
 * once under the attempt's key, then recorded succeeded, or failed with the provider's answer. The request
 * comes in the input (a credit note's own refund) or as the operator's requestRefund update, which answers
 * once the attempt is settled.
 */
export async function refundWorkflow(input: RefundInput & { opening?: RefundOpening }): Promise<RefundView | undefined> {
  const { openRefund, executeRefund, failRefund } = refundActivities(input.activityTimeout as Duration | undefined);
  let opening = input.opening;
  let view: RefundView | undefined;
  let refusal: unknown;

  setHandler(refundStatusQuery, () => view);
  setHandler(
    requestRefundUpdate,
    async (asked) => {
      opening ??= asked;
      await condition(() => refusal !== undefined || (view !== undefined && view.status !== 'pending'));
      if (refusal) throw refusal;
      return view!;
    },
    {
      validator: (asked) => {
        requireOperator(asked, 'a refund');
        if (asked.refundId !== input.refundId || asked.orgId !== input.orgId)
          throw ApplicationFailure.nonRetryable(`this workflow refunds ${input.refundId}`, FailureType.InvalidInput);
        if (asked.source === 'credit_note') validRefundInstruction(asked);
        if (opening) throw ApplicationFailure.nonRetryable(`refund ${input.refundId} was already requested`, FailureType.Conflict);
      },
    },
  );

  if (!(await condition(() => opening !== undefined, REQUEST_TIMEOUT))) return undefined;
  try {
    view = await openRefund(opening!);
  } catch (error) {
    refusal = refusalOf(error);
    await condition(allHandlersFinished);
    if (input.opening) throw refusal;
    return undefined;
  }
  if (view.status === 'pending') {
    try {
      view = await executeRefund({ refundId: input.refundId });
    } catch (error) {
      const refused = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable;
      if (!refused) throw error;
      view = await failRefund({ refundId: input.refundId, error: failureInfo(error) });
    }
  }
  await condition(allHandlersFinished);
  return view;
}
