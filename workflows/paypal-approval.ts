import { setHandler, uuid4 } from '@temporalio/workflow';
import { Refusal } from '../domain/errors';
import type { PayPalSetupState } from '../domain/payment-methods';
import type { PayPalPaymentToken, PayPalSetupToken } from '../activities/paypal';
import {
  cancelPayPalSetupUpdate,
  paypalApprovalSignal,
  paypalSetupStartedUpdate,
  paypalSetupStatusQuery,
  type PayPalApproval,
  type PayPalSetupInput,
  type PayPalSetupStatus,
} from './definitions';
import { failureInfo } from './failures';
import { durable, SetupAttempt, starting } from './setup-attempt';

/**
 * One attempt at a PayPal billing agreement (Vault API): create a setup token, hand its approval URL to the
 * API, wait for the payer's approval (our return URL or PayPal's webhook, whichever comes first; the first
 * one PayPal confirms is acted on, the others are counted and ignored), then turn it into a payment token
 * and save it as the organization's PayPal method. Cancel and the approval timeout end the attempt.
 */
export async function paypalApprovalWorkflow(input: PayPalSetupInput): Promise<PayPalSetupStatus> {
  // In the return and cancel URLs, so a link from an earlier attempt cannot act on this one.
  const attemptId = uuid4().replace(/-/g, '');
  const attempt = new SetupAttempt<PayPalSetupState>(input.orgId, 'awaiting_approval', 'PayPal set-up');
  let setup: PayPalSetupToken | undefined;
  let approvalsIgnored = 0;
  let duplicateApprovals = 0;
  const inbox: PayPalApproval[] = [];

  const status = (): PayPalSetupStatus => ({
    ...attempt.common(),
    ...(setup ? { setupTokenId: setup.setupTokenId } : {}),
    ...(setup && attempt.awaiting ? { approvalUrl: setup.approvalUrl } : {}),
    approvalsIgnored,
    duplicateApprovals,
    attemptId,
  });

  setHandler(paypalSetupStatusQuery, status);
  setHandler(paypalApprovalSignal, (approval) => void inbox.push(approval));
  attempt.handle(status, { started: paypalSetupStartedUpdate, cancel: cancelPayPalSetupUpdate }, (request) => {
    if (request.attemptId !== undefined && request.attemptId !== attemptId) {
      throw Refusal.notFound('this link belongs to an earlier PayPal set-up');
    }
  });

  const links = `${input.publicBaseUrl.replace(/\/+$/, '')}/v1/paypal/setup/${encodeURIComponent(input.orgId)}/${attemptId}`;
  const created = await attempt.create(async () => {
    setup = await starting.createPayPalSetupToken({
      orgId: input.orgId,
      returnUrl: `${links}/return`,
      cancelUrl: `${links}/cancel`,
      requestId: attempt.stepKey('setup-token'),
    });
  }, input.approvalTimeout);
  if (!created || !setup) return attempt.finish(status);
  const { setupTokenId } = setup;

  /** The payment token this approval stands for, if PayPal confirms it; undefined to ignore the signal. */
  async function confirmedToken(approval: PayPalApproval): Promise<PayPalPaymentToken | undefined> {
    if (approval.attemptId !== undefined && approval.attemptId !== attemptId) return undefined;
    if (approval.paymentTokenId) {
      // PayPal's webhook names the token; it counts only if PayPal says it is this organization's. A token
      // PayPal no longer knows (deleted since) is ignored: it says nothing about this attempt.
      const token = await durable.getPayPalPaymentToken({ paymentTokenId: approval.paymentTokenId }).catch((failure: unknown) => {
        if (failureInfo(failure).code === 'INVALID_RESOURCE_ID') return undefined;
        throw failure;
      });
      return token?.merchantCustomerId === input.orgId ? token : undefined;
    }
    if (approval.setupTokenId !== undefined && approval.setupTokenId !== setupTokenId) return undefined;
    // Anyone can open the return URL: only PayPal's word that the payer approved counts.
    return vaultIfApproved();
  }

  async function vaultIfApproved(): Promise<PayPalPaymentToken | undefined> {
    const current = await durable.getPayPalSetupToken({ setupTokenId });
    if (current.status !== 'APPROVED') return undefined;
    attempt.setState('vaulting');
    return durable.createPayPalPaymentToken({ setupTokenId, requestId: attempt.stepKey('payment-token') });
  }

  async function save(token: PayPalPaymentToken): Promise<void> {
    if (attempt.state !== 'vaulting') attempt.setState('vaulting');
    const method = await durable.savePayPalMethod({ orgId: input.orgId, token, setupTokenId, workflowId: attempt.workflowId });
    await attempt.saved(method, 'paypal', input.makeDefault);
  }

  while (attempt.awaiting) {
    await attempt.waitFor(() => inbox.length > 0);
    try {
      // An approval that arrived with a cancellation wins: the payer did approve at PayPal.
      if (inbox.length > 0) {
        const token = await confirmedToken(inbox.shift()!);
        if (token) await save(token);
        else approvalsIgnored += 1;
      } else if (attempt.cancellation) {
        attempt.setState('cancelled');
      } else if (attempt.expired) {
        // The payer may have approved and closed the browser before PayPal sent them back (no webhook tells
        // us: PayPal announces tokens, not approvals), so PayPal is asked once before giving up.
        const token = await vaultIfApproved();
        if (token) await save(token);
        else attempt.setState('expired');
      }
    } catch (failure) {
      attempt.error = failureInfo(failure);
      attempt.setState('failed');
    }
  }

  await attempt.settled();
  // Approvals that came after the one acted on (the webhook after the return, a reload of the return page).
  if (attempt.state === 'active') duplicateApprovals += inbox.length;
  else approvalsIgnored += inbox.length;
  return status();
}
