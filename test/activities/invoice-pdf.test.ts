/** Invoice PDFs in their own collection (models/invoice-pdf.ts), with invoices of earlier versions keeping theirs inline. */
import { loadInvoicePdf, storeInvoicePdf } from '../../models/invoice-pdf';
import { testDatabase } from '../helpers/database';

let database: Awaited<ReturnType<typeof testDatabase>>;
beforeAll(async () => (database = await testDatabase()));
afterAll(() => database.drop());

it('stores a PDF once under the invoice number and reads it back', async () => {
  const { models } = database;
  await storeInvoicePdf(models, 'INV-2026-000001', Buffer.from('%PDF-first'));
  await storeInvoicePdf(models, 'INV-2026-000001', Buffer.from('%PDF-second')); // a retry keeps the first
  expect((await loadInvoicePdf(models, 'INV-2026-000001'))?.toString()).toBe('%PDF-first');
  expect(await loadInvoicePdf(models, 'INV-2026-000002')).toBeUndefined();
});

it('still reads the PDF of an invoice issued when it was stored inline', async () => {
  const { models } = database;
  // As an earlier version wrote it: the PDF inside the invoice document.
  await models.Invoice.collection.insertOne({ _id: 'PF-2026-000007', number: 'PF-2026-000007', pdf: Buffer.from('%PDF-inline') } as never);
  expect((await loadInvoicePdf(models, 'PF-2026-000007'))?.toString()).toBe('%PDF-inline');
});
