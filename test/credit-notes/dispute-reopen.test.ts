/** A lost dispute with DISPUTE_LOST=reopen: the billing workflow owes the cycle again and collects it anew. */
import { checkBooks } from '../../scripts/check-books';
import type { FakeStripe } from '../fakes/stripe';
import { BILLING_OVERRIDES, cycles } from '../helpers/billing';
import { eventually, type Engine } from '../helpers/engine';
import { startEngineWithFakeProviders } from '../helpers/payment-providers';
import { testClient } from '../helpers/temporal';
import { cardInvoice, issueCreditNote, postStripe, settledRefund } from './helpers';

let engine: Engine;
let stripe: FakeStripe;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ engine, stripe, stop } = await startEngineWithFakeProviders({ ...BILLING_OVERRIDES, DISPUTE_LOST: 'reopen' }));
});
afterAll(async () => {
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
  await stop();
  await (await testClient()).close();
});

it('reopens the debt of a cycle whose card payment was lost in a dispute, and collects it again (a new charge)', async () => {
  const { orgId, invoice, intent, card } = await cardInvoice(engine, stripe);
  const opened = stripe.openDispute(intent.id);
  await postStripe(engine, opened);
  await postStripe(engine, stripe.closeDispute(opened.data.object.id, 'lost'));
  await eventually(async () => (await engine.models.Dispute.findById(`stripe:${opened.data.object.id}`).lean())?.outcome === 'reopened');
  const [paidAgain] = await eventually(async () => {
    const list = await cycles(engine, orgId);
    return list[0]?.state === 'paid' && list[0].chargedBack?.length ? list : undefined;
  });
  expect(paidAgain.chargedBack).toEqual([intent.id]);
  const intents = [...stripe.paymentIntents.values()].filter((pi) => pi.customer === card.customerId && pi.status === 'succeeded');
  expect(intents).toHaveLength(2);
  expect(paidAgain.attempts!.at(-1)).toMatchObject({ outcome: 'paid', providerRef: intents[1].id });

  // Paid again, the invoice is paid once net (two payments, one charged back): its credit note can be
  // refunded, to the new payment, not to the one the bank already gave back.
  const issued = await issueCreditNote(engine, invoice.number, { reason: 'paid twice, once charged back', refund: { to: 'payment' } });
  expect(issued.status).toBe(200);
  const refund = await settledRefund(engine, issued.json.creditNote.number);
  expect(refund).toMatchObject({ status: 'succeeded', destination: 'card', paymentRef: intents[1].id, amountMinor: invoice.totalMinor });
});
