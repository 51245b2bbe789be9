/**
 * What Stripe's and PayPal's money events do, once api/routes/webhooks.ts has verified them and recorded
 * their ids (so each is handled once). Each hands the work to a workflow whose id comes from the provider's
 * own id, so a redelivery that slips past the event-id record still finds the first workflow:
 *
 *  - a refund made in the provider's dashboard → a credit note for it (creditNoteWorkflow `credit-note/<provider>-refund:<id>`),
 *    once it succeeded (Stripe: in charge.refunded, or charge.refund.updated for one that was pending then);
 *    our own refunds carry our refund id (Stripe metadata.refundId, PayPal custom_id) and are skipped;
 *  - a dispute opened or closed, a PayPal reversal → the dispute's workflow (`dispute/<provider>:<id>`), which
 *    marks the invoice disputed and, if lost, reopens the debt or writes it off (DISPUTE_LOST);
 *  - a payment that succeeded outside a collection pass (3-D Secure completed later) → the billing workflow
 *    retries the cycle now, finds the payment and settles it;
 *  - a card detached or a PayPal token deleted outside our API → the method is removed as the API removes it,
 *    and the customer is told.
 */
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type Stripe from 'stripe';
import type { Config } from '../config';
import { billingCycleKey } from '../domain/billing-cycle';
import { FailureType } from '../domain/errors';
import { decimalStringToMinor } from '../domain/payment-methods';
import type { Models } from '../models';
import type { BillingCycleRecord } from '../models/billing-cycle';
import { cardMethodId, paypalMethodId } from '../models/payment-method';
import type { StripeClient } from '../providers/stripe';
import {
  creditNoteWorkflowId,
  disputeEventSignal,
  disputeWorkflowId,
  type CreditNoteInput,
  type DisputeEvent,
  type DisputeInput,
} from '../workflows/credit-note-definitions';
import {
  billingWorkflowId,
  paymentMethodRemovalWorkflowId,
  paymentMethodRemovedUpdate,
  retryCollectionUpdate,
} from '../workflows/definitions';
import { updateRefusal } from './temporal-errors';

export interface ProviderEventDeps {
  models: Models;
  temporal: Client;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE' | 'DISPUTE_LOST' | 'BILLING_ACTIVITY_TIMEOUT'>;
  stripe: StripeClient;
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : value?.id);

export function createProviderEventHandlers({ models, temporal, config, stripe }: ProviderEventDeps) {
  const taskQueue = config.TEMPORAL_TASK_QUEUE;

  async function cycle(orgId: string | undefined, cycleId: string | undefined): Promise<BillingCycleRecord | undefined> {
    if (!orgId || !cycleId) return undefined;
    return (await models.BillingCycle.findById(billingCycleKey(orgId, cycleId)).lean<BillingCycleRecord>()) ?? undefined;
  }

  /** The cycle a PaymentIntent paid: its metadata names it (createOffSessionPayment puts orgId and cycleId there). */
  async function cycleOfPaymentIntent(paymentIntentId: string | undefined): Promise<BillingCycleRecord | undefined> {
    if (!paymentIntentId) return undefined;
    const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
    return cycle(intent.metadata?.orgId, intent.metadata?.cycleId);
  }

  /** The cycle a PayPal capture paid (the capture id is on its paid attempt). */
  async function cycleOfCapture(captureId: string | undefined): Promise<BillingCycleRecord | undefined> {
    if (!captureId) return undefined;
    return (await models.BillingCycle.findOne({ 'attempts.captureRef': captureId }).lean<BillingCycleRecord>()) ?? undefined;
  }

  async function startOnce(workflowType: string, workflowId: string, input: unknown): Promise<string> {
    try {
      await temporal.workflow.start(workflowType, { workflowId, taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
      return `started ${workflowId}`;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return `ignored: ${workflowId} already ran`;
      throw error;
    }
  }

  async function dashboardRefund(
    provider: 'stripe' | 'paypal',
    refund: { id: string; amountMinor: number },
    paid: BillingCycleRecord | undefined,
    paymentRef: string,
  ): Promise<string> {
    if (!paid?.invoiceNumber) return `ignored: refund ${refund.id} is of no invoiced payment we know`;
    const requestId = `${provider}-refund:${refund.id}`;
    const input: CreditNoteInput = {
      requestId,
      orgId: paid.orgId,
      activityTimeout: config.BILLING_ACTIVITY_TIMEOUT,
      providerRefund: {
        provider,
        providerRefundId: refund.id,
        invoiceNumber: paid.invoiceNumber,
        amountMinor: refund.amountMinor,
        paymentRef,
      },
    };
    return startOnce('creditNoteWorkflow', creditNoteWorkflowId(requestId), input);
  }

  async function dispute(
    input: Omit<DisputeInput, 'orgId' | 'invoiceNumber' | 'cycleId' | 'whenLost' | 'currency'>,
    paid: BillingCycleRecord | undefined,
    event: DisputeEvent,
  ): Promise<string> {
    if (!paid?.invoiceNumber) return `ignored: dispute ${input.disputeId} is of no invoiced payment we know`;
    const workflowId = disputeWorkflowId(input.disputeId);
    const args: [DisputeInput] = [
      {
        ...input,
        orgId: paid.orgId,
        invoiceNumber: paid.invoiceNumber,
        cycleId: paid.cycleId,
        currency: paid.currency,
        whenLost: config.DISPUTE_LOST,
      },
    ];
    try {
      // A running dispute is signalled; a closed one is never started again: an event of it delivered late
      // (under its own id, so past the event-id record) would reopen a won or lost dispute.
      await temporal.workflow.signalWithStart('disputeWorkflow', {
        workflowId,
        taskQueue,
        args,
        signal: disputeEventSignal,
        signalArgs: [event],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return `ignored: ${workflowId} is closed`;
      throw error;
    }
    return `signalled ${workflowId}: ${event.status}`;
  }

  /** As the API's DELETE does (through the removal workflow): never charged again, the default falls back to prepaid, the customer told. */
  async function removedAtProvider(methodId: string): Promise<string> {
    const method = await models.PaymentMethod.findById(methodId, { orgId: 1, status: 1 }).lean();
    if (!method) return `ignored: ${methodId} is not a saved method`;
    if (method.status !== 'active') return `ignored: ${methodId} is already ${method.status}`;
    // The removal workflow is the method's writer: it marks it removed and falls a removed default back to
    // prepaid; as with the API's DELETE, the answer waits until it has.
    const startWorkflowOperation = new WithStartWorkflowOperation('paymentMethodRemovalWorkflow', {
      workflowId: paymentMethodRemovalWorkflowId(methodId),
      taskQueue,
      args: [{ methodId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await temporal.workflow.executeUpdateWithStart(paymentMethodRemovedUpdate, { startWorkflowOperation });
    return `removed ${methodId}`;
  }

  /** Stripe: the outcome, or undefined when the event type is not one of these. */
  async function onStripe(event: Stripe.Event): Promise<string | undefined> {
    switch (event.type) {
      case 'charge.refunded': {
        const charge = event.data.object;
        const paymentIntentId = idOf(charge.payment_intent);
        const paid = (await cycle(charge.metadata?.orgId, charge.metadata?.cycleId)) ?? (await cycleOfPaymentIntent(paymentIntentId));
        const refunds = await stripe.refunds.list({ charge: charge.id, limit: 100 });
        const outcomes: string[] = [];
        for (const refund of refunds.data) {
          if (refund.metadata?.refundId) outcomes.push(`ignored: ${refund.id} is our ${refund.metadata.refundId}`);
          else if (refund.status === 'succeeded')
            outcomes.push(
              await dashboardRefund('stripe', { id: refund.id, amountMinor: refund.amount }, paid, paymentIntentId ?? charge.id),
            );
          else outcomes.push(`ignored: ${refund.id} is ${refund.status} (charge.refund.updated records it once it succeeds)`);
        }
        return outcomes.join('; ') || 'ignored: no refund on the charge';
      }
      case 'charge.refund.updated': {
        // A refund that was still pending when charge.refunded came: recorded once it succeeds, exactly as a
        // succeeded one in charge.refunded (the same workflow id from the refund id, so whichever event comes
        // first records it and the other is ignored).
        const refund = event.data.object;
        if (refund.metadata?.refundId) return `ignored: ${refund.id} is our ${refund.metadata.refundId}`;
        if (refund.status !== 'succeeded') return `ignored: ${refund.id} is ${refund.status}`;
        const paymentIntentId = idOf(refund.payment_intent);
        const chargeId = idOf(refund.charge);
        const paid = await cycleOfPaymentIntent(paymentIntentId);
        return dashboardRefund('stripe', { id: refund.id, amountMinor: refund.amount }, paid, paymentIntentId ?? chargeId ?? refund.id);
      }
      case 'charge.dispute.created':
      case 'charge.dispute.closed': {
        const disputed = event.data.object;
        const paymentIntentId = idOf(disputed.payment_intent);
        const status = event.type === 'charge.dispute.created' ? 'open' : disputed.status === 'lost' ? 'lost' : 'won';
        return dispute(
          {
            disputeId: `stripe:${disputed.id}`,
            provider: 'stripe',
            paymentRef: paymentIntentId ?? idOf(disputed.charge) ?? '',
            amountMinor: disputed.amount,
            reason: disputed.reason,
          },
          await cycleOfPaymentIntent(paymentIntentId),
          { status, eventId: event.id },
        );
      }
      case 'payment_intent.succeeded': {
        const intent = event.data.object;
        const due = await cycle(intent.metadata?.orgId, intent.metadata?.cycleId);
        if (due?.state !== 'due') return `ignored: ${intent.id} is for no unpaid cycle`;
        try {
          await temporal.workflow.getHandle(billingWorkflowId(due.orgId)).startUpdate(retryCollectionUpdate, {
            args: [{ by: 'stripe', reason: `payment_intent.succeeded ${intent.id} (${event.id})` }],
            waitForStage: 'ACCEPTED',
          });
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return `ignored: billing of ${due.orgId} is not running`;
          // Refused because nothing is owed any more: the workflow's own pass (or the portal's confirm) got
          // there first. Anything else (Temporal unreachable, a timeout) is thrown, so the event id is
          // forgotten and Stripe delivers it again: acknowledging it would lose the payment's news.
          const refusal = updateRefusal(error);
          if (refusal?.type === FailureType.Conflict) return `ignored: ${refusal.message}`;
          throw error;
        }
        return `retrying ${due.cycleId} of ${due.orgId}`;
      }
      case 'payment_method.detached':
        return removedAtProvider(cardMethodId(event.data.object.id));
      default:
        return undefined;
    }
  }

  type PayPalResource = {
    id?: string;
    custom_id?: string;
    amount?: { value?: string; currency_code?: string };
    links?: { rel?: string; href?: string }[];
  };
  const captureIdOf = (resource: PayPalResource) =>
    resource.links?.find((link) => link.rel === 'up' && link.href?.includes('/captures/'))?.href?.split('/captures/')[1];

  /** PayPal: the outcome, or undefined when the event type is not one of these. */
  async function onPayPal(event: { id: string; event_type: string; resource?: PayPalResource }): Promise<string | undefined> {
    const resource = event.resource ?? {};
    switch (event.event_type) {
      case 'PAYMENT.CAPTURE.REFUNDED': {
        if (resource.custom_id?.startsWith('refund:')) return `ignored: our own ${resource.custom_id}`;
        const captureId = captureIdOf(resource);
        const paid = await cycleOfCapture(captureId);
        if (!resource.id || !resource.amount?.value || !paid) return 'ignored: the refund names no capture we know';
        const amountMinor = decimalStringToMinor(resource.amount.value, paid.currency);
        return dashboardRefund('paypal', { id: resource.id, amountMinor }, paid, captureId!);
      }
      case 'PAYMENT.CAPTURE.REVERSED': {
        const captureId = captureIdOf(resource);
        const paid = await cycleOfCapture(captureId);
        if (!captureId || !paid) return 'ignored: the reversal names no capture we know';
        return dispute(
          {
            disputeId: `paypal:${captureId}`,
            provider: 'paypal',
            paymentRef: captureId,
            amountMinor: paid.totalMinor ?? 0,
            reason: 'reversed',
          },
          paid,
          { status: 'lost', eventId: event.id },
        );
      }
      case 'VAULT.PAYMENT-TOKEN.DELETED':
        return resource.id ? removedAtProvider(paypalMethodId(resource.id)) : 'ignored: no payment token id';
      default:
        return undefined;
    }
  }

  return { onStripe, onPayPal };
}
