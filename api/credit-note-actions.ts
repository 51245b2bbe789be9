/**
 * Operator actions on money going back, shared by the admin API (api/routes/credit-notes.ts) and the ops
 * CLI (scripts/ops.ts): issue a credit note, refund one, pay out unused prepaid balance. Each is a Temporal
 * Update carrying the operator's name and reason (update-with-start on the credit note's or the refund's own
 * workflow); the accepted update stays in that workflow's history, the audit log. Refusals answer as
 * ApiError (400 naming the field, 404, 409).
 */
import { createHash, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Models } from '../models';
import type { CreditNoteRecord } from '../models/credit-note';
import { balancePayoutId, refundId, type RefundRecord } from '../models/refund';
import {
  creditNoteWorkflowId,
  issueCreditNoteUpdate,
  refundWorkflowId,
  requestRefundUpdate,
  type BalancePayoutRequest,
  type CreditNoteRequest,
  type CreditNoteStatus,
  type RefundInstruction,
  type RefundView,
} from '../workflows/credit-note-definitions';
import type { OperatorRequest } from '../workflows/definitions';
import { ApiError, conflict, notFound } from './errors';
import { updateFailureToApiError } from './temporal-errors';

export interface MoneyBackDeps {
  models: Models;
  temporal: Client;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'BILLING_ACTIVITY_TIMEOUT'>;
}

/** The same Idempotency-Key (per scope) names the same request, hence the same workflow and credit note. */
export function requestIdFor(scope: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID().replace(/-/g, '');
  return createHash('sha256').update(`${scope}\n${idempotencyKey}`).digest('hex').slice(0, 32);
}

/** A refusal from the workflow, in HTTP terms; "field: message" refusals name their field. */
async function answer<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    try {
      return updateFailureToApiError(error);
    } catch (mapped) {
      if (mapped instanceof ApiError && mapped.status === 400) {
        const field = /^([\w.]+): /.exec(mapped.message)?.[1];
        if (field) throw new ApiError(400, 'invalid_request', mapped.message, [{ field, message: mapped.message.slice(field.length + 2) }]);
      }
      throw mapped;
    }
  }
}

export async function issueCreditNoteByOperator(
  { models, temporal, config }: MoneyBackDeps,
  request: CreditNoteRequest,
  idempotencyKey?: string,
): Promise<CreditNoteStatus> {
  const invoice = await models.Invoice.findById(request.invoiceNumber, { orgId: 1, series: 1 }).lean();
  if (!invoice) throw notFound('invoice');
  const requestId = requestIdFor(`credit-note:${request.invoiceNumber}`, idempotencyKey);
  return answer(() =>
    temporal.workflow.executeUpdateWithStart(issueCreditNoteUpdate, {
      args: [request],
      startWorkflowOperation: new WithStartWorkflowOperation('creditNoteWorkflow', {
        workflowId: creditNoteWorkflowId(requestId),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ requestId, orgId: invoice.orgId, activityTimeout: config.BILLING_ACTIVITY_TIMEOUT }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    }),
  );
}

/** Pays a credit note back: the next attempt after any that failed; refused while one is pending or succeeded. */
export async function refundCreditNoteByOperator(
  { models, temporal, config }: MoneyBackDeps,
  creditNoteNumber: string,
  request: RefundInstruction & OperatorRequest,
): Promise<RefundView> {
  const note = await models.CreditNote.findById(creditNoteNumber, { orgId: 1 }).lean<Pick<CreditNoteRecord, '_id' | 'orgId'>>();
  if (!note) throw notFound('credit note');
  const earlier = await models.Refund.find({ creditNoteNumber }, { status: 1, attempt: 1 }).lean<
    Pick<RefundRecord, 'status' | 'attempt'>[]
  >();
  const settled = earlier.find((r) => r.status !== 'failed');
  if (settled) throw conflict(`credit note ${creditNoteNumber} is already ${settled.status === 'pending' ? 'being refunded' : 'refunded'}`);
  const id = refundId(creditNoteNumber, earlier.reduce((n, r) => Math.max(n, r.attempt), 0) + 1);
  return answer(() =>
    temporal.workflow.executeUpdateWithStart(requestRefundUpdate, {
      args: [{ source: 'credit_note', refundId: id, orgId: note.orgId, creditNoteNumber, ...request }],
      startWorkflowOperation: new WithStartWorkflowOperation('refundWorkflow', {
        workflowId: refundWorkflowId(id),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ refundId: id, orgId: note.orgId, activityTimeout: config.BILLING_ACTIVITY_TIMEOUT }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    }),
  );
}

/** An organization that leaves gets its unused prepaid balance back: ops paid it by bank, this debits the balance. */
export async function payOutBalanceByOperator(
  { models, temporal, config }: MoneyBackDeps,
  orgId: string,
  request: BalancePayoutRequest,
  idempotencyKey?: string,
): Promise<RefundView> {
  if (!(await models.Organization.exists({ _id: orgId }))) throw notFound('organization');
  const id = balancePayoutId(orgId, requestIdFor(`balance-payout:${orgId}`, idempotencyKey));
  return answer(() =>
    temporal.workflow.executeUpdateWithStart(requestRefundUpdate, {
      args: [{ source: 'prepaid_balance', refundId: id, orgId, ...request }],
      startWorkflowOperation: new WithStartWorkflowOperation('refundWorkflow', {
        workflowId: refundWorkflowId(id),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{ refundId: id, orgId, activityTimeout: config.BILLING_ACTIVITY_TIMEOUT }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    }),
  );
}
