/**
 * Money events from the providers, verified and handled once: refunds made in Stripe's or PayPal's dashboard
 * become credit notes; disputes mark the invoice disputed and are won or lost (here written off: the debt
 * reopened by a lost dispute is tested with the billing workflow); a card detached or a PayPal token deleted
 * at the provider removes the method and tells the customer.
 */
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { checkBooks } from '../../scripts/check-books';
import type { FakePayPal } from '../fakes/paypal';
import type { FakeStripe } from '../fakes/stripe';
import { BILLING_OVERRIDES, cycles, runCycleNow, saveDefaultCard } from '../helpers/billing';
import { apiClient } from '../helpers/api-client';
import { ADMIN_KEY, eventually, type Engine } from '../helpers/engine';
import { startEngineWithFakeProviders } from '../helpers/payment-providers';
import { testClient } from '../helpers/temporal';
import {
  cardInvoice,
  creditNotesOf,
  issueCreditNote,
  PLAN,
  paypalInvoice,
  postPayPal,
  postStripe,
  refundCreditNote,
  settledRefund,
} from './helpers';

let engine: Engine;
let stripe: FakeStripe;
let paypal: FakePayPal;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ engine, stripe, paypal, stop } = await startEngineWithFakeProviders({ ...BILLING_OVERRIDES, DISPUTE_LOST: 'write_off' }));
});
afterAll(async () => {
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
  await stop();
  await (await testClient()).close();
});

const disputeOf = (id: string) => eventually(() => engine.models.Dispute.findById(id).lean());

describe('refunds made in the dashboard', () => {
  it('Stripe: a partial refund becomes a credit note for that gross amount (VAT split out), once, however often it is delivered', async () => {
    const { invoice, intent } = await cardInvoice(engine, stripe);
    const event = stripe.refundInDashboard(intent.id, 1000);
    const first = await postStripe(engine, event);
    expect(first.status).toBe(200);
    expect(first.json.outcome).toMatch(/^started credit-note\/stripe-refund:re_/);
    const [note] = await eventually(async () => {
      const notes = await creditNotesOf(engine, invoice.number);
      return notes.length ? notes : undefined;
    });
    expect(note).toMatchObject({ origin: 'provider_refund', totalMinor: 1000, subtotalMinor: 826, vatMinor: 174 });
    const refund = await eventually(() => engine.models.Refund.findOne({ creditNoteNumber: note.number }).lean());
    expect(refund).toMatchObject({ status: 'succeeded', destination: 'card', amountMinor: 1000 });

    expect((await postStripe(engine, event)).json.duplicate).toBe(true);
    // Delivered again under a new event id (Stripe's charge.refunded for a later refund lists the earlier ones too).
    const again = await postStripe(engine, stripe.event('charge.refunded', stripe.charges.get(intent.latest_charge)!));
    expect(again.json.outcome).toMatch(/ignored: credit-note\/stripe-refund:re_\w+ already ran/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await creditNotesOf(engine, invoice.number)).toHaveLength(1);
  });

  it('Stripe: a refund still pending in charge.refunded is recorded when charge.refund.updated says it succeeded, once', async () => {
    const { invoice, intent } = await cardInvoice(engine, stripe);
    const refunded = stripe.refundInDashboard(intent.id, 2000, { pending: true });
    const refundId = [...stripe.refunds.values()].filter((r) => r.payment_intent === intent.id).at(-1)!.id;
    expect((await postStripe(engine, refunded)).json.outcome).toBe(
      `ignored: ${refundId} is pending (charge.refund.updated records it once it succeeds)`,
    );
    const settled = stripe.settleRefund(refundId);
    expect((await postStripe(engine, settled)).json.outcome).toBe(`started credit-note/stripe-refund:${refundId}`);
    const [note] = await eventually(async () => {
      const notes = await creditNotesOf(engine, invoice.number);
      return notes.length ? notes : undefined;
    });
    expect(note).toMatchObject({ origin: 'provider_refund', totalMinor: 2000 });
    expect(await eventually(() => engine.models.Refund.findOne({ creditNoteNumber: note.number }).lean())).toMatchObject({
      status: 'succeeded',
      amountMinor: 2000,
      providerRef: refundId,
    });
    // The same refund in either event again, under new event ids: keyed by the refund id, recorded once.
    const again = await postStripe(engine, stripe.event('charge.refunded', stripe.charges.get(intent.latest_charge)!));
    expect(again.json.outcome).toBe(`ignored: credit-note/stripe-refund:${refundId} already ran`);
    const updatedAgain = await postStripe(engine, stripe.event('charge.refund.updated', stripe.refunds.get(refundId)!));
    expect(updatedAgain.json.outcome).toBe(`ignored: credit-note/stripe-refund:${refundId} already ran`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await creditNotesOf(engine, invoice.number)).toHaveLength(1);
    expect(await engine.models.Refund.countDocuments({ providerRef: refundId })).toBe(1);
  });

  it('PayPal: a refund at PayPal becomes a credit note; the event is verified with PayPal and handled once', async () => {
    const { invoice, captureId } = await paypalInvoice(engine, paypal);
    const webhook = paypal.refundInDashboard(captureId);
    const first = await postPayPal(engine, webhook);
    expect(first.json.outcome).toMatch(/^started credit-note\/paypal-refund:/);
    const [note] = await eventually(async () => {
      const notes = await creditNotesOf(engine, invoice.number);
      return notes.length ? notes : undefined;
    });
    expect(note).toMatchObject({ origin: 'provider_refund', totalMinor: invoice.totalMinor, vatMinor: invoice.vatMinor });
    expect((await postPayPal(engine, webhook)).json.duplicate).toBe(true);
    const forged = await postPayPal(engine, { ...webhook, headers: { ...webhook.headers, 'paypal-transmission-sig': 'AAAA' } });
    expect(forged.status).toBe(400);
  });
});

describe('disputes', () => {
  it('a dispute marks the invoice disputed; won, it is closed and nothing else changes', async () => {
    const { orgId, key, invoice, intent } = await cardInvoice(engine, stripe);
    const opened = stripe.openDispute(intent.id);
    expect((await postStripe(engine, opened)).json.outcome).toMatch(/signalled dispute\/stripe:dp_\w+: open/);
    const disputeId = `stripe:${opened.data.object.id}`;
    expect(await disputeOf(disputeId)).toMatchObject({ status: 'open', invoiceNumber: invoice.number, orgId });
    const listed = await engine.call('GET', `/v1/organizations/${orgId}/disputes`, { key });
    expect(listed.json.data).toEqual([expect.objectContaining({ invoiceNumber: invoice.number, status: 'open' })]);
    // The invoice list (API and portal) shows it disputed; the invoice record itself is never rewritten.
    const statusOf = async () =>
      (await engine.call('GET', `/v1/organizations/${orgId}/invoices?series=final`, { key })).json.data.find(
        (i: { number: string }) => i.number === invoice.number,
      )?.status;
    expect(await statusOf()).toBe('disputed');
    expect((await engine.models.Invoice.findById(invoice.number).lean())?.status).toBe(invoice.status);

    await postStripe(engine, stripe.closeDispute(opened.data.object.id, 'won'));
    await eventually(async () => (await engine.models.Dispute.findById(disputeId).lean())?.status === 'won');
    expect(await statusOf()).toBe(invoice.status);
    const announced = await eventually(async () => {
      const events = await engine.models.Event.find({ orgId, 'data.dispute.disputeId': disputeId }).sort({ sequence: 1 }).lean();
      return events.length === 2 && events;
    });
    expect(announced.map((e) => [e.type, (e.data as { dispute: { status: string } }).dispute.status])).toEqual([
      ['dispute.opened', 'open'],
      ['dispute.won', 'won'],
    ]);

    // An event of the closed dispute delivered late under its own id (Stripe does not promise order) changes nothing.
    const late = await postStripe(engine, stripe.event('charge.dispute.created', opened.data.object));
    expect(late.json.outcome).toBe(`ignored: dispute/${disputeId} is closed`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await engine.models.Dispute.findById(disputeId).lean()).toMatchObject({ status: 'won' });
    expect(await engine.models.Event.countDocuments({ orgId, 'data.dispute.disputeId': disputeId })).toBe(2);
  });

  it('lost, it is written off as configured (DISPUTE_LOST=write_off); a PayPal reversal is a lost dispute too', async () => {
    const { intent } = await cardInvoice(engine, stripe);
    const opened = stripe.openDispute(intent.id);
    await postStripe(engine, opened);
    await postStripe(engine, stripe.closeDispute(opened.data.object.id, 'lost'));
    await eventually(async () => {
      const d = await engine.models.Dispute.findById(`stripe:${opened.data.object.id}`).lean();
      return d?.status === 'lost' && d.outcome === 'written_off';
    });

    const { invoice, captureId } = await paypalInvoice(engine, paypal);
    const reversed = await postPayPal(engine, paypal.reverseCapture(captureId));
    expect(reversed.json.outcome).toBe(`signalled dispute/paypal:${captureId}: lost`);
    const dispute = await eventually(async () => {
      const d = await engine.models.Dispute.findById(`paypal:${captureId}`).lean();
      return d?.status === 'lost' ? d : undefined;
    });
    expect(dispute).toMatchObject({ invoiceNumber: invoice.number, outcome: 'written_off', amountMinor: invoice.totalMinor });
    const lost = await eventually(() =>
      engine.models.Event.findOne({ type: 'dispute.lost', 'data.dispute.disputeId': `paypal:${captureId}` }).lean(),
    );
    expect(lost!.data).toEqual({
      dispute: expect.objectContaining({ status: 'lost', outcome: 'written_off', invoiceNumber: invoice.number }),
    });
  });
});

describe('dashboard refunds the books cannot fully stand for', () => {
  /** The last refund made in Stripe's dashboard for a PaymentIntent (no metadata of ours). */
  const dashboardRefundOf = (paymentIntentId: string) =>
    [...stripe.refunds.values()].filter((r) => r.payment_intent === paymentIntentId && !r.metadata?.refundId).at(-1)!;
  const flagged = async () =>
    (await engine.call('GET', '/v1/admin/refunds?attention=true&limit=100', { key: ADMIN_KEY })).json.data as {
      refundId: string;
      attention: { uncreditedMinor: number; pastNetPaidMinor: number; reason: string };
    }[];

  it('an invoice already credited in full: the refund is recorded (no credit note), flagged for ops, explained by check-books', async () => {
    const { invoice, intent } = await cardInvoice(engine, stripe);
    expect((await issueCreditNote(engine, invoice.number, { reason: 'credited, not refunded yet' })).status).toBe(200);
    const event = stripe.refundInDashboard(intent.id, 1000);
    const refundId = dashboardRefundOf(intent.id).id;
    expect((await postStripe(engine, event)).json.outcome).toBe(`started credit-note/stripe-refund:${refundId}`);
    // The workflow completes (it used to fail on "already credited in full", losing the provider's refund).
    const { client } = await testClient();
    const status = await client.workflow.getHandle(`credit-note/stripe-refund:${refundId}`).result();
    expect(status.creditNote).toBeUndefined();
    expect(status.refund).toMatchObject({ refundId: `provider-refund:stripe:${refundId}`, status: 'succeeded', amountMinor: 1000 });

    const recorded = await engine.models.Refund.findById(`provider-refund:stripe:${refundId}`).lean();
    expect(recorded).toMatchObject({
      origin: 'provider',
      status: 'succeeded',
      invoiceNumber: invoice.number,
      destination: 'card',
      amountMinor: 1000,
      providerRef: refundId,
      attention: { uncreditedMinor: 1000, pastNetPaidMinor: 0 },
    });
    expect(recorded?.creditNoteNumber).toBeUndefined();
    expect(await creditNotesOf(engine, invoice.number)).toHaveLength(1);
    expect(await flagged()).toContainEqual(
      expect.objectContaining({
        refundId: `provider-refund:stripe:${refundId}`,
        origin: 'provider',
        invoiceNumber: invoice.number,
        attention: {
          uncreditedMinor: 1000,
          pastNetPaidMinor: 0,
          reason: expect.stringMatching(/no credit note: .* already credited in full/),
        },
      }),
    );
    const books = await checkBooks(engine.models);
    expect(books.breaches).toEqual([]);
    expect(books.explained).toContainEqual(expect.objectContaining({ check: 'refund', subject: `provider-refund:stripe:${refundId}` }));
  });

  it('more than is left to credit, after a refund to the balance: a credit note for what was left, the rest flagged', async () => {
    const { invoice, intent } = await cardInvoice(engine, stripe);
    const first = await issueCreditNote(engine, invoice.number, {
      reason: 'setup fee',
      lines: [{ line: 0, quantity: 1 }],
      refund: { to: 'balance' },
    });
    expect(await settledRefund(engine, first.json.creditNote.number)).toMatchObject({ status: 'succeeded', destination: 'balance' });
    const left = invoice.totalMinor - first.json.creditNote.totalMinor;
    // The whole charge refunded in the dashboard: the customer now has the setup fee back twice.
    const event = stripe.refundInDashboard(intent.id);
    const refundId = dashboardRefundOf(intent.id).id;
    await postStripe(engine, event);
    const { client } = await testClient();
    const status = await client.workflow.getHandle(`credit-note/stripe-refund:${refundId}`).result();
    expect(status.creditNote).toMatchObject({ totalMinor: left });
    const notes = await creditNotesOf(engine, invoice.number);
    expect(notes.map((n) => [n.origin, n.totalMinor])).toEqual([
      ['operator', first.json.creditNote.totalMinor],
      ['provider_refund', left],
    ]);
    expect(notes[1].reason).toMatch(new RegExp(`${invoice.totalMinor} refunded, only the ${left} left to credit is credited`));
    const recorded = await engine.models.Refund.findOne({ providerRef: refundId }).lean();
    expect(recorded).toMatchObject({
      _id: `refund:${notes[1].number}:1`,
      creditNoteNumber: notes[1].number,
      amountMinor: invoice.totalMinor,
      origin: 'provider',
      attention: { uncreditedMinor: invoice.totalMinor - left, pastNetPaidMinor: invoice.totalMinor - left },
    });
    expect((await flagged()).map((r) => r.refundId)).toContain(recorded!._id);
    const books = await checkBooks(engine.models);
    expect(books.breaches).toEqual([]);
    expect(books.explained).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: recorded!._id }),
        expect.objectContaining({ subject: invoice.number, message: expect.stringMatching(/more than the \d+ paid/) }),
      ]),
    );
  });
});

describe('refunds after a lost dispute', () => {
  it('a payment a lost dispute took back is not refunded again (409 naming what is refundable); check-books counts chargebacks', async () => {
    const { invoice, intent } = await cardInvoice(engine, stripe);
    const opened = stripe.openDispute(intent.id);
    await postStripe(engine, opened);
    await postStripe(engine, stripe.closeDispute(opened.data.object.id, 'lost'));
    await eventually(async () => (await engine.models.Dispute.findById(`stripe:${opened.data.object.id}`).lean())?.status === 'lost');

    const issued = await issueCreditNote(engine, invoice.number, { reason: 'goodwill after the chargeback' });
    expect(issued.status).toBe(200);
    const { number } = issued.json.creditNote;
    for (const to of ['payment', 'balance']) {
      const refused = await refundCreditNote(engine, number, { to });
      expect(refused.status).toBe(409);
      expect(refused.json.error.message).toMatch(
        new RegExp(
          `past what was paid: 0 refundable \\(0 paid net \\(${invoice.totalMinor} collected, ${invoice.totalMinor} charged back\\)`,
        ),
      );
    }
    expect(await engine.models.Refund.countDocuments({ creditNoteNumber: number, status: { $ne: 'failed' } })).toBe(0);
    expect([...stripe.refunds.values()].filter((r) => r.payment_intent === intent.id)).toEqual([]);

    // A refund recorded anyway (by hand) is a breach: the payer already had the money back from the bank.
    const forged = {
      _id: `refund:${number}:9`,
      orgId: invoice.orgId,
      source: 'credit_note',
      creditNoteNumber: number,
      invoiceNumber: invoice.number,
      attempt: 9,
      destination: 'bank_transfer',
      amountMinor: invoice.totalMinor,
      currency: invoice.currency,
      status: 'succeeded',
      bankReference: 'BY-HAND',
      requestedBy: 'test',
      reason: 'forged',
      requestedAt: new Date(),
    };
    await engine.models.Refund.create(forged);
    expect((await checkBooks(engine.models)).breaches).toEqual([
      expect.objectContaining({
        check: 'refund',
        subject: invoice.number,
        message: `refunded ${invoice.totalMinor}, more than the 0 paid net (${invoice.totalMinor} collected, ${invoice.totalMinor} charged back)`,
      }),
    ]);
    await engine.models.Refund.deleteOne({ _id: forged._id });
  });
});

describe('methods removed at the provider', () => {
  it('a card detached in Stripe is removed, no longer the default, and the customer is told', async () => {
    const { orgId, card } = await cardInvoice(engine, stripe);
    const ack = await postStripe(engine, stripe.detachInDashboard(card.paymentMethodId));
    expect(ack.json.outcome).toBe(`removed card_${card.paymentMethodId}`);
    expect(await engine.models.PaymentMethod.findById(`card_${card.paymentMethodId}`).lean()).toMatchObject({ status: 'removed' });
    expect(await engine.models.Organization.findById(orgId).lean()).toMatchObject({ defaultPaymentMethod: 'prepaid' });
    const email = await eventually(() => engine.models.OutboxEmail.findById(`payment-method-removed:card_${card.paymentMethodId}`).lean());
    expect(email!.orgId).toBe(orgId);
  });

  it('a PayPal token deleted at PayPal is removed and the customer is told', async () => {
    const { orgId, tokenId, methodId } = await paypalInvoice(engine, paypal);
    const ack = await postPayPal(engine, paypal.deleteTokenAtPayPal(tokenId));
    expect(ack.json.outcome).toBe(`removed ${methodId}`);
    expect(await engine.models.PaymentMethod.findById(methodId).lean()).toMatchObject({ status: 'removed' });
    expect(await engine.models.Organization.findById(orgId).lean()).toMatchObject({ defaultPaymentMethod: 'prepaid' });
    await eventually(() => engine.models.OutboxEmail.findById(`payment-method-removed:${methodId}`).lean());
  });
});

describe('payments completed outside a collection pass', () => {
  it('payment_intent.succeeded (3-D Secure completed later) settles the due cycle without waiting for the next retry', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    const { customerId } = await saveDefaultCard(engine, stripe, orgId, 'authenticationRequired');
    expect((await runCycleNow(engine, orgId)).debts[0].lastOutcome).toBe('authentication_required');
    const intent = [...stripe.paymentIntents.values()].find((pi) => pi.customer === customerId)!;
    const ack = await postStripe(engine, stripe.authenticatePaymentIntent(intent.id));
    expect(ack.json.outcome).toMatch(/^retrying /);
    const paid = await eventually(async () => {
      const [cycle] = await cycles(engine, orgId);
      return cycle.state === 'paid' && cycle.invoiceNumber ? cycle : undefined;
    });
    expect(paid.attempts!.filter((a) => a.outcome === 'paid').map((a) => a.providerRef)).toEqual([intent.id]);
    expect([...stripe.paymentIntents.values()].filter((pi) => pi.customer === customerId)).toHaveLength(1);
  });

  it('payment_intent.succeeded that cannot reach billing answers 500 and is processed when Stripe delivers it again', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    const { customerId } = await saveDefaultCard(engine, stripe, orgId, 'authenticationRequired');
    await runCycleNow(engine, orgId);
    const intent = [...stripe.paymentIntents.values()].find((pi) => pi.customer === customerId)!;
    const event = stripe.authenticatePaymentIntent(intent.id);

    // The same API, but its Temporal is unreachable: the event is not acknowledged, nor remembered as handled.
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '1s' }) });
    const cutOff = createApp({ models: engine.models, config: engine.config, temporal: unreachable });
    const refused = await postStripe({ call: apiClient(cutOff).call }, event);
    expect(refused.status).toBe(500);
    expect(await engine.models.WebhookEvent.exists({ _id: `stripe:${event.id}` })).toBeNull();

    const delivered = await postStripe(engine, event);
    expect(delivered.json).toMatchObject({ duplicate: false, outcome: expect.stringMatching(/^retrying /) });
    await eventually(async () => (await cycles(engine, orgId))[0].state === 'paid');
  });
});
