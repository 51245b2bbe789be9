/**
 * Operator actions on top-up orders and on an organization's billing, shared by the admin API
 * (api/routes/ops.ts, api/routes/billing.ts) and the ops CLI (scripts/ops.ts). Each is a Temporal Update
 * carrying the operator's name and reason: the workflow's validator accepts or refuses it, and an accepted
 * update stays in the workflow history, which is the audit log (`npm run ops -- story <id>` shows it).
 * Refusals answer as ApiError (400/404/409).
 */
import type { Client } from '@temporalio/client';
import type { Models } from '../models';
import {
  billingWorkflowId,
  cancelTopUpUpdate,
  markPaidByHandUpdate,
  resendInvoiceUpdate,
  resendProformaUpdate,
  retryCollectionUpdate,
  topUpWorkflowId,
  writeOffDebtUpdate,
  type BillingStatus,
  type DebtWriteOff,
  type InvoiceResend,
  type ManualPayment,
  type OperatorRequest,
  type ResentInvoice,
  type TopUpStatus,
} from '../workflows/definitions';
import { conflict, notFound } from './errors';
import { sendUpdate } from './temporal-errors';

export interface OperatorDeps {
  models: Models;
  temporal: Client;
}

/** Accepts an order id or its workflow id ("top-up/<orderId>"). */
export const orderIdOf = (id: string) => (id.startsWith(topUpWorkflowId('')) ? id.slice(topUpWorkflowId('').length) : id);

async function findOrder(models: Models, id: string) {
  const order = await models.TopUpOrder.findById(orderIdOf(id), {
    orgId: 1,
    workflowId: 1,
    state: 1,
    currency: 1,
    paymentReference: 1,
  }).lean();
  if (!order) throw notFound('top-up order');
  return order;
}

type WorkflowHandle = ReturnType<Client['workflow']['getHandle']>;

async function update(
  { models, temporal }: OperatorDeps,
  id: string,
  run: (handle: WorkflowHandle, order: Awaited<ReturnType<typeof findOrder>>) => Promise<TopUpStatus>,
): Promise<TopUpStatus> {
  const order = await findOrder(models, id);
  return sendUpdate(
    () => run(temporal.workflow.getHandle(order.workflowId), order),
    () => conflict(`the order is ${order.state} and its workflow has closed`),
  );
}

export function cancelTopUpByOperator(deps: OperatorDeps, id: string, request: OperatorRequest): Promise<TopUpStatus> {
  return update(deps, id, (handle) => handle.executeUpdate(cancelTopUpUpdate, { args: [request] }));
}

export function resendProformaByOperator(deps: OperatorDeps, id: string, request: OperatorRequest): Promise<TopUpStatus> {
  return update(deps, id, (handle) => handle.executeUpdate(resendProformaUpdate, { args: [request] }));
}

/**
 * Credits a transfer the bank reported without a usable reference (it waits in
 * `GET /v1/admin/bank-credits?status=unmatched`) or never reported. The bank's record must agree on the
 * amount and must not belong to another order; once the workflow has credited it, the record is marked
 * matched (or created), so a later bank report of the same transaction is a duplicate, credited once.
 */
export async function markPaidByOperator(deps: OperatorDeps, id: string, payment: ManualPayment): Promise<TopUpStatus> {
  const { models } = deps;
  const order = await findOrder(models, id);
  const bankTxId = payment.bankTxId.trim();
  const reported = await models.BankCredit.findById(bankTxId).lean();
  if (reported?.topUpOrderId && reported.topUpOrderId !== order._id) {
    throw conflict(`bank transaction ${bankTxId} is already matched to order ${reported.topUpOrderId}`);
  }
  if (reported && (reported.amountMinor !== payment.amountMinor || reported.currency !== order.currency)) {
    throw conflict(
      `the bank reported ${bankTxId} as ${reported.amountMinor} ${reported.currency} (minor units), not ${payment.amountMinor} ${order.currency}`,
    );
  }
  const status = await update(deps, id, (handle) => handle.executeUpdate(markPaidByHandUpdate, { args: [{ ...payment, bankTxId }] }));

  const note = `matched by hand by ${payment.by}: ${payment.reason}`;
  if (reported) {
    await models.BankCredit.updateOne(
      { _id: bankTxId, status: 'unmatched' },
      { $set: { status: 'matched', orgId: order.orgId, topUpOrderId: order._id, reason: note } },
    );
  } else {
    await models.BankCredit.create({
      _id: bankTxId,
      amountMinor: payment.amountMinor,
      currency: order.currency,
      reference: order.paymentReference,
      valueDate: payment.valueDate ?? new Date().toISOString().slice(0, 10),
      status: 'matched',
      reason: note,
      orgId: order.orgId,
      topUpOrderId: order._id,
    }).catch((error: { code?: number }) => {
      if (error.code !== 11000) throw error; // the bank reported it meanwhile: its record stands
    });
  }
  return status;
}

// ---- an organization's billing workflow ----

/** Sends an update to the organization's billing workflow; 404 for an unknown organization, 409 when billing is not running. */
export async function billingUpdate<T>(
  { models, temporal }: OperatorDeps,
  orgId: string,
  run: (handle: WorkflowHandle) => Promise<T>,
): Promise<T> {
  if (!(await models.Organization.exists({ _id: orgId }))) throw notFound('organization');
  return sendUpdate(
    () => run(temporal.workflow.getHandle(billingWorkflowId(orgId))),
    () => conflict('billing is not running for this organization'),
  );
}

/** Tries the unpaid cycles now; answers once the attempt is made (refused when nothing is owed). */
export function retryCollectionByOperator(deps: OperatorDeps, orgId: string, request: OperatorRequest): Promise<BillingStatus> {
  return billingUpdate(deps, orgId, (handle) => handle.executeUpdate(retryCollectionUpdate, { args: [request] }));
}

/** Stops collecting an unpaid cycle; refused while the provider holds a payment of it. */
export function writeOffDebtByOperator(deps: OperatorDeps, orgId: string, writeOff: DebtWriteOff): Promise<BillingStatus> {
  return billingUpdate(deps, orgId, (handle) => handle.executeUpdate(writeOffDebtUpdate, { args: [writeOff] }));
}

/** E-mails a final invoice again, to the organization's current billing address. */
export function resendInvoiceByOperator(deps: OperatorDeps, orgId: string, resend: InvoiceResend): Promise<ResentInvoice> {
  return billingUpdate(deps, orgId, (handle) => handle.executeUpdate(resendInvoiceUpdate, { args: [resend] }));
}
