import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import { NON_RETRYABLE_PROVIDER_FAILURES, type PayPalSetupState } from '../domain/payment-methods';
import type { Activities } from '../activities';
import type { PayPalPaymentToken, PayPalSetupToken } from '../activities/paypal';
import {
  cancelPayPalSetupUpdate,
  paypalApprovalSignal,
  paypalSetupStartedUpdate,
  paypalSetupStatusQuery,
  searchAttributes,
  type PayPalApproval,
  type PayPalSetupInput,
  type PayPalSetupStatus,
  type ProviderErrorInfo,
  type SavedPaymentMethod,
  type SetupCancellation,
} from './definitions';
import { failureInfo } from './failures';

const nonRetryableErrorTypes = ['NotFound', 'InvalidInput', 'Conflict', ...NON_RETRYABLE_PROVIDER_FAILURES];

/** Creating the setup token: someone is waiting for the approval URL, so a few tries, then a clear failure. */
const starting = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5, nonRetryableErrorTypes },
});
/** After approval the payer has consented: keep trying until PayPal answers, however long it is down. */
const durable = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
});

/**
 * One attempt at a PayPal billing agreement (Vault API): create a setup token, hand its approval URL to the
 * API, wait for the payer's approval (our return URL or PayPal's webhook, whichever comes first; the first
 * one PayPal confirms is acted on, the others are counted and ignored), then turn it into a payment token
 * and save it as the organization's PayPal method. Cancel and the approval timeout end the attempt.
 */
export async function paypalApprovalWorkflow(input: PayPalSetupInput): Promise<PayPalSetupStatus> {
  const { workflowId, runId } = workflowInfo();
  // PayPal-Request-Id per step: the run id, unique per attempt (a later attempt reuses the workflow id).
  const requestId = (step: string) => `${runId}:${step}`;
  // In the return and cancel URLs, so a link from an earlier attempt cannot act on this one.
  const attemptId = uuid4().replace(/-/g, '');

  let state = 'creating' as PayPalSetupState; // widened: handlers change it behind the compiler's back
  let setup: PayPalSetupToken | undefined;
  let expiresAt: string | undefined;
  let method: SavedPaymentMethod | undefined;
  let error: ProviderErrorInfo | undefined;
  let cancellation: SetupCancellation | undefined;
  let approvalsIgnored = 0;
  let duplicateApprovals = 0;
  const inbox: PayPalApproval[] = [];

  const status = (): PayPalSetupStatus => ({
    orgId: input.orgId,
    state,
    ...(setup ? { setupTokenId: setup.setupTokenId } : {}),
    ...(setup && state === 'awaiting_approval' ? { approvalUrl: setup.approvalUrl, expiresAt } : {}),
    ...(method ? { method } : {}),
    ...(error ? { error } : {}),
    approvalsIgnored,
    duplicateApprovals,
  });
  const setState = (next: PayPalSetupState) => {
    state = next;
    upsertSearchAttributes([{ key: searchAttributes.state, value: state }]);
  };

  setHandler(paypalSetupStatusQuery, status);
  setHandler(paypalApprovalSignal, (approval) => void inbox.push(approval));
  setHandler(paypalSetupStartedUpdate, async () => {
    await condition(() => state !== 'creating');
    return status();
  });
  setHandler(
    cancelPayPalSetupUpdate,
    async (request) => {
      cancellation = request;
      await condition(() => state !== 'awaiting_approval');
      return status();
    },
    {
      validator: (request) => {
        if (!request.by?.trim() || !request.reason?.trim()) {
          throw ApplicationFailure.nonRetryable('a cancellation names who asks and why', 'InvalidInput');
        }
        if (request.attemptId !== undefined && request.attemptId !== attemptId) {
          throw ApplicationFailure.nonRetryable('this link belongs to an earlier PayPal set-up', 'NotFound');
        }
        if (state !== 'awaiting_approval' || cancellation) {
          throw ApplicationFailure.nonRetryable(
            `the PayPal set-up is ${state.replace(/_/g, ' ')} and can no longer be cancelled`,
            'Conflict',
          );
        }
      },
    },
  );

  upsertSearchAttributes([
    { key: searchAttributes.orgId, value: input.orgId },
    { key: searchAttributes.state, value: state },
  ]);

  const links = `${input.publicBaseUrl.replace(/\/+$/, '')}/v1/paypal/setup/${encodeURIComponent(input.orgId)}/${attemptId}`;
  try {
    setup = await starting.createPayPalSetupToken({
      orgId: input.orgId,
      returnUrl: `${links}/return`,
      cancelUrl: `${links}/cancel`,
      requestId: requestId('setup-token'),
    });
  } catch (failure) {
    error = failureInfo(failure);
    setState('failed');
    await condition(allHandlersFinished);
    return status();
  }
  const deadline = Date.now() + msToNumber(input.approvalTimeout as never);
  expiresAt = new Date(deadline).toISOString();
  setState('awaiting_approval');

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
    if (approval.setupTokenId !== undefined && approval.setupTokenId !== setup!.setupTokenId) return undefined;
    // Anyone can open the return URL: only PayPal's word that the payer approved counts.
    return vaultIfApproved();
  }

  async function vaultIfApproved(): Promise<PayPalPaymentToken | undefined> {
    const current = await durable.getPayPalSetupToken({ setupTokenId: setup!.setupTokenId });
    if (current.status !== 'APPROVED') return undefined;
    setState('vaulting');
    return durable.createPayPalPaymentToken({ setupTokenId: setup!.setupTokenId, requestId: requestId('payment-token') });
  }

  async function save(token: PayPalPaymentToken): Promise<void> {
    if (state !== 'vaulting') setState('vaulting');
    method = await durable.savePayPalMethod({
      orgId: input.orgId,
      token,
      setupTokenId: setup!.setupTokenId,
      makeDefault: input.makeDefault,
      workflowId,
    });
    setState('active');
    await durable.sendPaymentMethodAdded({ orgId: input.orgId, methodId: method.methodId });
  }

  while (state === 'awaiting_approval') {
    await condition(() => inbox.length > 0 || cancellation !== undefined, Math.max(deadline - Date.now(), 1));
    try {
      // An approval that arrived with a cancellation wins: the payer did approve at PayPal.
      if (inbox.length > 0) {
        const token = await confirmedToken(inbox.shift()!);
        if (token) await save(token);
        else approvalsIgnored += 1;
      } else if (cancellation) {
        setState('cancelled');
      } else if (Date.now() >= deadline) {
        // The payer may have approved and closed the browser before PayPal sent them back (no webhook tells
        // us: PayPal announces tokens, not approvals), so PayPal is asked once before giving up.
        const token = await vaultIfApproved();
        if (token) await save(token);
        else setState('expired');
      }
    } catch (failure) {
      error = failureInfo(failure);
      setState('failed');
    }
  }

  await condition(allHandlersFinished);
  // Approvals that came after the one acted on (the webhook after the return, a reload of the return page).
  if (state === 'active') duplicateApprovals += inbox.length;
  else approvalsIgnored += inbox.length;
  return status();
}
