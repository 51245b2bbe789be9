/**
 * Credit notes and refunds against the real servers (Temporal, FerretDB) and the Stripe and PayPal fakes
 * through their real SDKs: partial and full credit notes with VAT reversed per rate, their numbers, PDF and
 * e-mail; money back to the balance, the card, PayPal or by bank; a provider refusing the refund; unused
 * balance paid out. The books are checked after every test file.
 */
import { readLedgerHead } from '../../models/ledger-entry';
import { BILLING_OVERRIDES, expectBooksToBalance } from '../helpers/billing';
import { ADMIN_KEY, eventually } from '../helpers/engine';
import { engineWithFakeProvidersForThisFile } from '../helpers/payment-providers';
import { opsCli } from '../helpers/ops';
import { extractPdf } from '../helpers/pdf-text';
import { creditNoteWorkflowId, refundWorkflowId } from '../../workflows/credit-note-definitions';
import {
  cardInvoice,
  creditNotesOf,
  issueCreditNote,
  OPERATOR,
  paypalInvoice,
  postPayPal,
  postStripe,
  prepaidInvoice,
  refundCreditNote,
  settledRefund,
} from './helpers';

const { engine, stripe, paypal } = engineWithFakeProvidersForThisFile(BILLING_OVERRIDES, { beforeStop: expectBooksToBalance });

const balanceOf = async (orgId: string) => (await readLedgerHead(engine.models, orgId)).balanceMinor;

describe('credit notes', () => {
  it('credits part of an invoice by line, reverses its VAT at the invoice rate, numbers it in the CN series, sends its PDF', async () => {
    const { orgId, key, invoice } = await prepaidInvoice(engine);
    expect(invoice.lines.length).toBeGreaterThanOrEqual(2);
    const [setupFee] = invoice.lines;
    const before = await balanceOf(orgId);

    const issued = await issueCreditNote(engine, invoice.number, {
      reason: 'setup fee waived',
      lines: [{ line: 0, quantity: 1 }],
      refund: { to: 'balance' },
    });
    expect(issued.status).toBe(200);
    const number = issued.json.creditNote.number as string;
    expect(number).toMatch(new RegExp(`^CN-${new Date().getUTCFullYear()}-\\d{6}$`));
    const [note] = await creditNotesOf(engine, invoice.number);
    const vat = Math.round((setupFee.amountMinor * setupFee.vatRateBp) / 10000); // 21 % of a whole amount: no half cent here
    expect(note).toMatchObject({
      number,
      invoiceNumber: invoice.number,
      subtotalMinor: setupFee.amountMinor,
      vat: [{ vatRateBp: setupFee.vatRateBp, baseMinor: setupFee.amountMinor, vatMinor: vat }],
      totalMinor: setupFee.amountMinor + vat,
      reason: 'setup fee waived',
    });

    // The money goes back to the balance, once.
    const refund = await settledRefund(engine, number);
    expect(refund).toMatchObject({ status: 'succeeded', destination: 'balance', amountMinor: note.totalMinor, _id: `refund:${number}:1` });
    expect(await balanceOf(orgId)).toBe(before + note.totalMinor);
    expect(await engine.models.LedgerEntry.countDocuments({ key: `refund:${number}:1`, amountMinor: note.totalMinor })).toBe(1);
    // Both facts announced once, with the objects as the API shows them.
    const events = await engine.models.Event.find({ orgId, type: { $in: ['credit_note.issued', 'refund.succeeded'] } }).lean();
    expect(events.map((e) => [e.type, e.data])).toEqual(
      expect.arrayContaining([
        ['credit_note.issued', { creditNote: expect.objectContaining({ number, totalMinor: note.totalMinor, refunds: [] }) }],
        ['refund.succeeded', { refund: expect.objectContaining({ refundId: `refund:${number}:1`, orgId, creditNoteNumber: number }) }],
      ]),
    );
    expect(events).toHaveLength(2);

    // E-mailed with the PDF, which the customer can download; another organization cannot.
    const email = await eventually(() => engine.models.OutboxEmail.findById(`credit-note:${number}`).lean());
    expect(email!.subject).toContain(`Credit note ${number} for invoice ${invoice.number}`);
    const billing = (await engine.models.Organization.findById(orgId, { billingEmail: 1 }).lean())!;
    expect(email).toMatchObject({ to: billing.billingEmail, attachments: [{ filename: `${number}.pdf`, invoiceId: number }] });
    const pdf = await engine.call('GET', `/v1/organizations/${orgId}/credit-notes/${number}/pdf`, { key });
    expect(pdf.status).toBe(200);
    const { text } = await extractPdf(
      Buffer.from(
        await (
          await engine.app.request(`/v1/organizations/${orgId}/credit-notes/${number}/pdf`, { headers: { authorization: `Bearer ${key}` } })
        ).arrayBuffer(),
      ),
    );
    expect(text).toContain('CREDIT NOTE');
    expect(text).toContain(invoice.number);
    expect(text).toContain(setupFee.description);
    const other = await engine.createOrganization();
    expect((await engine.call('GET', `/v1/organizations/${orgId}/credit-notes/${number}/pdf`, { key: other.key })).status).toBe(404);

    const listed = await engine.call('GET', `/v1/organizations/${orgId}/credit-notes`, { key });
    expect(listed.json.data).toEqual([
      expect.objectContaining({ number, invoiceNumber: invoice.number, refunds: [expect.objectContaining({ status: 'succeeded' })] }),
    ]);
  });

  it('credits the rest in full so the credit notes add up to the invoice, then refuses a third; bad input names the field', async () => {
    const { invoice } = await prepaidInvoice(engine);
    const first = await issueCreditNote(engine, invoice.number, { reason: 'part', lines: [{ line: 1, amountMinor: 1 }] });
    expect(first.status).toBe(200);
    const rest = await issueCreditNote(engine, invoice.number, { reason: 'the rest' });
    expect(rest.status).toBe(200);
    const notes = await creditNotesOf(engine, invoice.number);
    expect(notes.map((n) => n.invoiceCreditSeq)).toEqual([1, 2]);
    expect(notes.reduce((a, n) => a + n.totalMinor, 0)).toBe(invoice.totalMinor);
    expect(notes.reduce((a, n) => a + n.vatMinor, 0)).toBe(invoice.vatMinor);
    expect(notes.reduce((a, n) => a + n.subtotalMinor, 0)).toBe(invoice.subtotalMinor);
    // Consecutive numbers of the one series.
    const [a, b] = notes.map((n) => n.sequence);
    expect(b).toBe(a + 1);

    const third = await issueCreditNote(engine, invoice.number, { reason: 'again' });
    expect(third.status).toBe(400);
    expect(third.json.error.message).toMatch(/already credited in full/);

    const { invoice: other } = await prepaidInvoice(engine);
    const badLine = await issueCreditNote(engine, other.number, { reason: 'x', lines: [{ line: 9, quantity: 1 }] });
    expect(badLine.status).toBe(400);
    expect(badLine.json.error.field).toBe('lines.0.line');
    const tooMuch = await issueCreditNote(engine, other.number, { reason: 'x', lines: [{ line: 0, quantity: 2 }] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json.error.field).toBe('lines.0.quantity');
    const noReason = await issueCreditNote(engine, other.number, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.field).toBe('reason');
    expect(await creditNotesOf(engine, other.number)).toEqual([]);
    expect((await issueCreditNote(engine, 'INV-1999-000001', { reason: 'x' })).status).toBe(404);

    // The same Idempotency-Key gives the same credit note.
    const once = await issueCreditNote(engine, other.number, { reason: 'once', lines: [{ line: 0, quantity: 1 }] }, 'cn-key-1');
    const twice = await issueCreditNote(engine, other.number, { reason: 'once', lines: [{ line: 0, quantity: 1 }] }, 'cn-key-1');
    expect(twice.json.creditNote.number).toBe(once.json.creditNote.number);
    expect(await creditNotesOf(engine, other.number)).toHaveLength(1);
  });
});

describe('credit notes racing', () => {
  it('credit notes of one invoice issued at once never take back more than it had, and a proforma is not credited', async () => {
    const { orgId, invoice } = await prepaidInvoice(engine);
    const answers = await Promise.all(
      ['a', 'b', 'c'].map((k) => issueCreditNote(engine, invoice.number, { reason: `race ${k}` }, `race-${invoice.number}-${k}`)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400]);
    for (const refused of answers.filter((a) => a.status === 400)) expect(refused.json.error.message).toMatch(/already credited in full/);
    const notes = await creditNotesOf(engine, invoice.number);
    expect(notes.map((n) => [n.invoiceCreditSeq, n.totalMinor])).toEqual([[1, invoice.totalMinor]]);

    const proforma = (await engine.models.Invoice.findOne({ orgId, series: 'proforma' }, { _id: 1 }).lean())!;
    const refused = await issueCreditNote(engine, proforma._id, { reason: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/only a final invoice is corrected by a credit note/);
  });
});

describe('refunds to the rail that paid', () => {
  it('refunds a card payment at Stripe with a key derived from the credit note; our own refund webhook makes no second credit note', async () => {
    const { invoice, intent } = await cardInvoice(engine, stripe);
    const issued = await issueCreditNote(engine, invoice.number, { reason: 'service outage', refund: { to: 'payment' } });
    expect(issued.status).toBe(200);
    const number = issued.json.creditNote.number as string;
    const refund = await settledRefund(engine, number);
    expect(refund).toMatchObject({ status: 'succeeded', destination: 'card', paymentRef: intent.id, amountMinor: invoice.totalMinor });
    const requests = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
    expect(requests.map((r) => r.idempotencyKey)).toEqual([`refund:${number}:1`]);
    expect(requests[0].params).toMatchObject({
      payment_intent: intent.id,
      amount: String(invoice.totalMinor),
      metadata: { refundId: `refund:${number}:1` },
    });
    expect(stripe.refunds.get(refund!.providerRef!)).toMatchObject({ amount: invoice.totalMinor, status: 'succeeded' });

    const ack = await postStripe(engine, stripe.event('charge.refunded', stripe.charges.get(intent.latest_charge)!));
    expect(ack.status).toBe(200);
    expect(ack.json.outcome).toMatch(/ignored: re_\w+ is our refund:/);
    expect(await creditNotesOf(engine, invoice.number)).toHaveLength(1);
  });

  it('refunds a PayPal capture with a PayPal-Request-Id derived from the credit note; its webhook is ours and ignored', async () => {
    const { invoice, captureId } = await paypalInvoice(engine, paypal);
    const issued = await issueCreditNote(engine, invoice.number, { reason: 'duplicate charge', refund: { to: 'payment' } });
    const number = issued.json.creditNote.number as string;
    const refund = await settledRefund(engine, number);
    expect(refund).toMatchObject({ status: 'succeeded', destination: 'paypal', paymentRef: captureId, amountMinor: invoice.totalMinor });
    const calls = paypal.requests.filter((r) => r.method === 'POST' && r.path === `/v2/payments/captures/${captureId}/refund`);
    expect(calls.map((r) => r.headers['paypal-request-id'])).toEqual([`refund:${number}:1`]);
    expect(calls[0].body).toMatchObject({ amount: { currency_code: 'EUR' }, custom_id: `refund:${number}:1` });
    const webhook = paypal.webhooks.filter((w) => w.event.event_type === 'PAYMENT.CAPTURE.REFUNDED').at(-1)!;
    const ack = await postPayPal(engine, webhook);
    expect(ack.json.outcome).toBe(`ignored: our own refund:${number}:1`);
    expect(await creditNotesOf(engine, invoice.number)).toHaveLength(1);
  });

  it('a refund the provider refuses leaves the credit note issued and the refund failed for ops; another way then succeeds', async () => {
    const { invoice, intent } = await cardInvoice(engine, stripe);
    stripe.refundInDashboard(intent.id); // refunded at Stripe already, and its webhook never arrived
    const issued = await issueCreditNote(engine, invoice.number, { reason: 'goodwill', refund: { to: 'payment' } });
    expect(issued.status).toBe(200);
    const number = issued.json.creditNote.number as string;
    const failed = await settledRefund(engine, number);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'charge_already_refunded' } });
    expect(await engine.models.CreditNote.exists({ _id: number })).toBeTruthy();
    const listed = await engine.call('GET', '/v1/admin/refunds?status=failed', { key: ADMIN_KEY });
    expect(listed.json.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ refundId: `refund:${number}:1`, status: 'failed' })]),
    );

    const byBank = await refundCreditNote(engine, number, { to: 'bank_transfer', bankReference: 'BANK-REF-42' });
    expect(byBank.status).toBe(200);
    expect(byBank.json).toMatchObject({
      refundId: `refund:${number}:2`,
      status: 'succeeded',
      destination: 'bank_transfer',
      providerRef: 'BANK-REF-42',
    });
    const outcomes = await engine.models.Event.find({
      type: { $in: ['refund.failed', 'refund.succeeded'] },
      'data.refund.creditNoteNumber': number,
    })
      .sort({ sequence: 1 })
      .lean();
    expect(outcomes.map((e) => [e.type, (e.data as { refund: { refundId: string } }).refund.refundId])).toEqual([
      ['refund.failed', `refund:${number}:1`],
      ['refund.succeeded', `refund:${number}:2`],
    ]);
    const again = await refundCreditNote(engine, number, { to: 'balance' });
    expect(again.status).toBe(409);
  });
});

describe('unused prepaid balance', () => {
  it('pays out part of the balance by bank, once per request, and never more than the balance', async () => {
    const { orgId } = await prepaidInvoice(engine);
    const before = await balanceOf(orgId);
    const body = { ...OPERATOR, amountMinor: 1000, bankReference: 'PAYOUT-1' };
    const headers = { 'idempotency-key': 'payout-1' };
    const paid = await engine.call('POST', `/v1/admin/organizations/${orgId}/balance-payout`, { key: ADMIN_KEY, body, headers });
    expect(paid.status).toBe(200);
    expect(paid.json).toMatchObject({ status: 'succeeded', destination: 'bank_transfer', amountMinor: 1000, bankReference: 'PAYOUT-1' });
    const replay = await engine.call('POST', `/v1/admin/organizations/${orgId}/balance-payout`, { key: ADMIN_KEY, body, headers });
    expect(replay.json.refundId).toBe(paid.json.refundId);
    expect(await balanceOf(orgId)).toBe(before - 1000);

    const tooMuch = await engine.call('POST', `/v1/admin/organizations/${orgId}/balance-payout`, {
      key: ADMIN_KEY,
      body: { ...body, amountMinor: before },
    });
    expect(tooMuch.status).toBe(409);
    expect(await balanceOf(orgId)).toBe(before - 1000);
  });
});

describe('ops CLI', () => {
  const ops = (...argv: string[]) => opsCli(engine, ...argv);
  const json = async (...argv: string[]) => {
    const { code, output } = await ops(...argv, '--json');
    expect(code).toBe(0);
    return JSON.parse(output);
  };

  it('issues a credit note, refunds it and pays out balance, each an Update in its workflow history with who and why', async () => {
    const { orgId, invoice } = await prepaidInvoice(engine);
    const issued = await json(
      'credit-note',
      invoice.number,
      ...['--by', 'cli-operator', '--reason', 'waived by phone', '--lines', '[{"line":0,"quantity":1}]', '--key', 'cli-cn-1'],
    );
    const number = issued.creditNote.number as string;
    expect(issued).toMatchObject({ creditNote: { number, invoiceNumber: invoice.number, totalMinor: expect.any(Number) } });
    const [note] = await creditNotesOf(engine, invoice.number);
    expect(note).toMatchObject({ number, reason: 'waived by phone', issuedBy: 'cli-operator', lines: [{ invoiceLine: 0, quantity: 1 }] });
    // The same --key names the same request: no second credit note.
    const again = await json('credit-note', invoice.number, '--by', 'cli-operator', '--reason', 'waived by phone', '--key', 'cli-cn-1');
    expect(again.creditNote.number).toBe(number);
    expect(await creditNotesOf(engine, invoice.number)).toHaveLength(1);

    const before = await balanceOf(orgId);
    const refunded = await json('refund', number, '--by', 'cli-operator', '--reason', 'customer asked', '--destination', 'balance');
    expect(refunded).toMatchObject({
      refundId: `refund:${number}:1`,
      status: 'succeeded',
      destination: 'balance',
      amountMinor: note.totalMinor,
    });
    expect(await balanceOf(orgId)).toBe(before + note.totalMinor);

    const paidOut = await json(
      'payout',
      orgId,
      ...['--by', 'cli-operator', '--reason', 'leaving', '--amount-minor', '500', '--bank-reference', 'CLI-PAYOUT-1', '--key', 'cli-po-1'],
    );
    expect(paidOut).toMatchObject({ status: 'succeeded', destination: 'bank_transfer', amountMinor: 500, bankReference: 'CLI-PAYOUT-1' });
    expect(await balanceOf(orgId)).toBe(before + note.totalMinor - 500);

    // The audit: each action is an accepted Update carrying the operator and the reason.
    const requestId = (await engine.models.CreditNote.findById(number).lean())!.key.replace(/^credit-note:/, '');
    for (const [workflowId, update, reason] of [
      [creditNoteWorkflowId(requestId), 'issueCreditNote', 'waived by phone'],
      [refundWorkflowId(`refund:${number}:1`), 'requestRefund', 'customer asked'],
      [refundWorkflowId(paidOut.refundId), 'requestRefund', 'leaving'],
    ]) {
      const story = await json('story', workflowId!);
      const accepted = story.events.filter((e: { event: string }) => e.event === 'UpdateAccepted');
      expect(accepted).toHaveLength(1);
      const [name, args] = [accepted[0].detail.split(': ')[0], JSON.parse(accepted[0].detail.slice(update!.length + 2))];
      expect([name, args]).toEqual([update, expect.objectContaining({ by: 'cli-operator', reason })]);
    }

    await expect(ops('refund', number, '--by', 'x', '--reason', 'y')).rejects.toThrow('--destination is required');
    await expect(ops('refund', number, '--by', 'x', '--reason', 'y', '--destination', 'balance')).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(ops('payout', orgId, '--by', 'x', '--reason', 'y', '--amount-minor', '500', '--bank-reference', '')).rejects.toThrow(
      '--bank-reference is required',
    );
  });
});
