import type { Duration } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  ChildWorkflowFailure,
  condition,
  executeChild,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { FailureType } from '../domain/errors';
import {
  creditNoteStatusQuery,
  issueCreditNoteUpdate,
  refundWorkflowId,
  type CreditNoteInput,
  type CreditNoteRequest,
  type CreditNoteStatus,
  type RefundView,
} from './credit-note-definitions';
import { failureInfo } from './failures';
import { refundWorkflow } from './refund';
import { refusalOf, requireOperator, validRefundInstruction } from './operator-checks';

const REFUSALS = [FailureType.NotFound, FailureType.InvalidInput, FailureType.Conflict];
const creditNoteActivities = (startToCloseTimeout: Duration = '2 minutes') =>
  proxyActivities<Activities>({
    startToCloseTimeout,
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: REFUSALS },
  });

/** How long a credit-note workflow started without its request waits for it (update-with-start brings it at once). */
const REQUEST_TIMEOUT = '1 hour';

/**
 * One credit note: issued (numbered, PDF, e-mail) on the operator's request or for a refund made in the
 * provider's dashboard, then, if the operator asked, its money sent back by a refund workflow (a child, so
 * the hop is in this history). A request the books refuse (more than is left to credit) answers the operator
 * and leaves nothing behind.
 */
export async function creditNoteWorkflow(input: CreditNoteInput): Promise<CreditNoteStatus> {
  const { issueCreditNote, recordProviderRefund } = creditNoteActivities(input.activityTimeout as Duration | undefined);
  let request: CreditNoteRequest | undefined;
  let state: CreditNoteStatus['state'] = input.providerRefund ? 'issuing' : 'awaiting_request';
  let creditNote: CreditNoteStatus['creditNote'];
  let refund: RefundView | undefined;
  let refused = false;
  let refundRefusal: string | undefined;
  const status = (): CreditNoteStatus => ({
    requestId: input.requestId,
    state,
    creditNote,
    refund,
    ...(refundRefusal ? { refundRefusal } : {}),
  });
  const key = `credit-note:${input.requestId}`;

  setHandler(creditNoteStatusQuery, status);
  setHandler(
    issueCreditNoteUpdate,
    async (asked) => {
      request = asked;
      state = 'issuing';
      try {
        creditNote = await issueCreditNote({
          key,
          orgId: input.orgId,
          invoiceNumber: asked.invoiceNumber,
          credit: asked.lines ? { kind: 'lines', lines: asked.lines } : { kind: 'full' },
          reason: asked.reason,
          by: asked.by,
          origin: 'operator',
        });
      } catch (error) {
        refused = true;
        state = 'done';
        throw refusalOf(error);
      }
      return status();
    },
    {
      validator: (asked) => {
        requireOperator(asked, 'a credit note');
        if (!asked.invoiceNumber?.trim()) throw ApplicationFailure.nonRetryable('invoiceNumber: required', FailureType.InvalidInput);
        if (asked.refund) validRefundInstruction(asked.refund);
        if (request) throw ApplicationFailure.nonRetryable(`credit note request ${input.requestId} was already made`, FailureType.Conflict);
      },
    },
  );

  const { providerRefund } = input;
  if (providerRefund) {
    creditNote = await issueCreditNote({
      key,
      orgId: input.orgId,
      invoiceNumber: providerRefund.invoiceNumber,
      credit: { kind: 'gross', amountMinor: providerRefund.amountMinor },
      reason: `refunded in the ${providerRefund.provider === 'stripe' ? 'Stripe' : 'PayPal'} dashboard (${providerRefund.providerRefundId})`,
      by: providerRefund.provider,
      origin: 'provider_refund',
    });
    // The provider's refund is recorded whatever the books say: the money has left. The credit note stands
    // for what the invoice had left to credit (none when nothing was left); recordProviderRefund flags the
    // rest for ops (the same activity, so a running workflow replays unchanged).
    refund = await recordProviderRefund({ ...providerRefund, ...(creditNote ? { creditNoteNumber: creditNote.number } : {}) });
  } else {
    if (!(await condition(() => creditNote !== undefined || refused, REQUEST_TIMEOUT)) || refused) {
      state = 'done';
      await condition(allHandlersFinished);
      return status();
    }
    if (request?.refund) {
      state = 'refunding';
      const refundId = `refund:${creditNote!.number}:1`;
      try {
        refund = await executeChild(refundWorkflow, {
          workflowId: refundWorkflowId(refundId),
          args: [
            {
              refundId,
              orgId: input.orgId,
              activityTimeout: input.activityTimeout,
              opening: {
                source: 'credit_note',
                refundId,
                orgId: input.orgId,
                creditNoteNumber: creditNote!.number,
                ...request.refund,
                by: request.by,
                reason: request.reason,
              },
            },
          ],
        });
      } catch (error) {
        // The books refused the refund (no payment to refund, more than was paid): the credit note stands,
        // and ops can refund it another way.
        refundRefusal = failureInfo(error instanceof ChildWorkflowFailure ? error.cause : error).message;
      }
    }
  }
  state = 'done';
  await condition(allHandlersFinished);
  return status();
}
