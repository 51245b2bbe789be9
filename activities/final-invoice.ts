/**
 * The final invoice for a paid cycle: numbered once in the gapless "final" series (by its business key
 * "final:<org>:<cycle>"), with its PDF rendered for that number and stored beside it (models/invoice-pdf.ts), e-mailed
 * with the PDF attached, and linked from the cycle. Every step finds the previous attempt's work, so a
 * crash anywhere ends in one invoice, one number and one e-mail.
 */
import { ApplicationFailure } from '@temporalio/common';
import { billingCycleKey } from '../domain/billing-cycle';
import { FailureType } from '../domain/errors';
import type { BillingCycleRecord } from '../models/billing-cycle';
import type { InvoiceRecord, PaidWith } from '../models/invoice';
import { invoicePdf } from './invoice-pdf';
import type { ActivityContext } from './context';
import { invoiceFinalizedEvent } from './event-payloads';
import type { OutgoingEmail } from './email';
import { markSetupFeeCharged, requireOrganization, type OrgDoc } from './organization';

const PAID_WITH: Record<PaidWith, string> = {
  prepaid: 'your prepaid balance',
  paypal: 'PayPal',
  card: 'card',
  none: 'no payment needed',
};
export type { PaidWith };

export interface IssuedInvoice {
  invoiceId: string;
  number: string;
  totalMinor: number;
}

/** The e-mail that carries a final invoice and its PDF, first sent or sent again (`key` tells them apart). */
export function finalInvoiceEmail(
  templates: ActivityContext['templates'],
  {
    key,
    org,
    invoice,
    cycleId,
    paidWith,
    paidAt,
    pdf,
    portalUrl,
  }: {
    key: string;
    /** The customer portal, for the e-mail's button to the invoices. */
    portalUrl?: string;
    org: Pick<OrgDoc, '_id' | 'name' | 'billingEmail'>;
    invoice: Pick<InvoiceRecord, '_id' | 'number' | 'totalMinor' | 'currency'>;
    cycleId: string;
    paidWith: PaidWith;
    paidAt: Date;
    pdf: Buffer;
  },
): OutgoingEmail {
  return {
    key,
    orgId: org._id,
    to: org.billingEmail,
    ...templates.finalInvoiceIssued({
      organizationName: org.name,
      portalUrl,
      invoiceNumber: invoice.number,
      cycleId,
      total: { amountMinor: invoice.totalMinor, currency: invoice.currency },
      paidWith,
      paidAt,
    }),
    attachments: [{ filename: `${invoice.number}.pdf`, invoiceId: invoice._id, content: pdf }],
  };
}

export function createFinalInvoiceActivities({
  models,
  config,
  issueNumberedInvoice,
  mailer,
  renderInvoicePdf,
  templates,
  recordEvent,
}: ActivityContext) {
  /**
   * Issues (or finds) the cycle's invoice and e-mails it; does not link it from the cycle, which the caller
   * writes together with the payment, in one update (activities/charge-cycle.ts).
   */
  async function issueInvoice(cycle: BillingCycleRecord, org: OrgDoc, paidAt: Date, paidWith: PaidWith): Promise<IssuedInvoice> {
    const year = paidAt.getUTCFullYear();
    const draft = {
      key: `final:${org._id}:${cycle.cycleId}`,
      orgId: org._id,
      series: 'final' as const,
      issueDate: paidAt,
      dueDate: paidAt,
      seller: { name: config.SELLER_NAME, address: config.SELLER_ADDRESS, vatId: config.SELLER_VAT_ID },
      buyer: { name: org.name, address: org.address, vatId: org.vatId, email: org.billingEmail },
      currency: org.currency,
      lines: (cycle.lines ?? []).map(({ description, quantity, unitPriceMinor, vatRateBp, amountMinor }) => ({
        description,
        quantity,
        unitPriceMinor,
        vatRateBp,
        amountMinor,
      })),
      subtotalMinor: cycle.subtotalMinor ?? 0,
      vat: (cycle.vat ?? []).map(({ vatRateBp, baseMinor, vatMinor }) => ({ vatRateBp: vatRateBp ?? 0, baseMinor, vatMinor })),
      vatMinor: cycle.vatMinor ?? 0,
      totalMinor: cycle.totalMinor ?? 0,
      notes: [...(cycle.notes ?? []), `Paid with ${PAID_WITH[paidWith]} on ${paidAt.toISOString().slice(0, 10)}. Nothing is left to pay.`],
      status: 'paid' as const,
      paidWith,
    };
    let numbered = false; // `complete` runs only for an invoice being numbered now
    const invoice = await issueNumberedInvoice('final', year, draft, () => ((numbered = true), {}));
    await recordEvent(invoiceFinalizedEvent(invoice as InvoiceRecord, cycle.cycleId));
    const pdf = await invoicePdf(models, invoice as InvoiceRecord, renderInvoicePdf, { fresh: numbered });
    // The API's estimate reads this; the workflow knows it from the cycle it billed.
    if (cycle.first && !org.setupFeeCharged) await markSetupFeeCharged(models, org._id);
    await mailer.send(
      finalInvoiceEmail(templates, {
        key: `final-invoice:${org._id}:${cycle.cycleId}`,
        org,
        invoice: invoice as InvoiceRecord,
        cycleId: cycle.cycleId,
        paidWith,
        paidAt,
        pdf,
        portalUrl: templates.portalUrlOf(config.PUBLIC_BASE_URL),
      }),
    );
    return { invoiceId: invoice._id, number: invoice.number, totalMinor: invoice.totalMinor };
  }

  /**
   * The invoice of a cycle already marked paid, as a step of its own: what runs recorded before an attempt
   * issued its own invoice (a collectCycle answer without one) still schedule after a paying attempt.
   */
  async function issueFinalInvoice(input: { orgId: string; cycleId: string }): Promise<IssuedInvoice> {
    const _id = billingCycleKey(input.orgId, input.cycleId);
    const [cycle, org] = await Promise.all([
      models.BillingCycle.findById(_id).lean<BillingCycleRecord>(),
      requireOrganization(models, input.orgId),
    ]);
    if (!cycle) throw ApplicationFailure.nonRetryable(`billing cycle ${_id} not found`, FailureType.NotFound);
    if (cycle.state !== 'paid' || !cycle.paidAt)
      throw ApplicationFailure.nonRetryable(`billing cycle ${_id} is ${cycle.state}, not paid`, FailureType.Conflict);
    const invoice = await issueInvoice(cycle, org, cycle.paidAt, (cycle.paidWith ?? 'none') as PaidWith);
    if (cycle.invoiceId !== invoice.invoiceId) {
      await models.BillingCycle.updateOne({ _id }, { $set: { invoiceId: invoice.invoiceId, invoiceNumber: invoice.number } });
    }
    return invoice;
  }

  return { issueFinalInvoice, issueInvoice };
}
