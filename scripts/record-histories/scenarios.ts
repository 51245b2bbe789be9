/**
 * The runs scripts/record-histories.ts records: each workflow type through its main paths, driven through
 * the API (and the provider fakes) as a customer, the bank and ops would. Imports the test suite's helpers
 * and fakes, so it runs only with the servers that script starts.
 */
import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import {
  billingWorkflowId,
  lateTopUpCreditsWorkflowId,
  paymentMethodChangedSignal,
  paymentMethodRemovalWorkflowId,
  setDefaultPaymentMethodUpdate,
  updateOrganizationUpdate,
} from '../../workflows/definitions';
import { startFakePayPal } from '../../test/fakes/paypal';
import { startFakeStripe } from '../../test/fakes/stripe';
import { BILLING_OVERRIDES, cycles, OPERATOR, runCycleNow, topUp } from '../../test/helpers/billing';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../../test/helpers/engine';
import { pathOf, providerOverrides } from '../../test/helpers/payment-providers';
import { testClient } from '../../test/helpers/temporal';
import { startWebhookReceiver } from '../../test/helpers/webhook-receiver';
import { webhookDeliveryWorkflowId } from '../../workflows/webhook-delivery-definitions';
import { cardInvoice, issueCreditNote, postStripe, settledRefund } from '../../test/credit-notes/helpers';
import { startEngineWithFakeProviders } from '../../test/helpers/payment-providers';

type History = temporal.api.history.v1.IHistory;
export interface Recorded {
  name: string;
  workflowId: string;
  history: History;
}

const credit = (amountMinor: number, reference: string) => ({
  bankTxId: `tx-${randomUUID()}`,
  amountMinor,
  currency: 'EUR',
  reference,
  valueDate: '2026-11-25',
});

async function expectStatus(response: { status: number; text: string }, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${response.text}`);
}

async function topUps(keep: (name: string, engine: Engine, workflowId: string, runId?: string) => Promise<void>) {
  const engine = await startEngine({ TOP_UP_REMINDERS: '1s', TOP_UP_EXPIRY: '3s' });
  try {
    const { orgId, key } = await engine.createOrganization();
    const order = async () => {
      const response = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
        key,
        body: { amountMinor: 10000, currency: 'EUR' },
      });
      await expectStatus(response, 201, 'top-up');
      return response.json as { orderId: string; workflowId: string; paymentReference: string };
    };

    const paid = await order();
    await engine.reportCredits([credit(4000, paid.paymentReference)]);
    const rest = credit(6000, paid.paymentReference);
    await engine.reportCredits([rest, rest]);
    await engine.client.workflow.getHandle(paid.workflowId).result();
    await keep('top-up-paid', engine, paid.workflowId);

    const expired = await order();
    await engine.client.workflow.getHandle(expired.workflowId).result();
    await keep('top-up-expired', engine, expired.workflowId);
    const late = credit(10000, expired.paymentReference);
    await engine.reportCredits([late]);
    await eventually(async () => engine.models.LedgerEntry.exists({ key: `bank-credit:${late.bankTxId}` }));
    await keep('late-top-up-credits', engine, lateTopUpCreditsWorkflowId(expired.orderId));

    const cancelled = await order();
    await expectStatus(
      await engine.call('POST', `/v1/organizations/${orgId}/top-ups/${cancelled.orderId}/cancel`, {
        key,
        body: { reason: 'ordered twice' },
      }),
      200,
      'cancel',
    );
    await engine.client.workflow.getHandle(cancelled.workflowId).result();
    await keep('top-up-cancelled', engine, cancelled.workflowId);

    const byOps = await order();
    await expectStatus(
      await engine.call('POST', `/v1/admin/top-ups/${byOps.orderId}/resend-proforma`, { key: ADMIN_KEY, body: OPERATOR }),
      200,
      'resend',
    );
    await expectStatus(
      await engine.call('POST', `/v1/admin/top-ups/${byOps.orderId}/mark-paid`, {
        key: ADMIN_KEY,
        body: { ...OPERATOR, bankTxId: `manual-${randomUUID()}`, amountMinor: 10000 },
      }),
      200,
      'mark paid',
    );
    await engine.client.workflow.getHandle(byOps.workflowId).result();
    await keep('top-up-operator-actions', engine, byOps.workflowId);
  } finally {
    await engine.stop();
  }
}

async function billing(keep: (name: string, engine: Engine, workflowId: string, runId?: string) => Promise<void>) {
  // Ops-driven: run now with the balance short, then a plan change, pause, resume, the credit that pays,
  // and an immediate cancellation.
  const engine = await startEngine(BILLING_OVERRIDES);
  try {
    const { orgId, key } = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } });
    const workflowId = billingWorkflowId(orgId);
    await eventually(async () => (await cycles(engine, orgId)).length === 1);
    const firstRun = (await engine.client.workflow.getHandle(workflowId).describe()).runId;
    await runCycleNow(engine, orgId);
    const admin = (action: string, body: object, method = 'POST') =>
      engine.call(method, `/v1/admin/organizations/${orgId}/billing/${action}`, { key: ADMIN_KEY, body: { ...OPERATOR, ...body } });
    await expectStatus(await admin('plan', { plan: { setupFeeMinor: 0, monthlyFeeMinor: 3000, usagePrices: [] } }, 'PUT'), 200, 'plan');
    await expectStatus(await admin('pause', {}), 200, 'pause');
    await expectStatus(await admin('resume', {}), 200, 'resume');
    await topUp(engine, orgId, key, 6050);
    await eventually(async () => (await cycles(engine, orgId))[0].invoiceNumber);
    // The next cycle has not begun (the first was charged early): cancelling at once leaves nothing to bill.
    await expectStatus(await admin('cancel', { immediately: true }), 200, 'cancel');
    await engine.client.workflow.getHandle(workflowId).result();
    await keep('billing-cycle-run-now-short-funds', engine, workflowId, firstRun);
    await keep('billing-cycle-debt-plan-pause-cancel', engine, workflowId);

    // Ops on a debt: retry now (still short), the credit that pays, the invoice sent again, cancel.
    const retried = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } });
    const opsOn = (orgId: string) => (action: string, body: object) =>
      engine.call('POST', `/v1/admin/organizations/${orgId}/billing/${action}`, { key: ADMIN_KEY, body: { ...OPERATOR, ...body } });
    await eventually(async () => (await cycles(engine, retried.orgId)).length === 1);
    await runCycleNow(engine, retried.orgId);
    await expectStatus(await opsOn(retried.orgId)('retry', {}), 200, 'retry');
    await topUp(engine, retried.orgId, retried.key, 6050);
    const invoiceNumber = await eventually(async () => (await cycles(engine, retried.orgId))[0].invoiceNumber);
    await expectStatus(await opsOn(retried.orgId)('resend-invoice', { invoiceNumber }), 200, 'resend invoice');
    await expectStatus(await opsOn(retried.orgId)('cancel', { immediately: true }), 200, 'cancel');
    await engine.client.workflow.getHandle(billingWorkflowId(retried.orgId)).result();
    await keep('billing-cycle-retry-resend-invoice', engine, billingWorkflowId(retried.orgId));

    // A debt written off, then billing cancelled.
    const writtenOff = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } });
    await eventually(async () => (await cycles(engine, writtenOff.orgId)).length === 1);
    // The organization changed through its billing workflow: its profile, and its default method.
    const billingHandle = engine.client.workflow.getHandle(billingWorkflowId(writtenOff.orgId));
    await billingHandle.executeUpdate(updateOrganizationUpdate, {
      args: [{ billingEmail: 'accounts@acme.test', timeZone: 'Europe/Paris' }],
    });
    await billingHandle.executeUpdate(setDefaultPaymentMethodUpdate, { args: [{ method: 'prepaid' }] });
    await billingHandle.signal(paymentMethodChangedSignal, { method: 'prepaid' });
    await runCycleNow(engine, writtenOff.orgId);
    const [due] = await cycles(engine, writtenOff.orgId);
    await expectStatus(await opsOn(writtenOff.orgId)('write-off', { cycleId: due.cycleId }), 200, 'write off');
    await expectStatus(await opsOn(writtenOff.orgId)('cancel', { immediately: true }), 200, 'cancel');
    await engine.client.workflow.getHandle(billingWorkflowId(writtenOff.orgId)).result();
    await keep('billing-cycle-write-off', engine, billingWorkflowId(writtenOff.orgId));
  } finally {
    await engine.stop();
  }

  // Timer-driven: a two-second cycle warned, closed and paid from the balance, then continued as new.
  const timed = await startEngine({ ...BILLING_OVERRIDES, BILLING_CYCLE: '2 seconds', BILLING_WARN_BEFORE: '1 second' });
  try {
    const { orgId, key } = await timed.createOrganization({ plan: { setupFeeMinor: 1000, monthlyFeeMinor: 2000, usagePrices: [] } });
    await topUp(timed, orgId, key, 100000);
    const workflowId = billingWorkflowId(orgId);
    const firstRun = (await timed.client.workflow.getHandle(workflowId).describe()).runId;
    await eventually(async () => (await cycles(timed, orgId)).filter((c) => c.invoiceNumber).length >= 2, { timeoutMs: 20_000 });
    await keep('billing-cycle-timer', timed, workflowId, firstRun);
    await timed.client.workflow.getHandle(workflowId).terminate('recorded');
  } finally {
    await timed.stop();
  }
}

async function paymentMethods(keep: (name: string, engine: Engine, workflowId: string, runId?: string) => Promise<void>) {
  const [paypal, stripe] = await Promise.all([startFakePayPal(), startFakeStripe()]);
  const engine = await startEngine(providerOverrides(paypal, stripe));
  try {
    const { orgId, key } = await engine.createOrganization();
    const started = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/paypal`, { key, body: { makeDefault: true } });
    await expectStatus(started, 201, 'PayPal set-up');
    await expectStatus(
      await engine.call('GET', pathOf(paypal.approve(started.json.setupTokenId, { email: 'finance@acme.test' }))),
      202,
      'PayPal return',
    );
    await engine.client.workflow.getHandle(started.json.workflowId).result();
    await keep('paypal-approval', engine, started.json.workflowId);

    const card = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card`, { key, body: { makeDefault: false } });
    await expectStatus(card, 201, 'card set-up');
    stripe.confirmSetupIntent(card.json.setupIntentId, 'visa');
    const confirmed = await engine.call('POST', `/v1/organizations/${orgId}/payment-methods/card/confirm`, {
      key,
      body: { setupIntentId: card.json.setupIntentId },
    });
    await expectStatus(confirmed, 200, 'card confirm');
    await engine.client.workflow.getHandle(card.json.workflowId).result();
    await keep('card-setup', engine, card.json.workflowId);

    const methodId = confirmed.json.method.methodId as string;
    await expectStatus(await engine.call('DELETE', `/v1/organizations/${orgId}/payment-methods/${methodId}`, { key }), 200, 'remove');
    await engine.client.workflow.getHandle(paymentMethodRemovalWorkflowId(methodId)).result();
    await keep('payment-method-removal', engine, paymentMethodRemovalWorkflowId(methodId));
  } finally {
    await engine.stop();
    await Promise.all([paypal.close(), stripe.close()]);
  }
}

/** One endpoint's delivery: refused at first (retried with back-off), then delivered, redelivered, removed. */
async function webhooks(keep: (name: string, engine: Engine, workflowId: string, runId?: string) => Promise<void>) {
  const receiver = await startWebhookReceiver();
  const engine = await startEngine({ WEBHOOK_RETRY_INITIAL: '300ms', WEBHOOK_RETRY_MAX: '1 second' });
  try {
    const created = await engine.call('POST', '/v1/admin/webhook-endpoints', { key: ADMIN_KEY, body: { url: receiver.url } });
    await expectStatus(created, 201, 'webhook endpoint');
    receiver.setSecret(created.json.secret);
    receiver.setStatus(503);
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // the endpoint directory's cache
    await engine.createOrganization(); // organization.created: the event delivered
    await eventually(async () => receiver.refusedCount() >= 2);
    receiver.setStatus(204);
    await eventually(async () => receiver.received.length === 1);
    await expectStatus(
      await engine.call('POST', '/v1/admin/events/redeliver', { key: ADMIN_KEY, body: { eventId: receiver.received[0].id } }),
      202,
      'redeliver',
    );
    await eventually(async () => receiver.received.length === 2);
    const endpointId = created.json.endpoint.id as string;
    await expectStatus(await engine.call('DELETE', `/v1/admin/webhook-endpoints/${endpointId}`, { key: ADMIN_KEY }), 204, 'remove');
    await engine.client.workflow.getHandle(webhookDeliveryWorkflowId(endpointId)).result();
    await keep('webhook-delivery-stream', engine, webhookDeliveryWorkflowId(endpointId));
  } finally {
    await engine.stop();
    await receiver.close();
  }
}

/** Money back: a credit note paid back to the card that paid, a card dispute opened and won, a refund made in Stripe's dashboard. */
async function moneyBack(keep: (name: string, engine: Engine, workflowId: string, runId?: string) => Promise<void>) {
  const { engine, stripe, stop } = await startEngineWithFakeProviders(BILLING_OVERRIDES);
  try {
    const { invoice, intent } = await cardInvoice(engine, stripe);
    const issued = await issueCreditNote(engine, invoice.number, { reason: 'service outage', refund: { to: 'payment' } });
    await expectStatus(issued, 200, 'credit note');
    const number = (issued.json as { creditNote: { number: string } }).creditNote.number;
    await settledRefund(engine, number);
    const opened = stripe.openDispute(intent.id);
    await postStripe(engine, opened);
    await postStripe(engine, stripe.closeDispute(opened.data.object.id, 'won'));
    for (const [type, name] of [
      ['creditNoteWorkflow', 'credit-note-refunded-to-card'],
      ['refundWorkflow', 'refund-to-card'],
      ['disputeWorkflow', 'dispute-won'],
    ] as const) {
      const closed = await eventually(async () => {
        for await (const execution of engine.client.workflow.list({ query: `WorkflowType = '${type}' AND ExecutionStatus = 'Completed'` }))
          return execution;
        return undefined;
      });
      await keep(name, engine, closed.workflowId, closed.runId);
    }
    // A refund made in Stripe's dashboard: its credit note, then the refund recorded against it.
    const dashboard = await cardInvoice(engine, stripe);
    const refunded = stripe.refundInDashboard(dashboard.intent.id, 1000);
    const started = (await postStripe(engine, refunded)).json as { outcome?: string };
    const workflowId = /^started (credit-note\/stripe-refund:\w+)/.exec(started.outcome ?? '')?.[1];
    if (!workflowId) throw new Error(`the dashboard refund started no credit note: ${started.outcome}`);
    await engine.client.workflow.getHandle(workflowId).result();
    await keep('credit-note-dashboard-refund', engine, workflowId);
  } finally {
    await stop();
  }
}

/** Every scenario, or only the group named (`npm run record-histories -- webhooks` records that one's files). */
export async function record(only?: string): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  const keep = async (name: string, engine: Engine, workflowId: string, runId?: string) => {
    console.log(`  ${name}: ${workflowId}`);
    recorded.push({ name, workflowId, history: await engine.client.workflow.getHandle(workflowId, runId).fetchHistory() });
  };
  const groups = { 'top-ups': topUps, billing, 'payment-methods': paymentMethods, webhooks, 'money-back': moneyBack };
  try {
    for (const [group, scenario] of Object.entries(groups)) {
      if (only && only !== group) continue;
      console.log(`${group}…`);
      await scenario(keep);
    }
  } finally {
    await (await testClient()).close();
  }
  return recorded;
}
