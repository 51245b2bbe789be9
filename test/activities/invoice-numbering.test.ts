import { createCreditNoteNumbering, createInvoiceNumbering, type InvoiceDraft } from '../../activities/invoice-numbering';
import { testDatabase } from '../helpers/database';

type Db = Awaited<ReturnType<typeof testDatabase>>;
let database: Db;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.drop());

const draft = (key: string): InvoiceDraft => ({
  key,
  orgId: 'org_1',
  series: 'final',
  issueDate: new Date('2026-11-30T00:00:00Z'),
  dueDate: new Date('2026-12-14T00:00:00Z'),
  seller: { name: 'Seller', address: '', vatId: '' },
  buyer: { name: 'Buyer', address: '', vatId: '' },
  currency: 'EUR',
  lines: [{ description: 'Fee', quantity: 1, unitPriceMinor: 100, vatRateBp: 0, amountMinor: 100 }],
  subtotalMinor: 100,
  vat: [],
  vatMinor: 0,
  totalMinor: 100,
  notes: [],
  status: 'issued',
});

describe('gapless invoice numbering', () => {
  it('numbers 120 concurrent issues from three processes 1..120 with no gap, no duplicate', async () => {
    // Three numbering instances stand for three worker processes: they share only the database.
    const processes = [1, 2, 3].map(() => createInvoiceNumbering(database.models));
    const ids = Array.from({ length: 120 }, (_, i) => `inv-${i}`);
    const issued = await Promise.all(ids.map((id, i) => processes[i % 3]('final', 2026, draft(id))));
    const sequences = issued.map((inv) => inv.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const stored = await database.models.Invoice.find({ series: 'final', year: 2026 }).lean();
    expect(stored).toHaveLength(120);
    expect(new Set(stored.map((inv) => inv.number)).size).toBe(120);
    expect(new Set(stored.map((inv) => inv.key))).toEqual(new Set(ids));
  });

  it('gives a retried issue its first number instead of a second one', async () => {
    const numbering = createInvoiceNumbering(database.models);
    const first = await numbering('proforma', 2027, draft('retry-1'));
    const again = await createInvoiceNumbering(database.models)('proforma', 2027, draft('retry-1'));
    expect(again.number).toBe(first.number);
    expect(await database.models.Invoice.countDocuments({ key: 'retry-1' })).toBe(1);
    expect(await database.models.Invoice.countDocuments({ series: 'proforma', year: 2027 })).toBe(1);
  });

  it('keeps series and years apart', async () => {
    const numbering = createInvoiceNumbering(database.models);
    expect((await numbering('proforma', 2030, draft('pf-2030'))).number).toBe('PF-2030-000001');
    expect((await numbering('final', 2030, draft('inv-2030'))).number).toBe('INV-2030-000001');
    expect((await numbering('final', 2031, draft('inv-2031'))).number).toBe('INV-2031-000001');
  });

  it('continues from the real last number when the stored hint lags behind', async () => {
    const numbering = createInvoiceNumbering(database.models);
    for (const key of ['h-1', 'h-2', 'h-3']) await numbering('final', 2040, draft(key));
    // A hint update lost (or written by a slower process) points back to number 1.
    await database.models.InvoiceCounter.updateOne({ _id: 'final-2040' }, { $set: { seq: 1 } });
    const next = await createInvoiceNumbering(database.models)('final', 2040, draft('h-4'));
    expect(next.number).toBe('INV-2040-000004');
  });

  it('numbers the invoices that queue together in one ordered insert, gapless', async () => {
    const numbering = createInvoiceNumbering(database.models);
    const insertMany = jest.spyOn(database.models.Invoice, 'insertMany');
    try {
      const issued = await Promise.all(Array.from({ length: 50 }, (_, i) => numbering('final', 2050, draft(`b-${i}`))));
      expect(issued.map((inv) => inv.sequence)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(insertMany).toHaveBeenCalled();
      expect(insertMany.mock.calls.length).toBeLessThan(5);
    } finally {
      insertMany.mockRestore();
    }
    expect(await database.models.Invoice.countDocuments({ series: 'final', year: 2050 })).toBe(50);
  });

  it('gives an invoice issued before its first number when it comes again inside a batch', async () => {
    const numbering = createInvoiceNumbering(database.models);
    const first = await numbering('final', 2051, draft('again-0'));
    const issued = await Promise.all(
      ['again-1', 'again-2', 'again-0', 'again-3', 'again-4'].map((key) => numbering('final', 2051, draft(key))),
    );
    expect(issued[2].number).toBe(first.number);
    const stored = await database.models.Invoice.find({ series: 'final', year: 2051 }).lean();
    expect(stored.map((inv) => inv.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(await database.models.Invoice.countDocuments({ key: 'again-0' })).toBe(1);
  });

  it('stays gapless when another process takes a number in the middle of a batch', async () => {
    const here = createInvoiceNumbering(database.models);
    const there = createInvoiceNumbering(database.models);
    const { Invoice } = database.models;
    const create = Invoice.create.bind(Invoice);
    // Here's first invoice goes alone (number 1); while the rest queue behind it, the other process takes 2,
    // so the batch that follows, numbered from 2, collides at its first document.
    const spy = jest.spyOn(Invoice, 'create').mockImplementationOnce((async (doc: object) => {
      const created = await create(doc as never);
      await there('final', 2052, draft('mid-other'));
      return created;
    }) as never);
    try {
      const issued = await Promise.all(Array.from({ length: 6 }, (_, i) => here('final', 2052, draft(`mid-${i}`))));
      expect(new Set(issued.map((inv) => inv.number)).size).toBe(6);
    } finally {
      spy.mockRestore();
    }
    const stored = await Invoice.find({ series: 'final', year: 2052 }).lean();
    expect(stored.map((inv) => inv.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await Invoice.findOne({ key: 'mid-other' }).lean())?.sequence).toBe(2);
  });

  it('numbers credit notes in their own gapless series per year, concurrent across processes, apart from invoices', async () => {
    const processes = [1, 2, 3].map(() => createCreditNoteNumbering(database.models));
    const note = (key: string, i: number) => ({
      key,
      orgId: 'org_1',
      series: 'credit_note' as const,
      invoiceNumber: `INV-2026-${String(i + 1).padStart(6, '0')}`,
      reason: 'test',
      origin: 'operator' as const,
      issueDate: new Date('2026-12-01T00:00:00Z'),
      seller: { name: 'Seller', address: '', vatId: '' },
      buyer: { name: 'Buyer', address: '', vatId: '' },
      currency: 'EUR' as const,
      notes: [],
    });
    const totals = async () => ({
      invoiceCreditSeq: 1,
      lines: [{ invoiceLine: 0, description: 'Fee', quantity: 1, unitPriceMinor: 100, vatRateBp: 0, amountMinor: 100 }],
      subtotalMinor: 100,
      vat: [{ vatRateBp: 0, baseMinor: 100, vatMinor: 0 }],
      vatMinor: 0,
      totalMinor: 100,
    });
    const issued = await Promise.all(Array.from({ length: 60 }, (_, i) => processes[i % 3](2026, note(`cn-${i}`, i), totals)));
    expect(issued.map((n) => n.number).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `CN-2026-${String(i + 1).padStart(6, '0')}`));
    // A retry finds its number; the next year starts again at 1; the invoices of 2026 (numbered above) are untouched.
    expect((await processes[0](2026, note('cn-7', 7), totals)).number).toBe(issued[7].number);
    expect((await processes[1](2027, note('cn-2027', 100), totals)).number).toBe('CN-2027-000001');
    expect(await database.models.CreditNote.countDocuments({ year: 2026 })).toBe(60);
    expect(await database.models.Invoice.countDocuments({ series: 'final', year: 2026 })).toBe(120);
  });
});
