/** Shared by the credit-note tests: paid invoices by each method, the admin actions, provider webhooks. */
import type { CreditNoteRecord } from '../../models/credit-note';
import type { InvoiceRecord } from '../../models/invoice';
import type { FakePayPal } from '../fakes/paypal';
import type { FakeStripe } from '../fakes/stripe';
import { cycles, OPERATOR, runCycleNow, saveDefaultCard, saveDefaultPayPal, topUp } from '../helpers/billing';
import { ADMIN_KEY, eventually, type Engine } from '../helpers/engine';
export { postPayPal, postStripe } from '../helpers/payment-providers';

export { OPERATOR };
export const PLAN = { setupFeeMinor: 10000, monthlyFeeMinor: 5000, usagePrices: [] };

export async function paidInvoice(engine: Engine, orgId: string): Promise<InvoiceRecord> {
  await runCycleNow(engine, orgId);
  const cycle = await eventually(async () => {
    const [first] = await cycles(engine, orgId);
    return first?.state === 'paid' && first.invoiceNumber ? first : undefined;
  });
  return (await engine.models.Invoice.findById(cycle.invoiceNumber).lean<InvoiceRecord>())!;
}

export async function prepaidInvoice(engine: Engine) {
  const { orgId, key } = await engine.createOrganization({ plan: PLAN });
  await topUp(engine, orgId, key, 100_000);
  return { orgId, key, invoice: await paidInvoice(engine, orgId) };
}

export async function cardInvoice(engine: Engine, stripe: FakeStripe) {
  const { orgId, key } = await engine.createOrganization({ plan: PLAN });
  const card = await saveDefaultCard(engine, stripe, orgId, 'visa');
  const invoice = await paidInvoice(engine, orgId);
  const intent = [...stripe.paymentIntents.values()].find((pi) => pi.customer === card.customerId && pi.status === 'succeeded')!;
  return { orgId, key, invoice, intent, card };
}

export async function paypalInvoice(engine: Engine, paypal: FakePayPal) {
  const { orgId, key } = await engine.createOrganization({ plan: PLAN });
  const { tokenId, methodId } = await saveDefaultPayPal(engine, paypal, orgId);
  const invoice = await paidInvoice(engine, orgId);
  const [cycle] = await cycles(engine, orgId);
  const captureId = cycle.attempts!.find((a) => a.outcome === 'paid')!.captureRef!;
  return { orgId, key, invoice, captureId, tokenId, methodId };
}

export function issueCreditNote(engine: Engine, invoiceNumber: string, body: Record<string, unknown> = {}, idempotencyKey?: string) {
  return engine.call('POST', `/v1/admin/invoices/${invoiceNumber}/credit-notes`, {
    key: ADMIN_KEY,
    body: { ...OPERATOR, ...body },
    headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
  });
}

export function refundCreditNote(engine: Engine, number: string, body: Record<string, unknown>) {
  return engine.call('POST', `/v1/admin/credit-notes/${number}/refund`, { key: ADMIN_KEY, body: { ...OPERATOR, ...body } });
}

export const creditNotesOf = (engine: Engine, invoiceNumber: string) =>
  engine.models.CreditNote.find({ invoiceNumber }).sort({ invoiceCreditSeq: 1 }).lean<CreditNoteRecord[]>();

/** The refund of a credit note once it is settled (succeeded or failed). */
export const settledRefund = (engine: Engine, creditNoteNumber: string) =>
  eventually(async () => {
    const refunds = await engine.models.Refund.find({ creditNoteNumber }).lean();
    return refunds.find((r) => r.status !== 'pending');
  });
