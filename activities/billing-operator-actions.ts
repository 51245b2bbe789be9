/**
 * The billing workflow's operator actions that touch the books or the customer: writing off an unpaid
 * cycle and e-mailing a final invoice again. The workflow's Update carries who asked and why; these record it.
 */
import { ApplicationFailure } from '@temporalio/common';
import { billingCycleKey } from '../domain/billing-cycle';
import { FailureType } from '../domain/errors';
import type { BillingCycleRecord } from '../models/billing-cycle';
import type { InvoiceRecord } from '../models/invoice';
import type { OperatorRequest, ResentInvoice } from '../workflows/definitions';
import type { ActivityContext } from './context';
import { debtWrittenOffEvent } from './event-payloads';
import type { createCycleCollectionActivities } from './cycle-collection';
import { finalInvoiceEmail, type PaidWith } from './final-invoice';
import { invoicePdf } from './invoice-pdf';
import { requireOrganization } from './organization';

export type WriteOffOutcome = 'written_off' | 'paid_at_provider' | 'pending_at_provider';

export function createBillingOperatorActivities(
  { models, config, mailer, templates, renderInvoicePdf, recordEvent }: ActivityContext,
  { earlierPayments }: Pick<ReturnType<typeof createCycleCollectionActivities>, 'earlierPayments'>,
) {
  /**
   * Records an unpaid cycle as written off. The providers are asked first: a card payment the customer
   * could still authenticate is cancelled; one that succeeded or is processing means the cycle is paid (or
   * about to be), so it is not written off. Idempotent: a retry finds the cycle written off.
   */
  async function writeOffCycle(input: {
    orgId: string;
    cycleId: string;
    request: OperatorRequest;
    at: string;
  }): Promise<{ outcome: WriteOffOutcome }> {
    const _id = billingCycleKey(input.orgId, input.cycleId);
    const [doc, org] = await Promise.all([
      models.BillingCycle.findById(_id).lean<BillingCycleRecord>(),
      requireOrganization(models, input.orgId),
    ]);
    if (!doc) throw ApplicationFailure.nonRetryable(`billing cycle ${input.cycleId} not found`, FailureType.NotFound);
    if (doc.state === 'written_off') return { outcome: 'written_off' };
    if (doc.state === 'paid') return { outcome: 'paid_at_provider' };
    if (doc.state !== 'due')
      throw ApplicationFailure.nonRetryable(
        `billing cycle ${input.cycleId} is ${doc.state}: only an unpaid cycle is written off`,
        FailureType.Conflict,
      );

    const earlier = await earlierPayments(doc, org, () => false);
    if (earlier.succeeded) return { outcome: 'paid_at_provider' };
    if (earlier.pending) return { outcome: 'pending_at_provider' };

    const { by, reason } = input.request;
    await recordEvent(debtWrittenOffEvent(org._id, input.cycleId, { amountMinor: doc.totalMinor ?? 0, currency: org.currency }, input));
    await models.BillingCycle.updateOne(
      { _id },
      {
        $set: { state: 'written_off', writtenOff: { by, reason, at: new Date(input.at), amountMinor: doc.totalMinor ?? 0 } },
        $unset: { unpaidReason: 1 },
      },
    );
    return { outcome: 'written_off' };
  }

  /**
   * E-mails a final invoice again, with its PDF, to the organization's billing address as it is now (the
   * usual reason to resend). Keyed by the resend's number, so each resend is sent exactly once.
   */
  async function resendFinalInvoice(input: { orgId: string; invoiceNumber: string; resendNumber: number }): Promise<ResentInvoice> {
    const invoice = await models.Invoice.findById(input.invoiceNumber.trim()).lean<InvoiceRecord>();
    // Another organization's invoice is "not found" too: nothing tells one organization's number from a missing one.
    if (!invoice || invoice.orgId !== input.orgId || invoice.series !== 'final') {
      throw ApplicationFailure.nonRetryable(`no final invoice ${input.invoiceNumber} for this organization`, FailureType.NotFound);
    }
    const cycleId = invoice.key.slice(`final:${input.orgId}:`.length);
    const [cycle, org] = await Promise.all([
      models.BillingCycle.findById(billingCycleKey(input.orgId, cycleId)).lean<BillingCycleRecord>(),
      requireOrganization(models, input.orgId),
    ]);
    const pdf = await invoicePdf(models, invoice, renderInvoicePdf);
    const sent = await mailer.send(
      finalInvoiceEmail(templates, {
        key: `final-invoice-resent:${invoice._id}:${input.resendNumber}`,
        org,
        invoice,
        cycleId,
        paidWith: (cycle?.paidWith ?? 'none') as PaidWith,
        paidAt: cycle?.paidAt ?? invoice.issueDate,
        pdf,
        portalUrl: templates.portalUrlOf(config.PUBLIC_BASE_URL),
      }),
    );
    return { invoiceNumber: invoice.number, cycleId, to: org.billingEmail, emailId: sent.id };
  }

  return { writeOffCycle, resendFinalInvoice };
}
