/**
 * Issuing a credit note: numbered once in the gapless credit-note series by its business key, computed from
 * the final invoice and what the invoice's earlier credit notes took back (domain/credit-note.ts), its PDF
 * rendered with the invoices' layout and stored beside theirs, and e-mailed with the PDF attached. Every step
 * finds the previous attempt's work, so a crash anywhere ends in one credit note, one number and one e-mail.
 */
import { ApplicationFailure } from '@temporalio/common';
import { addCredited, computeCreditNote, CreditNoteError, remainingTotal, type AlreadyCredited } from '../domain/credit-note';
import { FailureType } from '../domain/errors';
import type { Models } from '../models';
import type { CreditNoteRecord } from '../models/credit-note';
import type { InvoiceRecord } from '../models/invoice';
import type { RefundRecord } from '../models/refund';
import type { CreditNoteIssue } from '../workflows/credit-note-definitions';
import type { ActivityContext } from './context';
import type { IssueNumberedCreditNote } from './invoice-numbering';
import { creditNoteIssuedEvent } from './event-payloads';
import { invoicePdf } from './invoice-pdf';
import { refundView } from './refunds';

export interface IssuedCreditNote {
  number: string;
  invoiceNumber: string;
  totalMinor: number;
  currency: CreditNoteRecord['currency'];
}

/** The final invoice a credit note corrects, or a refusal the API shows as 404 / 409. */
export async function creditableInvoice(models: Models, invoiceNumber: string, orgId?: string): Promise<InvoiceRecord> {
  const invoice = await models.Invoice.findById(invoiceNumber, { pdf: 0 }).lean<InvoiceRecord>();
  if (!invoice || (orgId && invoice.orgId !== orgId))
    throw ApplicationFailure.nonRetryable(`invoice ${invoiceNumber} not found`, FailureType.NotFound);
  if (invoice.series !== 'final') {
    throw ApplicationFailure.nonRetryable(
      `${invoiceNumber} is a proforma: only a final invoice is corrected by a credit note`,
      FailureType.Conflict,
    );
  }
  return invoice;
}

/** The credit notes issued for an invoice, in their chain's order. */
export async function creditNotesOf(models: Models, invoiceNumber: string): Promise<CreditNoteRecord[]> {
  return models.CreditNote.find({ invoiceNumber }).sort({ invoiceCreditSeq: 1 }).lean<CreditNoteRecord[]>();
}

/** A credit note as the API and its events show it, with the refunds of it among `refunds`. */
export function creditNoteView(note: CreditNoteRecord, refunds: RefundRecord[]) {
  return {
    number: note.number,
    invoiceNumber: note.invoiceNumber,
    issueDate: note.issueDate.toISOString(),
    reason: note.reason,
    origin: note.origin,
    currency: note.currency,
    subtotalMinor: note.subtotalMinor,
    vat: note.vat.map(({ vatRateBp, baseMinor, vatMinor }) => ({ vatRateBp, baseMinor, vatMinor })),
    vatMinor: note.vatMinor,
    totalMinor: note.totalMinor,
    lines: note.lines.map(({ invoiceLine, description, quantity, unitPriceMinor, vatRateBp, amountMinor }) => ({
      invoiceLine,
      description,
      quantity,
      unitPriceMinor,
      vatRateBp,
      amountMinor,
    })),
    refunds: refunds.filter((r) => r.creditNoteNumber === note.number).map(refundView),
    pdfUrl: `/v1/organizations/${note.orgId}/credit-notes/${note.number}/pdf`,
  };
}

/** A provider's refund found nothing left to credit on its invoice: no credit note (and no number) for it. */
class NothingLeftToCredit extends Error {}

const summary = (note: CreditNoteRecord): IssuedCreditNote => ({
  number: note.number,
  invoiceNumber: note.invoiceNumber,
  totalMinor: note.totalMinor,
  currency: note.currency,
});

const correctionNote = (invoice: InvoiceRecord, reason: string) =>
  `Corrects invoice ${invoice.number} of ${invoice.issueDate.toISOString().slice(0, 10)}. Reason: ${reason}`;

export function createCreditNoteActivities(
  { models, config, mailer, renderInvoicePdf, templates, recordEvent }: ActivityContext,
  issueNumberedCreditNote: IssueNumberedCreditNote,
) {
  async function numbered(
    issue: CreditNoteIssue,
    invoice: InvoiceRecord,
    issueDate: Date,
  ): Promise<{ note: CreditNoteRecord; fresh: boolean }> {
    let fresh = false;
    const note = await issueNumberedCreditNote(
      issueDate.getUTCFullYear(),
      {
        key: issue.key,
        orgId: invoice.orgId,
        series: 'credit_note',
        invoiceNumber: invoice.number,
        reason: issue.reason,
        origin: issue.origin,
        issuedBy: issue.by,
        issueDate,
        seller: { name: config.SELLER_NAME, address: config.SELLER_ADDRESS, vatId: config.SELLER_VAT_ID },
        buyer: invoice.buyer,
        currency: invoice.currency,
        notes: [correctionNote(invoice, issue.reason)],
      },
      // Run for every attempt at a number: computed from the invoice's credit notes as they are now, so a
      // credit note that took the same place in the invoice's chain meanwhile is counted (see the model).
      async () => {
        fresh = true;
        const earlier = await creditNotesOf(models, invoice.number);
        const credited = earlier.reduce<AlreadyCredited>((acc, n) => addCredited(acc, n), { lines: [], vat: [] });
        let { credit, reason } = issue;
        if (issue.origin === 'provider_refund' && credit.kind === 'gross') {
          // The provider already paid the money back: a credit note can stand for no more than the invoice has
          // left to credit (an operator may have credited it already); recordProviderRefund flags the rest.
          const left = remainingTotal(invoice, credited);
          if (left <= 0) throw new NothingLeftToCredit();
          if (credit.amountMinor > left) {
            reason = `${issue.reason}; ${credit.amountMinor} refunded, only the ${left} left to credit is credited`;
            credit = { kind: 'gross', amountMinor: left };
          }
        }
        try {
          const totals = computeCreditNote(invoice, credit, credited);
          return {
            ...totals,
            invoiceCreditSeq: earlier.length + 1,
            ...(reason === issue.reason ? {} : { reason, notes: [correctionNote(invoice, reason)] }),
          };
        } catch (error) {
          if (!(error instanceof CreditNoteError)) throw error;
          throw ApplicationFailure.nonRetryable(`${error.field}: ${error.message}`, FailureType.InvalidInput, { field: error.field });
        }
      },
    );
    return { note, fresh };
  }

  /**
   * Issues (or finds) the credit note for `issue.key`, with its PDF, and e-mails it once. A provider's refund
   * (origin provider_refund) is credited up to what the invoice has left, and answers undefined when nothing is left.
   */
  async function issueCreditNote(issue: CreditNoteIssue): Promise<IssuedCreditNote | undefined> {
    const existing = await models.CreditNote.findOne({ key: issue.key }).lean<CreditNoteRecord>();
    const invoice = await creditableInvoice(models, issue.invoiceNumber, issue.orgId);
    let issued: { note: CreditNoteRecord; fresh: boolean };
    try {
      issued = existing ? { note: existing, fresh: false } : await numbered(issue, invoice, new Date());
    } catch (error) {
      if (error instanceof NothingLeftToCredit) return undefined;
      throw error;
    }
    const { note, fresh } = issued;
    await recordEvent(creditNoteIssuedEvent(creditNoteView(note, []), note.orgId));
    const pdf = await invoicePdf(models, { ...note, dueDate: note.issueDate }, renderInvoicePdf, { fresh });
    const org = await models.Organization.findById(note.orgId, { name: 1, billingEmail: 1 }).lean();
    if (!org) throw ApplicationFailure.nonRetryable(`organization ${note.orgId} not found`, FailureType.NotFound);
    await mailer.send({
      key: `credit-note:${note.number}`,
      orgId: note.orgId,
      to: org.billingEmail,
      ...templates.creditNoteIssued({
        organizationName: org.name,
        creditNoteNumber: note.number,
        invoiceNumber: note.invoiceNumber,
        total: { amountMinor: note.totalMinor, currency: note.currency },
        reason: note.reason,
        issueDate: note.issueDate,
      }),
      attachments: [{ filename: `${note.number}.pdf`, invoiceId: note.number, content: pdf }],
    });
    return summary(note);
  }

  return { issueCreditNote };
}
