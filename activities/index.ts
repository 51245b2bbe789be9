import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Models } from '../models';
import { createPayPalClient } from '../providers/paypal';
import { createStripeClient } from '../providers/stripe';
import { billingAttention } from './billing-attention';
import { createBankStatementActivities } from './bank-statements';
import { createBillingCycleActivities } from './billing-cycles';
import { createBillingOperatorActivities } from './billing-operator-actions';
import { createChargeCycleActivities } from './charge-cycle';
import type { ActivityContext } from './context';
import { createCreditNoteActivities } from './credit-notes';
import { createCycleCollectionActivities } from './cycle-collection';
import { createDisputeActivities } from './disputes';
import { createMailer } from './email';
import { createEventRecorder } from './events';
import * as templates from './email-templates';
import { createFinalInvoiceActivities } from './final-invoice';
import { createCreditNoteNumbering, createInvoiceNumbering } from './invoice-numbering';
import { createLedger } from './ledger';
import { createOrganizationActivities } from './organization';
import { createPaymentMethodActivities } from './payment-methods';
import { createPayPalActivities } from './paypal';
import { renderInvoicePdf } from './pdf';
import { createRefundActivities } from './refunds';
import { createStripeActivities } from './stripe';
import { createTopUpActivities } from './top-ups';
import { createWebhookActivities } from './webhooks';

/**
 * `temporal`: the worker's client, read by billingAwaitsFunds, and the event recorder's way to hand recorded events
 * to the webhook delivery workflows (signal-with-start); no activity signals a billing or top-up workflow.
 */
export function createActivities({ temporal, ...deps }: { models: Models; config: Config; temporal?: Client } & Partial<ActivityContext>) {
  const events = createEventRecorder({ ...deps, temporal });
  const context: ActivityContext = {
    ...(temporal ? { billingAwaitsFunds: billingAttention(temporal) } : {}),
    ledger: createLedger(deps.models),
    issueNumberedInvoice: createInvoiceNumbering(deps.models),
    mailer: createMailer({ models: deps.models, config: deps.config }),
    recordEvent: events.recordEvent,
    recordEvents: events.recordEvents,
    renderInvoicePdf,
    templates,
    stripe: deps.stripe ?? createStripeClient(deps.config),
    paypal: deps.paypal ?? createPayPalClient(deps.config),
    ...deps,
  };
  const paypal = createPayPalActivities(context);
  const stripe = createStripeActivities(context);
  const billingCycles = createBillingCycleActivities(context);
  const collection = createCycleCollectionActivities(context, { ...paypal, ...stripe });
  const finalInvoices = createFinalInvoiceActivities(context);
  return {
    ...createTopUpActivities(context),
    ...createBankStatementActivities(context),
    ...paypal,
    ...stripe,
    ...createPaymentMethodActivities(context, { ...paypal, ...stripe }),
    // Activities only: the helpers these factories also answer (close, collect, issueInvoice) take
    // documents, not payloads, and are composed by chargeCycle and collectCycle.
    openFirstCycle: billingCycles.openFirstCycle,
    warnIfBalanceShort: billingCycles.warnIfBalanceShort,
    notifyPaymentProblem: billingCycles.notifyPaymentProblem,
    setBillingStatus: billingCycles.setBillingStatus,
    issueFinalInvoice: finalInvoices.issueFinalInvoice,
    ...createChargeCycleActivities(context, billingCycles, collection, finalInvoices),
    ...createOrganizationActivities(context),
    ...createBillingOperatorActivities(context, collection),
    ...createWebhookActivities(context),
    ...createCreditNoteActivities(context, createCreditNoteNumbering(deps.models)),
    ...createRefundActivities(context),
    ...createDisputeActivities(context),
  };
}

export type Activities = ReturnType<typeof createActivities>;
