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
import { isDuplicateKey } from '../models/duplicate-key';

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

type Decision = { decision: 'matched'; orderId: string } | { decision: 'returned' };

/**
 * Takes ops' one decision on a bank credit (inserted under its bankTxId, atomic on FerretDB and MongoDB).
 * The same match again passes (a retry); any other earlier decision refuses this one (409).
 */
async function decideBankCredit(models: Models, bankTxId: string, decision: Decision, request: OperatorRequest): Promise<void> {
  try {
    await models.BankCreditDecision.create({ _id: bankTxId, ...decision, by: request.by, reason: request.reason });
    return;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const earlier = await models.BankCreditDecision.findById(bankTxId).lean();
  if (decision.decision === 'matched' && earlier?.decision === 'matched' && earlier.orderId === decision.orderId) return;
  const what = earlier?.decision === 'matched' ? `matched by hand to order ${earlier.orderId}` : 'returned to the payer';
  throw conflict(`bank transaction ${bankTxId} was ${what} by ${earlier?.by ?? 'ops'}`);
}

/**
 * Credits a transfer the bank reported without a usable reference (it waits in
 * `GET /v1/admin/bank-credits?status=unmatched`) or never reported. The bank's record must agree on the
 * amount and must not belong to another order or be returned; the order's workflow credits it and marks the
 * record matched (or creates it), so a later bank report of the same transaction is a duplicate, credited once.
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
  await decideBankCredit(models, bankTxId, { decision: 'matched', orderId: order._id }, payment);
  try {
    return await update(deps, id, (handle) => handle.executeUpdate(markPaidByHandUpdate, { args: [{ ...payment, bankTxId }] }));
  } catch (error) {
    // The order refused it and nothing credited the transaction: the decision is given back, so ops may return it.
    if (!(await models.LedgerEntry.exists({ key: `bank-credit:${bankTxId}` }))) {
      await models.BankCreditDecision.deleteOne({ _id: bankTxId, decision: 'matched', orderId: order._id });
    }
    throw error;
  }
}

/** Records that ops sent an unmatched credit back to the payer (the transfer itself is made at the bank). */
export async function returnBankCreditByOperator(
  { models }: Pick<OperatorDeps, 'models'>,
  bankTxId: string,
  request: OperatorRequest,
): Promise<{ bankTxId: string; status: 'returned'; reason: string }> {
  const credit = await models.BankCredit.findById(bankTxId, { status: 1 }).lean();
  if (!credit) throw notFound('bank credit');
  if (credit.status !== 'unmatched') throw conflict(`the credit is ${credit.status}; only an unmatched credit is returned to the payer`);
  await decideBankCredit(models, bankTxId, { decision: 'returned' }, request);
  const note = `returned to the payer by ${request.by}: ${request.reason}`;
  await models.BankCredit.updateOne(
    { _id: bankTxId },
    { $set: { status: 'returned', reason: note, returned: { by: request.by, reason: request.reason, at: new Date() } } },
  );
  return { bankTxId, status: 'returned', reason: note };
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
