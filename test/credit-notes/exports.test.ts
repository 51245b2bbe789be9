/**
 * Finance exports read back and summed against the books: invoices and credit notes of the period (API and
 * CLI give the same CSV), the ledger per organization, the VAT report; and the books check catching a
 * credit note that takes back more than its invoice.
 */
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { billingCycleKey } from '../../domain/billing-cycle';
import type { CreditNoteRecord } from '../../models/credit-note';
import { finalInvoiceCycleId, type InvoiceRecord } from '../../models/invoice';
import { readLedgerHead } from '../../models/ledger-entry';
import { checkBooks } from '../../scripts/check-books';
import { runOps } from '../../scripts/ops';
import type { FakePayPal } from '../fakes/paypal';
import type { FakeStripe } from '../fakes/stripe';
import { BILLING_OVERRIDES, topUp } from '../helpers/billing';
import { ADMIN_KEY, type Engine } from '../helpers/engine';
import { startEngineWithFakeProviders } from '../helpers/payment-providers';
import { testClient } from '../helpers/temporal';
import { cardInvoice, issueCreditNote, PLAN, paidInvoice, paypalInvoice, prepaidInvoice, settledRefund } from './helpers';

let engine: Engine;
let stripe: FakeStripe;
let paypal: FakePayPal;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ engine, stripe, paypal, stop } = await startEngineWithFakeProviders(BILLING_OVERRIDES));
});
afterAll(async () => {
  await stop();
  await (await testClient()).close();
});

const today = new Date();
const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())).toISOString().slice(0, 10);
const to = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1)).toISOString().slice(0, 10);
/** "-12.34" → -1234: the CSV's decimal strings back to minor units, by their digits. */
const minor = (value: string) => (value === '' ? 0 : Number(value.replace('.', '')));
const rows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

it('exports invoices, credit notes, the ledger and VAT that add up to the books', async () => {
  const prepaid = await prepaidInvoice(engine);
  const card = await cardInvoice(engine, stripe);
  const partial = await issueCreditNote(engine, prepaid.invoice.number, {
    reason: 'setup waived',
    lines: [{ line: 0, quantity: 1 }],
    refund: { to: 'balance' },
  });
  await settledRefund(engine, partial.json.creditNote.number);
  const full = await issueCreditNote(engine, card.invoice.number, { reason: 'cancelled', refund: { to: 'payment' } });
  await settledRefund(engine, full.json.creditNote.number);
  const invoices = await engine.models.Invoice.find({ series: 'final' }, { pdf: 0 }).lean<InvoiceRecord[]>();
  const notes = await engine.models.CreditNote.find({}).lean<CreditNoteRecord[]>();

  const response = await engine.call('GET', `/v1/admin/exports/invoices?from=${from}&to=${to}`, { key: ADMIN_KEY });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  const documents = rows(response.text);
  expect(documents.filter((r) => r.type === 'invoice')).toHaveLength(invoices.length);
  expect(documents.filter((r) => r.type === 'credit_note')).toHaveLength(notes.length);
  const sum = (list: Record<string, string>[], column: string) => list.reduce((a, r) => a + minor(r[column]!), 0);
  const books = (field: 'totalMinor' | 'vatMinor' | 'subtotalMinor') =>
    invoices.reduce((a, i) => a + i[field], 0) - notes.reduce((a, n) => a + n[field], 0);
  expect(sum(documents, 'total')).toBe(books('totalMinor'));
  expect(sum(documents, 'vat')).toBe(books('vatMinor'));
  expect(sum(documents, 'net 21 %')).toBe(books('subtotalMinor'));
  const cardRow = documents.find((r) => r.number === card.invoice.number)!;
  expect(cardRow).toMatchObject({ organization: card.orgId, currency: 'EUR', 'paid by': 'card', status: 'paid' });
  expect(documents.find((r) => r.number === full.json.creditNote.number)).toMatchObject({
    corrects: card.invoice.number,
    status: 'refunded',
    'paid by': 'card',
    total: `-${(card.invoice.totalMinor / 100).toFixed(2)}`,
  });

  // The CLI writes the same CSV; its progress bar goes to the terminal's stderr, counting every document.
  let cli = '';
  let bar = '';
  const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  terminal.on('data', (chunk: Buffer) => (bar += chunk.toString('utf8')));
  const code = await runOps(['export', 'invoices', '--from', from, '--to', to], {
    client: engine.client,
    config: engine.config,
    models: async () => engine.models,
    out: (text) => (cli += text),
    progress: terminal,
  });
  expect(code).toBe(0);
  expect(cli).toBe(response.text);
  const read = invoices.length + notes.length;
  expect(bar).toMatch(new RegExp(`export invoices \\[[^\\]]*\\] ${read}/${read} documents`));

  // The ledger of one organization sums to its balance; all organizations' ledgers together too.
  const ledger = rows((await engine.call('GET', `/v1/admin/exports/ledger?orgId=${prepaid.orgId}`, { key: ADMIN_KEY })).text);
  expect(sum(ledger, 'amount')).toBe((await readLedgerHead(engine.models, prepaid.orgId)).balanceMinor);
  expect(ledger.map((r) => r.kind)).toEqual(expect.arrayContaining(['top_up_credit', 'cycle_charge', 'credit_note']));
  const everyone = rows((await engine.call('GET', '/v1/admin/exports/ledger', { key: ADMIN_KEY })).text);
  expect(everyone).toHaveLength(await engine.models.LedgerEntry.countDocuments({}));

  // VAT: per rate and buyer country (no EU VAT id here: the seller's country), net of credit notes.
  const vat = rows((await engine.call('GET', `/v1/admin/exports/vat?from=${from}&to=${to}`, { key: ADMIN_KEY })).text);
  expect(vat).toEqual([expect.objectContaining({ currency: 'EUR', 'buyer country': 'BE', 'vat rate': '21 %', 'reverse charge': 'no' })]);
  expect(sum(vat, 'net')).toBe(books('subtotalMinor'));
  expect(sum(vat, 'vat')).toBe(books('vatMinor'));

  const bad = await engine.call('GET', `/v1/admin/exports/vat?from=${to}&to=${from}`, { key: ADMIN_KEY });
  expect(bad.status).toBe(400);
  expect(bad.json.error.field).toBe('to');
  expect((await engine.call('GET', `/v1/admin/exports/vat?from=${from}&to=${to}`, { key: prepaid.key })).status).toBe(403);

  expect((await checkBooks(engine.models)).breaches).toEqual([]);
});

it('says how each invoice was paid from the invoice itself, and from its billing cycle for one issued before invoices recorded it', async () => {
  const issued = [await prepaidInvoice(engine), await cardInvoice(engine, stripe), await paypalInvoice(engine, paypal)];
  expect(issued.map(({ invoice }) => invoice.paidWith)).toEqual(['prepaid', 'card', 'paypal']);
  const paidBy = async () => {
    const response = await engine.call('GET', `/v1/admin/exports/invoices?from=${from}&to=${to}`, { key: ADMIN_KEY });
    const byNumber = new Map(rows(response.text).map((row) => [row.number, row['paid by']]));
    return issued.map(({ invoice }) => byNumber.get(invoice.number));
  };
  expect(await paidBy()).toEqual(['prepaid', 'card', 'paypal']);

  const [prepaid, card, viaPayPal] = issued.map(({ invoice }) => invoice);
  const cycleOf = (invoice: InvoiceRecord) => billingCycleKey(invoice.orgId, finalInvoiceCycleId(invoice)!);
  // What the cycle says later (a lost dispute clears how it was paid) does not rewrite the invoice's row...
  await engine.models.BillingCycle.updateOne({ _id: cycleOf(card!) }, { $unset: { paidWith: 1 } });
  // ...and invoices issued before the field existed are answered by their cycle.
  await engine.models.Invoice.updateMany({ _id: { $in: [prepaid!._id, viaPayPal!._id] } }, { $unset: { paidWith: 1 } });
  expect(await paidBy()).toEqual(['prepaid', 'card', 'paypal']);
  await engine.models.BillingCycle.updateOne({ _id: cycleOf(card!) }, { $set: { paidWith: 'card' } });
});

it('streams thousands of invoices from a cursor, looking billing cycles up once per page', async () => {
  const { invoice } = await prepaidInvoice(engine);
  // Shaped as issued before invoices recorded how they were paid: the export asks their billing cycles.
  const { _id, number, sequence, paidWith, ...rest } = invoice;
  const copies = Array.from({ length: 2000 }, (_, i) => ({
    ...rest,
    _id: `INV-1990-${String(i + 1).padStart(6, '0')}`,
    number: `INV-1990-${String(i + 1).padStart(6, '0')}`,
    key: `final:${invoice.orgId}:bulk-${i}`,
    year: 1990,
    sequence: i + 1,
    issueDate: new Date('1990-01-15T00:00:00Z'),
  }));
  await engine.models.Invoice.insertMany(copies);
  const { db } = engine.models.BillingCycle;
  const cycleQueries: string[] = [];
  db.set('debug', (collection: string, method: string) => {
    if (collection === engine.models.BillingCycle.collection.name) cycleQueries.push(method);
  });
  const started = Date.now();
  let chunks = 0;
  let text = '';
  try {
    const response = await engine.app.request('/v1/admin/exports/invoices?from=1990-01-01&to=1990-02-01', {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks += 1;
      text += decoder.decode(chunk, { stream: true });
    }
  } finally {
    db.set('debug', undefined);
  }
  console.log(`exported 2000 invoices in ${Date.now() - started} ms, ${chunks} chunks, ${cycleQueries.length} billing-cycle queries`);
  expect(chunks).toBeGreaterThan(1);
  expect(rows(text)).toHaveLength(2000);
  expect(cycleQueries).toEqual(['find', 'find', 'find', 'find']); // 2000 invoices, pages of 500
  await engine.models.Invoice.deleteMany({ year: 1990 });
}, 180_000);

it('VAT report: a buyer in another EU country with a VAT id is reverse-charged, on a row of its own, net of its credit note', async () => {
  const { orgId, key } = await engine.createOrganization({ plan: PLAN, vatId: 'DE136695976' });
  await topUp(engine, orgId, key, 100_000);
  const invoice = await paidInvoice(engine, orgId);
  expect(invoice).toMatchObject({ vatMinor: 0, vat: [{ vatRateBp: 0 }] });
  const issued = await issueCreditNote(engine, invoice.number, { reason: 'setup waived', lines: [{ line: 0, quantity: 1 }] });
  const note = (await engine.models.CreditNote.findById(issued.json.creditNote.number).lean<CreditNoteRecord>())!;

  const vat = rows((await engine.call('GET', `/v1/admin/exports/vat?from=${from}&to=${to}`, { key: ADMIN_KEY })).text);
  const reverse = vat.filter((r) => r['reverse charge'] === 'yes');
  expect(reverse).toEqual([
    {
      currency: 'EUR',
      'buyer country': 'DE',
      'vat rate': '0 %',
      'reverse charge': 'yes',
      net: ((invoice.subtotalMinor - note.subtotalMinor) / 100).toFixed(2),
      vat: '0.00',
      documents: '2',
    },
  ]);
  // Domestic sales come first, each rate and country once; all rows together are the period's books.
  expect(vat.findIndex((r) => r['reverse charge'] === 'yes')).toBe(vat.length - 1);
  expect(new Set(vat.map((r) => `${r['buyer country']}|${r['vat rate']}|${r['reverse charge']}`)).size).toBe(vat.length);
  const period = { issueDate: { $gte: new Date(from), $lt: new Date(to) } };
  const invoices = await engine.models.Invoice.find({ series: 'final', ...period }, { pdf: 0 }).lean<InvoiceRecord[]>();
  const notes = await engine.models.CreditNote.find(period).lean<CreditNoteRecord[]>();
  const books = (field: 'subtotalMinor' | 'vatMinor') =>
    invoices.reduce((a, i) => a + i[field], 0) - notes.reduce((a, n) => a + n[field], 0);
  expect(vat.reduce((a, r) => a + minor(r.net!), 0)).toBe(books('subtotalMinor'));
  expect(vat.reduce((a, r) => a + minor(r.vat!), 0)).toBe(books('vatMinor'));

  // The invoices export gives the reverse-charged invoice its 0 % columns.
  const documents = rows((await engine.call('GET', `/v1/admin/exports/invoices?from=${from}&to=${to}`, { key: ADMIN_KEY })).text);
  expect(documents.find((r) => r.number === invoice.number)).toMatchObject({
    'net 0 %': (invoice.subtotalMinor / 100).toFixed(2),
    'vat 0 %': '0.00',
    'net 21 %': '',
  });
});

it('check-books finds a credit note that takes back more than its invoice, and a gap in the credit-note series', async () => {
  const { invoice } = await prepaidInvoice(engine);
  const issued = await issueCreditNote(engine, invoice.number, { reason: 'all' });
  const number = issued.json.creditNote.number as string;
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
  const note = (await engine.models.CreditNote.findById(number).lean<CreditNoteRecord>())!;
  await engine.models.CreditNote.create({
    ...note,
    _id: `CN-${note.year}-${String(note.sequence + 2).padStart(6, '0')}`,
    number: `CN-${note.year}-${String(note.sequence + 2).padStart(6, '0')}`,
    sequence: note.sequence + 2,
    key: 'forged',
    invoiceCreditSeq: 2,
  });
  const { breaches } = await checkBooks(engine.models);
  expect(breaches).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ check: 'numbering', message: expect.stringMatching(/jump from/) }),
      expect.objectContaining({ check: 'credit_note', subject: invoice.number, message: expect.stringMatching(/more than its total/) }),
    ]),
  );
  await engine.models.CreditNote.deleteOne({ key: 'forged' });
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
});

it('check-books reconciles refunds with the ledger both ways and against what was paid', async () => {
  const { invoice } = await prepaidInvoice(engine);
  const issued = await issueCreditNote(engine, invoice.number, { reason: 'all', refund: { to: 'balance' } });
  const refund = (await settledRefund(engine, issued.json.creditNote.number))!;
  expect(refund).toMatchObject({ status: 'succeeded', destination: 'balance' });
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
  const breachesOf = async () => (await checkBooks(engine.models)).breaches.filter((b) => b.check === 'refund');

  // A balance credit on the ledger whose refund is not recorded as succeeded.
  await engine.models.Refund.updateOne({ _id: refund._id }, { $set: { status: 'failed' } });
  expect(await breachesOf()).toEqual([
    expect.objectContaining({
      subject: refund._id,
      message: expect.stringMatching(/ledger credit_note of \d+ .* is no succeeded refund's/),
    }),
  ]);
  // A refund of more than its credit note, its ledger credit and what the invoice was paid.
  await engine.models.Refund.updateOne({ _id: refund._id }, { $set: { status: 'succeeded', amountMinor: refund.amountMinor + 1 } });
  expect((await breachesOf()).map((b) => [b.subject, b.message])).toEqual(
    expect.arrayContaining([
      [refund._id, expect.stringMatching(/its credit note is/)],
      [refund._id, expect.stringMatching(/its ledger credit is/)],
      [invoice.number, expect.stringMatching(/more than the \d+ paid/)],
    ]),
  );
  await engine.models.Refund.updateOne({ _id: refund._id }, { $set: { amountMinor: refund.amountMinor } });
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
});
