/**
 * The final invoice for a paid cycle: numbered once in the gapless "final" series (by its business key
 * "final:<org>:<cycle>"), rendered to PDF, stored with the invoice, e-mailed with the PDF attached, and
 * linked from the cycle. Every step finds the previous attempt's work, so a crash anywhere ends in one
 * invoice, one number and one e-mail.
 */
import { ApplicationFailure } from '@temporalio/common';
import { billingCycleKey } from '../domain/billing-cycle';
import type { InvoiceRecord } from '../models/invoice';
import { requireOrganization, setOrganizationFields } from './billing-cycles';
import type { BillingCycleRecord } from '../models/billing-cycle';
import type { ActivityContext } from './context';

const PAID_WITH = { prepaid: 'your prepaid balance', paypal: 'PayPal', card: 'card', none: 'no payment needed' } as const;

export function createFinalInvoiceActivities({ models, config, issueNumberedInvoice, mailer, renderInvoicePdf, templates }: ActivityContext) {
  async function issueFinalInvoice(input: { orgId: string; cycleId: string }): Promise<{ invoiceId: string; number: string; totalMinor: number }> {
    const _id = billingCycleKey(input.orgId, input.cycleId);
    const cycle = await models.BillingCycle.findById(_id).lean<BillingCycleRecord>();
    if (!cycle) throw ApplicationFailure.nonRetryable(`billing cycle ${_id} not found`, 'NotFound');
    if (cycle.state !== 'paid' || !cycle.paidAt) throw ApplicationFailure.nonRetryable(`billing cycle ${_id} is ${cycle.state}, not paid`, 'Conflict');
    const org = await requireOrganization(models, input.orgId);
    const issueDate = cycle.paidAt;
    const paidWith = (cycle.paidWith ?? 'none') as keyof typeof PAID_WITH;

    const invoice = await issueNumberedInvoice('final', issueDate.getUTCFullYear(), {
      key: `final:${org._id}:${cycle.cycleId}`,
      orgId: org._id,
      series: 'final',
      issueDate,
      dueDate: issueDate,
      seller: { name: config.SELLER_NAME, address: config.SELLER_ADDRESS, vatId: config.SELLER_VAT_ID },
      buyer: { name: org.name, address: org.address, vatId: org.vatId, email: org.billingEmail },
      currency: org.currency,
      lines: (cycle.lines ?? []).map(({ description, quantity, unitPriceMinor, vatRateBp, amountMinor }) => ({ description, quantity, unitPriceMinor, vatRateBp, amountMinor })),
      subtotalMinor: cycle.subtotalMinor ?? 0,
      vat: (cycle.vat ?? []).map(({ vatRateBp, baseMinor, vatMinor }) => ({ vatRateBp: vatRateBp ?? 0, baseMinor, vatMinor })),
      vatMinor: cycle.vatMinor ?? 0,
      totalMinor: cycle.totalMinor ?? 0,
      notes: [...(cycle.notes ?? []), `Paid with ${PAID_WITH[paidWith]} on ${issueDate.toISOString().slice(0, 10)}. Nothing is left to pay.`],
      status: 'paid',
    });

    let pdf = (await models.Invoice.findById(invoice._id, { pdf: 1 }))?.pdf ?? undefined;
    if (!pdf) {
      pdf = await renderInvoicePdf(invoice as InvoiceRecord);
      await models.Invoice.updateOne({ _id: invoice._id }, { $set: { pdf } });
    }
    if (cycle.invoiceId !== invoice._id) {
      await models.BillingCycle.updateOne({ _id }, { $set: { invoiceId: invoice._id, invoiceNumber: invoice.number } });
    }
    // The API's estimate reads this; the workflow knows it from the cycle it billed.
    if (cycle.first && !org.setupFeeCharged) await setOrganizationFields(models, org._id, { setupFeeCharged: true });

    await mailer.send({
      key: `final-invoice:${org._id}:${cycle.cycleId}`,
      orgId: org._id,
      to: org.billingEmail,
      ...templates.finalInvoiceIssued({
        organizationName: org.name,
        invoiceNumber: invoice.number,
        cycleId: cycle.cycleId,
        total: { amountMinor: invoice.totalMinor, currency: org.currency },
        paidWith,
        paidAt: issueDate,
      }),
      attachments: [{ filename: `${invoice.number}.pdf`, invoiceId: invoice._id, content: pdf }],
    });
    return { invoiceId: invoice._id, number: invoice.number, totalMinor: invoice.totalMinor };
  }

  return { issueFinalInvoice };
}
