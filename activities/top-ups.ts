import { Refusal } from '../domain/errors';
import { durationMs } from '../domain/duration';
import { paymentReferenceBody } from '../domain/invoice-number';
import { computeInvoiceTotals } from '../domain/invoice-totals';
import { createRfReference } from '../domain/rf-reference';
import type { TopUpState } from '../domain/top-up';
import type { BankCredit, OperatorRequest, Proforma, TopUpInput } from '../workflows/definitions';
import type { ActivityContext } from './context';
import { proformaIssuedEvent, topUpEvent } from './event-payloads';
import type { InvoiceRecord } from '../models/invoice';
import type { OrderDoc } from '../models/top-up-order';
import { loadInvoicePdf } from '../models/invoice-pdf';
import { invoicePdf } from './invoice-pdf';
import { isDuplicateKey } from '../models/duplicate-key';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issues the order's proforma (numbered once), stores its PDF, records the order and e-mails the proforma.
 * Every step is keyed by the order id, so a retry after a crash at any point finishes the job once.
 */
export function createTopUpActivities({
  models,
  config,
  ledger,
  issueNumberedInvoice,
  mailer,
  renderInvoicePdf,
  templates,
  recordEvent,
  recordEvents,
  billingAwaitsFunds = async () => false,
}: ActivityContext) {
  const bankDetails = { bankName: config.SELLER_BANK_NAME, iban: config.SELLER_IBAN, bic: config.SELLER_BIC };
  const portalUrl = templates.portalUrlOf(config.PUBLIC_BASE_URL);

  async function issueTopUpProforma(input: TopUpInput & { issuedAt: string }): Promise<Proforma> {
    const org = await models.Organization.findById(input.orgId).lean();
    if (!org) throw Refusal.notFound(`organization ${input.orgId} not found`);
    if (org.currency !== input.currency) {
      throw Refusal.invalidInput(`top-up in ${input.currency} for an organization billed in ${org.currency}`);
    }
    const issueDate = new Date(input.issuedAt);
    const dueDate = new Date(issueDate.getTime() + config.PROFORMA_DUE_DAYS * DAY_MS);
    const totals = computeInvoiceTotals(input.currency, [
      { description: 'Prepaid balance top-up', quantity: 1, unitPriceMinor: input.amountMinor, vatRateBp: 0 },
    ]);
    let numbered = false; // `complete` runs only for an invoice being numbered now
    const invoice = await issueNumberedInvoice(
      'proforma',
      issueDate.getUTCFullYear(),
      {
        key: `proforma:${input.orderId}`,
        orgId: org._id,
        series: 'proforma',
        issueDate,
        dueDate,
        seller: { name: config.SELLER_NAME, address: config.SELLER_ADDRESS, vatId: config.SELLER_VAT_ID },
        buyer: { name: org.name, address: org.address, vatId: org.vatId, email: org.billingEmail },
        currency: input.currency,
        lines: totals.lines,
        subtotalMinor: totals.subtotalMinor,
        vat: totals.vat,
        vatMinor: totals.vatMinor,
        totalMinor: totals.totalMinor,
        notes: [
          'This proforma invoice is a request for payment, not a tax invoice.',
          'The amount is credited to your prepaid balance when your transfer arrives; final invoices are issued as each billing cycle is charged.',
          'Please quote the payment reference exactly so that your transfer is matched automatically.',
        ],
        bankDetails,
        status: 'issued',
        topUpOrderId: input.orderId,
      },
      (sequence) => (
        (numbered = true), { paymentReference: createRfReference(paymentReferenceBody('proforma', issueDate.getUTCFullYear(), sequence)) }
      ),
    );
    const paymentReference = invoice.paymentReference!;

    const pdf = await invoicePdf(models, { ...invoice, paymentReference, bankDetails }, renderInvoicePdf, { fresh: numbered });

    await models.TopUpOrder.updateOne(
      { _id: input.orderId },
      {
        $setOnInsert: {
          orgId: org._id,
          workflowId: `top-up/${input.orderId}`,
          amountMinor: input.amountMinor,
          currency: input.currency,
          state: 'awaiting_payment',
          receivedMinor: 0,
          credits: [],
          proformaInvoiceId: invoice._id,
          proformaNumber: invoice.number,
          paymentReference,
          warning: input.warning,
          buyerName: org.name,
          billingEmail: org.billingEmail,
          expiresAt: new Date(issueDate.getTime() + durationMs(input.expiry)),
        },
      },
      { upsert: true },
    );
    const created = await models.TopUpOrder.findById(input.orderId).lean<OrderDoc>();
    await recordEvents([topUpEvent(config, 'topup.created', created!), proformaIssuedEvent(invoice as InvoiceRecord)]);

    const proforma: Proforma = {
      invoiceId: invoice._id,
      number: invoice.number,
      paymentReference,
      amountMinor: input.amountMinor,
      currency: input.currency,
      dueDate: dueDate.toISOString(),
      bankDetails,
    };
    await mailer.send({
      key: `proforma-issued:${input.orderId}`,
      orgId: org._id,
      to: org.billingEmail,
      ...templates.proformaIssued({ organizationName: org.name, portalUrl, orderId: input.orderId, proforma, warning: input.warning }),
      attachments: [{ filename: `${invoice.number}.pdf`, invoiceId: invoice._id, content: pdf }],
    });
    return proforma;
  }

  /** The order's addressee, stored with it since it was issued (older orders: the organization's). */
  async function contactOf(order: { orgId: string; buyerName?: string | null; billingEmail?: string | null }) {
    if (order.buyerName && order.billingEmail) return { name: order.buyerName, billingEmail: order.billingEmail };
    return models.Organization.findById(order.orgId, { name: 1, billingEmail: 1 }).lean();
  }

  /**
   * Credits a bank transfer to the balance (once per bank transaction), records it on the order and tells
   * the payer. `state` is the workflow's verdict; a late credit on a closed order leaves its state alone.
   * The order changes only when the ledger holds this transaction for this order: a transaction already
   * posted for another order (a bank re-reporting it under another reference) answers `applied: false`
   * and touches nothing, so an order never says it received money its balance did not get. Also answers
   * whether the billing workflow should be told of the new balance (the calling workflow tells it).
   */
  async function creditTopUp(input: {
    orderId: string;
    credit: BankCredit;
    state?: TopUpState;
    at: string;
  }): Promise<{ orgId: string; balanceMinor: number; applied: boolean; tellBilling: boolean }> {
    const order = await models.TopUpOrder.findById(input.orderId).lean();
    if (!order) throw Refusal.notFound(`top-up order ${input.orderId} not found`);
    const { credit } = input;
    const at = new Date(input.at);
    const posting = await ledger.post(
      {
        key: `bank-credit:${credit.bankTxId}`,
        orgId: order.orgId,
        kind: 'top_up_credit',
        amountMinor: credit.amountMinor,
        currency: credit.currency,
        description: `Bank transfer ${credit.bankTxId} for ${order.proformaNumber}`,
        topUpOrderId: order._id,
        bankTxId: credit.bankTxId,
        at,
      },
      // The order was made in the organization's currency (issueTopUpProforma refuses any other).
      { orgCurrency: order.currency },
    );
    const { balanceMinor } = posting;
    if (!posting.applied && !(await postedForOrder(`bank-credit:${credit.bankTxId}`, order._id))) {
      return { orgId: order.orgId, balanceMinor, applied: false, tellBilling: false };
    }
    // The order has one writer at a time (its workflow, then its late-credits workflow), so reading it and
    // writing it back by `_id` is safe; a retry finds the credit already recorded.
    const alreadyRecorded = (order.credits ?? []).some((c: { bankTxId: string }) => c.bankTxId === credit.bankTxId);
    const received = { bankTxId: credit.bankTxId, amountMinor: credit.amountMinor, valueDate: credit.valueDate, receivedAt: at };
    const updated = {
      ...order,
      state: input.state ?? order.state,
      receivedMinor: alreadyRecorded ? order.receivedMinor : order.receivedMinor + credit.amountMinor,
      credits: alreadyRecorded ? order.credits : [...(order.credits ?? []), received],
    } as OrderDoc;
    if (!alreadyRecorded) {
      await models.TopUpOrder.updateOne(
        { _id: order._id },
        { $push: { credits: received }, $set: { receivedMinor: updated.receivedMinor, ...(input.state ? { state: input.state } : {}) } },
      );
    } else if (updated.state !== order.state) {
      await models.TopUpOrder.updateOne({ _id: order._id }, { $set: { state: updated.state } });
    }
    if (input.state === 'paid') await models.Invoice.updateOne({ _id: order.proformaInvoiceId }, { $set: { status: 'paid' } });
    const { byHand, ...reported } = credit; // who matched it by hand is ops' business, not the event's
    if (byHand) await recordMatchByHand(order, credit, byHand);
    await recordEvents([
      topUpEvent(config, 'topup.credited', updated, reported),
      input.state === 'paid' ? topUpEvent(config, 'topup.paid', updated) : undefined,
    ]);
    const org = await contactOf(order);
    await mailer.send({
      key: `funds-received:${credit.bankTxId}`,
      orgId: order.orgId,
      to: org!.billingEmail,
      ...templates.fundsReceived({
        organizationName: org!.name,
        portalUrl,
        amount: { amountMinor: credit.amountMinor, currency: credit.currency },
        balance: { amountMinor: balanceMinor, currency: credit.currency },
        proformaNumber: order.proformaNumber,
        state: input.state ?? order.state,
      }),
    });
    // Asked after the posting: a collection that read the balance before it is still running or owing now.
    return { orgId: order.orgId, balanceMinor, applied: true, tellBilling: await billingAwaitsFunds(order.orgId) };
  }

  /**
   * A credit ops matched by hand: the bank's unmatched record of it is marked matched to this order, or,
   * never reported, recorded so (under its bankTxId: a later report of it is a duplicate). Ops' decision
   * (api/operator-actions.ts) made this order the record's one writer from here on.
   */
  async function recordMatchByHand(order: { _id: string; orgId: string }, credit: BankCredit, byHand: { by: string; reason: string }) {
    const matched = {
      status: 'matched',
      orgId: order.orgId,
      topUpOrderId: order._id,
      reason: `matched by hand by ${byHand.by}: ${byHand.reason}`,
    };
    const reported = await models.BankCredit.findById(credit.bankTxId, { status: 1 }).lean();
    if (reported) {
      if (reported.status === 'unmatched') await models.BankCredit.updateOne({ _id: credit.bankTxId }, { $set: matched });
      return;
    }
    const { bankTxId, amountMinor, currency, reference, valueDate } = credit;
    await models.BankCredit.create({ _id: bankTxId, amountMinor, currency, reference, valueDate, ...matched }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error; // the bank reported it meanwhile: its record stands
    });
  }

  /** Whether the ledger entry under `key` credits this order (a retry of ours) rather than another one. */
  async function postedForOrder(key: string, orderId: string): Promise<boolean> {
    const entry = await models.LedgerEntry.findOne({ key }, { topUpOrderId: 1 }).lean();
    return entry?.topUpOrderId === orderId;
  }

  async function sendTopUpReminder(input: { orderId: string; reminderNumber: number; receivedMinor: number }): Promise<void> {
    const order = await models.TopUpOrder.findById(input.orderId).lean();
    if (!order) throw Refusal.notFound(`top-up order ${input.orderId} not found`);
    const org = await contactOf(order);
    await mailer.send({
      key: `top-up-reminder:${order._id}:${input.reminderNumber}`,
      orgId: order.orgId,
      to: org!.billingEmail,
      ...templates.topUpReminder({
        organizationName: org!.name,
        portalUrl,
        proformaNumber: order.proformaNumber,
        paymentReference: order.paymentReference,
        outstanding: { amountMinor: Math.max(order.amountMinor - input.receivedMinor, 0), currency: order.currency },
        bankDetails,
        expiresAt: order.expiresAt.toISOString(),
      }),
    });
  }

  async function closeTopUpOrder(input: {
    orderId: string;
    state: 'expired' | 'cancelled';
    at: string;
    request?: OperatorRequest;
  }): Promise<void> {
    const order = await models.TopUpOrder.findById(input.orderId).lean();
    if (!order) throw Refusal.notFound(`top-up order ${input.orderId} not found`);
    await models.TopUpOrder.updateOne(
      { _id: order._id },
      {
        $set: {
          state: input.state,
          closedAt: new Date(input.at),
          closeReason: input.request ? `${input.request.reason} (by ${input.request.by})` : input.state,
        },
      },
    );
    if (input.state === 'cancelled') await models.Invoice.updateOne({ _id: order.proformaInvoiceId }, { $set: { status: 'void' } });
    await recordEvent(topUpEvent(config, `topup.${input.state}`, { ...order, state: input.state } as OrderDoc));
    const org = await contactOf(order);
    const template = input.state === 'expired' ? templates.topUpExpired : templates.topUpCancelled;
    await mailer.send({
      key: `top-up-${input.state}:${order._id}`,
      orgId: order.orgId,
      to: org!.billingEmail,
      ...template({ organizationName: org!.name, proformaNumber: order.proformaNumber, paymentReference: order.paymentReference }),
    });
  }

  /**
   * Ops' resendProforma update: the same proforma and PDF, to the organization's billing address as it is
   * now (the usual reason to resend). Keyed by the resend's number, so each resend is sent exactly once.
   */
  async function resendTopUpProforma(input: {
    orderId: string;
    proforma: Proforma;
    resendNumber: number;
    request: OperatorRequest;
  }): Promise<void> {
    const order = await models.TopUpOrder.findById(input.orderId).lean();
    if (!order) throw Refusal.notFound(`top-up order ${input.orderId} not found`);
    // A resend is asked for because the address may have changed: the organization's current one.
    const org = await models.Organization.findById(order.orgId, { name: 1, billingEmail: 1 }).lean();
    const pdf = await loadInvoicePdf(models, input.proforma.invoiceId);
    if (!org || !pdf) throw Refusal.notFound(`organization or proforma PDF of order ${order._id} not found`);
    await mailer.send({
      key: `proforma-resent:${order._id}:${input.resendNumber}`,
      orgId: order.orgId,
      to: org.billingEmail,
      ...templates.proformaIssued({
        organizationName: org.name,
        portalUrl,
        orderId: order._id,
        proforma: input.proforma,
        warning: order.warning,
      }),
      attachments: [{ filename: `${input.proforma.number}.pdf`, invoiceId: input.proforma.invoiceId, content: pdf }],
    });
  }

  return { issueTopUpProforma, creditTopUp, sendTopUpReminder, closeTopUpOrder, resendTopUpProforma };
}
