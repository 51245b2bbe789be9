/**
 * `npm run check-books`: audits the books in MONGODB_URI and exits non-zero on any breach.
 *
 *  - Ledger: per organization, the chain is contiguous (positions 1..n, `_id` = its position), every entry's
 *    balanceAfter = previous balance + amount, in the organization's currency; the sum of the entries is
 *    the balance (the chain's head).
 *  - Invoices: lines, subtotal, VAT per rate and total recomputed from quantities and unit prices
 *    (domain/invoice-totals.ts) equal what was issued; numbers are unique and gapless per series and year,
 *    each `_id` the number its series, year and sequence make.
 *  - Billing cycles: a paid cycle has exactly its final invoice ("final:<org>:<cycle>") for its total, and a
 *    prepaid one its ledger debit ("cycle:<org>:<cycle>") of the same amount; no final invoice without a paid cycle.
 *  - Credit notes: numbers gapless and unique per year in their own series (CN-2026-000001), each adds up
 *    (lines = subtotal, VAT per rate, total), corrects a final invoice of the same organization and currency,
 *    and an invoice's credit notes never take back more than it had, per line, per VAT rate or in total.
 *  - Refunds: a succeeded refund to the balance is exactly its ledger credit (and a payout of unused balance
 *    its debit), and every such credit or debit on the ledger is a succeeded refund's; the refunds of an
 *    invoice never exceed what was paid for it net of lost disputes (domain/net-paid.ts: a chargeback already
 *    gave the money back); a credit note is refunded once. A refund made at the provider that the books could
 *    not fully stand for (no credit left on its invoice, or past what it was paid net) is recorded flagged for
 *    ops (`attention`): it is listed in `explained`, not as a breach, and only for the amount flagged.
 *    Explained items are printed, never silent, and do not fail the run.
 *  - Top-ups: what each order says it received equals the ledger credits posted for it, and each credit it lists
 *    is on the ledger for it; every matched bank credit is on exactly one ledger entry, for its order and amount.
 *
 * Reads stream in one pass per collection (sorted), never one query per organization: FerretDB v1 scans a
 * collection for any filter other than `_id`.
 */
import type { Models } from '../models';
import { computeInvoiceTotals } from '../domain/invoice-totals';
import { formatInvoiceNumber, type InvoiceSeries } from '../domain/invoice-number';
import { ledgerPosition, type LedgerEntry } from '../models/ledger-entry';
import type { BillingCycleRecord } from '../models/billing-cycle';
import type { CreditNoteRecord } from '../models/credit-note';
import type { InvoiceRecord } from '../models/invoice';
import type { RefundRecord } from '../models/refund';
import { describeNetPaid, netPaid, type NetPaid, type PaidCycle } from '../domain/net-paid';

export interface Breach {
  check: 'ledger' | 'invoice' | 'numbering' | 'cycle' | 'top-up' | 'credit_note' | 'refund';
  subject: string;
  message: string;
}

export interface BooksReport {
  breaches: Breach[];
  /**
   * What would be a breach but is on record for ops to resolve, so the books are not wrong about it: a refund
   * made at the provider that its invoice had no credit left (or no net payment left) for (flagged `attention`
   * by activities/refunds.ts recordProviderRefund). Reported, never a failure.
   */
  explained: Breach[];
  checked: {
    organizations: number;
    ledgerEntries: number;
    invoices: number;
    cycles: number;
    topUps: number;
    bankCredits: number;
    creditNotes: number;
    refunds: number;
  };
}

export async function checkBooks(models: Models): Promise<BooksReport> {
  const breaches: Breach[] = [];
  const breach = (check: Breach['check'], subject: string, message: string) => breaches.push({ check, subject, message });
  const explained: Breach[] = [];
  const explain = (check: Breach['check'], subject: string, message: string) => explained.push({ check, subject, message });

  const orgs = new Map<string, string>();
  for await (const org of models.Organization.find({}, { currency: 1 }).lean().cursor()) orgs.set(org._id, org.currency);

  // ---- ledger chains ----
  const ledgerKeys = new Map<string, number>(); // key → amount, for the cycle check
  const bankCreditEntries = new Map<string, { amountMinor: number; topUpOrderId?: string }>(); // bank tx id → its credit
  const creditedToOrder = new Map<string, number>(); // order id → top-up credits posted for it
  const moneyBack = new Map<string, LedgerEntry>(); // key → a refund's ledger credit or payout's debit
  let ledgerEntries = 0;
  type Chain = { orgId: string; seq: number; balance: number; sum: number };
  let chain: Chain | undefined;
  const closeChain = async () => {
    if (!chain) return;
    if (chain.sum !== chain.balance) breach('ledger', chain.orgId, `entries sum to ${chain.sum} but the balance is ${chain.balance}`);
    const hint = await models.LedgerHead.findById(chain.orgId).lean();
    if (hint && (hint.seq > chain.seq || (hint.seq === chain.seq && hint.balanceMinor !== chain.balance))) {
      breach(
        'ledger',
        chain.orgId,
        `head hint (seq ${hint.seq}, ${hint.balanceMinor}) disagrees with the chain (seq ${chain.seq}, ${chain.balance})`,
      );
    }
  };
  for await (const entry of models.LedgerEntry.find({}).sort({ orgId: 1, seq: 1 }).lean().cursor()) {
    ledgerEntries += 1;
    if (chain?.orgId !== entry.orgId) {
      await closeChain();
      if (!orgs.has(entry.orgId)) breach('ledger', entry.orgId, 'ledger entries for an organization that does not exist');
    }
    const previous: Chain = chain && chain.orgId === entry.orgId ? chain : { orgId: entry.orgId, seq: 0, balance: 0, sum: 0 };
    const subject = `${entry.orgId} #${entry.seq} (${entry.key})`;
    if (entry.seq !== previous.seq + 1)
      breach('ledger', subject, `position ${entry.seq} follows ${previous.seq}: the chain has a gap or a duplicate`);
    if (entry._id !== ledgerPosition(entry.orgId, entry.seq)) breach('ledger', subject, `stored at ${entry._id}, not at its position`);
    if (entry.balanceAfterMinor !== previous.balance + entry.amountMinor) {
      breach('ledger', subject, `balanceAfter ${entry.balanceAfterMinor} ≠ previous ${previous.balance} + amount ${entry.amountMinor}`);
    }
    const currency = orgs.get(entry.orgId);
    if (currency && entry.currency !== currency) breach('ledger', subject, `in ${entry.currency}, the organization bills in ${currency}`);
    if (ledgerKeys.has(entry.key)) breach('ledger', subject, `key ${entry.key} posted twice`);
    ledgerKeys.set(entry.key, entry.amountMinor);
    if (entry.kind === 'top_up_credit' && entry.topUpOrderId) {
      creditedToOrder.set(entry.topUpOrderId, (creditedToOrder.get(entry.topUpOrderId) ?? 0) + entry.amountMinor);
    }
    if (entry.kind === 'credit_note' || entry.kind === 'payout') moneyBack.set(entry.key, entry as LedgerEntry);
    if (entry.key.startsWith('bank-credit:')) {
      bankCreditEntries.set(entry.key.slice('bank-credit:'.length), {
        amountMinor: entry.amountMinor,
        topUpOrderId: entry.topUpOrderId ?? undefined,
      });
    }
    chain = { orgId: entry.orgId, seq: entry.seq, balance: entry.balanceAfterMinor, sum: previous.sum + entry.amountMinor };
  }
  await closeChain();

  // ---- invoices and their numbers ----
  const finals = new Map<string, InvoiceRecord>(); // business key → invoice
  let invoices = 0;
  let series: { name: string; last: number } | undefined;
  const invoiceCursor = models.Invoice.find({}, { pdf: 0 }).sort({ series: 1, year: 1, sequence: 1 }).lean<InvoiceRecord[]>().cursor();
  for await (const raw of invoiceCursor) {
    const invoice = raw as unknown as InvoiceRecord;
    invoices += 1;
    const subject = invoice._id;
    const name = `${invoice.series}-${invoice.year}`;
    if (series?.name !== name) series = { name, last: 0 };
    if (invoice.sequence !== series.last + 1) {
      breach(
        'numbering',
        subject,
        invoice.sequence === series.last
          ? `number ${invoice.sequence} of ${name} used twice`
          : `${name} jumps from ${series.last} to ${invoice.sequence}`,
      );
    }
    series.last = invoice.sequence;
    const number = formatInvoiceNumber(invoice.series as InvoiceSeries, invoice.year, invoice.sequence);
    if (invoice._id !== number || invoice.number !== number)
      breach('numbering', subject, `stored as ${invoice._id} / ${invoice.number}, its series, year and sequence make ${number}`);

    try {
      const expected = computeInvoiceTotals(
        invoice.currency,
        invoice.lines.map(({ description, quantity, unitPriceMinor, vatRateBp }) => ({ description, quantity, unitPriceMinor, vatRateBp })),
      );
      invoice.lines.forEach((line, i) => {
        if (line.amountMinor !== expected.lines[i].amountMinor)
          breach(
            'invoice',
            subject,
            `line ${i + 1} "${line.description}" is ${line.amountMinor}, quantity × price is ${expected.lines[i].amountMinor}`,
          );
      });
      if (invoice.subtotalMinor !== expected.subtotalMinor)
        breach('invoice', subject, `subtotal ${invoice.subtotalMinor} ≠ lines ${expected.subtotalMinor}`);
      const vat = (v: { vatRateBp: number; baseMinor: number; vatMinor: number }[]) =>
        JSON.stringify(v.map(({ vatRateBp, baseMinor, vatMinor }) => [vatRateBp, baseMinor, vatMinor]));
      if (vat(invoice.vat) !== vat(expected.vat)) breach('invoice', subject, `VAT breakdown ${vat(invoice.vat)} ≠ ${vat(expected.vat)}`);
      if (invoice.vatMinor !== expected.vatMinor) breach('invoice', subject, `VAT ${invoice.vatMinor} ≠ ${expected.vatMinor}`);
      if (invoice.totalMinor !== invoice.subtotalMinor + invoice.vatMinor || invoice.totalMinor !== expected.totalMinor) {
        breach('invoice', subject, `total ${invoice.totalMinor} ≠ lines + VAT ${expected.totalMinor}`);
      }
    } catch (error) {
      breach('invoice', subject, `cannot be recomputed: ${(error as Error).message}`);
    }
    if (!orgs.has(invoice.orgId)) breach('invoice', subject, `issued to ${invoice.orgId}, which does not exist`);
    if (invoice.series === 'final') finals.set(invoice.key, invoice);
  }

  // ---- billing cycles against invoices and the ledger ----
  let cycles = 0;
  const billed = new Set<string>();
  const cycleOfFinal = new Map<string, PaidCycle>(); // final invoice's business key → its cycle, for what it was paid
  for await (const raw of models.BillingCycle.find({}).lean<BillingCycleRecord[]>().cursor()) {
    const cycle = raw as unknown as BillingCycleRecord;
    cycles += 1;
    const key = `final:${cycle.orgId}:${cycle.cycleId}`;
    cycleOfFinal.set(key, { state: cycle.state, attempts: cycle.attempts });
    if (cycle.state !== 'paid') continue;
    billed.add(key);
    const invoice = finals.get(key);
    if (!invoice) {
      // The workflow issues it right after the payment: a cycle paid a moment ago may not have it yet.
      if (cycle.paidAt && Date.now() - cycle.paidAt.getTime() > 10 * 60_000) breach('cycle', cycle._id, 'paid without a final invoice');
    } else if (invoice.totalMinor !== cycle.totalMinor)
      breach('cycle', cycle._id, `total ${cycle.totalMinor}, its invoice ${invoice._id} says ${invoice.totalMinor}`);
    if (cycle.paidWith === 'prepaid') {
      const debit = ledgerKeys.get(`cycle:${cycle.orgId}:${cycle.cycleId}`);
      if (debit !== -(cycle.totalMinor ?? 0))
        breach(
          'cycle',
          cycle._id,
          `paid from the balance, but the ledger debit is ${debit ?? 'missing'} for a total of ${cycle.totalMinor}`,
        );
    }
  }
  for (const [key, invoice] of finals) {
    if (!billed.has(key) && key.startsWith('final:')) breach('cycle', invoice._id, `final invoice ${key} without a paid billing cycle`);
  }

  // ---- top-up orders and bank credits against the ledger ----
  // A credit is recorded, then posted by its order's workflow a moment later: only older ones must be posted.
  const settled = (at?: Date | null) => !at || Date.now() - at.getTime() > 10 * 60_000;
  let topUps = 0;
  for await (const order of models.TopUpOrder.find({}, { receivedMinor: 1, credits: 1, updatedAt: 1 }).lean().cursor()) {
    topUps += 1;
    const posted = creditedToOrder.get(order._id) ?? 0;
    if (order.receivedMinor !== posted)
      breach('top-up', order._id, `says it received ${order.receivedMinor}, the ledger credited it ${posted}`);
    for (const credit of order.credits ?? []) {
      const entry = bankCreditEntries.get(credit.bankTxId);
      if (!entry || entry.topUpOrderId !== order._id || entry.amountMinor !== credit.amountMinor) {
        breach('top-up', order._id, `lists credit ${credit.bankTxId} of ${credit.amountMinor}, which the ledger does not hold for it`);
      }
    }
  }
  let bankCredits = 0;
  for await (const credit of models.BankCredit.find({ status: 'matched' }).lean().cursor()) {
    bankCredits += 1;
    const entry = bankCreditEntries.get(credit._id);
    if (!entry) {
      if (settled(credit.createdAt)) breach('top-up', credit._id, `matched to ${credit.topUpOrderId} but on no ledger entry`);
    } else if (entry.topUpOrderId !== credit.topUpOrderId || entry.amountMinor !== credit.amountMinor) {
      breach(
        'top-up',
        credit._id,
        `reported ${credit.amountMinor} for ${credit.topUpOrderId}, the ledger holds ${entry.amountMinor} for ${entry.topUpOrderId}`,
      );
    }
  }

  // What lost disputes took back, per invoice: a refund never gives that back a second time.
  const lostDisputes = new Map<string, { amountMinor: number }[]>();
  for await (const d of models.Dispute.find({ status: 'lost' }, { invoiceNumber: 1, amountMinor: 1 }).lean().cursor())
    lostDisputes.set(d.invoiceNumber, [...(lostDisputes.get(d.invoiceNumber) ?? []), { amountMinor: d.amountMinor }]);
  const paidFor = (invoice: InvoiceRecord) =>
    netPaid(invoice.totalMinor, cycleOfFinal.get(invoice.key), lostDisputes.get(invoice._id) ?? []);

  const { creditNotes, refunds } = await checkCreditNotes(models, finalsByNumber(finals), paidFor, ledgerKeys, moneyBack, breach, explain);
  return {
    breaches,
    explained,
    checked: { organizations: orgs.size, ledgerEntries, invoices, cycles, topUps, bankCredits, creditNotes, refunds },
  };
}

const finalsByNumber = (finals: Map<string, InvoiceRecord>) => new Map([...finals.values()].map((invoice) => [invoice._id, invoice]));

async function checkCreditNotes(
  models: Models,
  invoices: Map<string, InvoiceRecord>,
  paidFor: (invoice: InvoiceRecord) => NetPaid,
  ledgerKeys: Map<string, number>,
  moneyBack: Map<string, LedgerEntry>,
  breach: (check: Breach['check'], subject: string, message: string) => void,
  explain: (check: Breach['check'], subject: string, message: string) => void,
): Promise<{ creditNotes: number; refunds: number }> {
  let creditNotes = 0;
  let series: { year: number; last: number } | undefined;
  /** Per invoice: credited per line, per rate (base and VAT), in total. */
  const credited = new Map<string, { lines: Map<number, number>; rates: Map<number, { base: number; vat: number }>; total: number }>();
  const notes = new Map<string, CreditNoteRecord>();
  for await (const raw of models.CreditNote.find({}).sort({ year: 1, sequence: 1 }).lean<CreditNoteRecord[]>().cursor()) {
    const note = raw as unknown as CreditNoteRecord;
    creditNotes += 1;
    notes.set(note._id, note);
    const subject = note._id;
    if (series?.year !== note.year) series = { year: note.year, last: 0 };
    if (note.sequence !== series.last + 1)
      breach(
        'numbering',
        subject,
        note.sequence === series.last
          ? `credit note number ${note.sequence} used twice`
          : `credit notes of ${note.year} jump from ${series.last} to ${note.sequence}`,
      );
    series.last = note.sequence;
    const number = formatInvoiceNumber('credit_note', note.year, note.sequence);
    if (note._id !== number || note.number !== number)
      breach('numbering', subject, `stored as ${note._id} / ${note.number}, its year and sequence make ${number}`);

    const lines = note.lines.reduce((a, l) => a + l.amountMinor, 0);
    if (lines !== note.subtotalMinor) breach('credit_note', subject, `lines sum to ${lines}, subtotal says ${note.subtotalMinor}`);
    const vat = note.vat.reduce((a, v) => a + v.vatMinor, 0);
    if (vat !== note.vatMinor) breach('credit_note', subject, `VAT per rate sums to ${vat}, VAT says ${note.vatMinor}`);
    if (note.totalMinor !== note.subtotalMinor + note.vatMinor) breach('credit_note', subject, `total ${note.totalMinor} ≠ subtotal + VAT`);
    for (const v of note.vat) {
      const base = note.lines.filter((l) => l.vatRateBp === v.vatRateBp).reduce((a, l) => a + l.amountMinor, 0);
      if (base !== v.baseMinor) breach('credit_note', subject, `VAT base at ${v.vatRateBp} bp is ${v.baseMinor}, its lines sum to ${base}`);
    }
    const invoice = invoices.get(note.invoiceNumber);
    if (!invoice) {
      breach('credit_note', subject, `corrects ${note.invoiceNumber}, which is not a final invoice`);
      continue;
    }
    if (invoice.orgId !== note.orgId || invoice.currency !== note.currency)
      breach(
        'credit_note',
        subject,
        `is ${note.orgId} ${note.currency}, its invoice ${invoice._id} is ${invoice.orgId} ${invoice.currency}`,
      );
    const sums = credited.get(invoice._id) ?? { lines: new Map(), rates: new Map(), total: 0 };
    credited.set(invoice._id, sums);
    for (const line of note.lines) sums.lines.set(line.invoiceLine, (sums.lines.get(line.invoiceLine) ?? 0) + line.amountMinor);
    for (const v of note.vat) {
      const rate = sums.rates.get(v.vatRateBp) ?? { base: 0, vat: 0 };
      sums.rates.set(v.vatRateBp, { base: rate.base + v.baseMinor, vat: rate.vat + v.vatMinor });
    }
    sums.total += note.totalMinor;
  }
  for (const [number, sums] of credited) {
    const invoice = invoices.get(number)!;
    if (sums.total > invoice.totalMinor) breach('credit_note', number, `credited ${sums.total}, more than its total ${invoice.totalMinor}`);
    for (const [line, amountMinor] of sums.lines) {
      const invoiced = invoice.lines[line]?.amountMinor ?? 0;
      if (amountMinor > invoiced) breach('credit_note', number, `line ${line} credited ${amountMinor}, invoiced ${invoiced}`);
    }
    for (const [rate, { base, vat }] of sums.rates) {
      const invoiced = invoice.vat.find((v) => v.vatRateBp === rate) ?? { baseMinor: 0, vatMinor: 0 };
      if (base > invoiced.baseMinor || vat > invoiced.vatMinor)
        breach('credit_note', number, `at ${rate} bp credited ${base} + ${vat} VAT, invoiced ${invoiced.baseMinor} + ${invoiced.vatMinor}`);
    }
  }

  let refunds = 0;
  const refundedPerInvoice = new Map<string, number>();
  const refundedNotes = new Set<string>();
  /** Per invoice: how much of its refunds the provider made past what it was paid net, flagged for ops. */
  const flaggedPastNetPaid = new Map<string, number>();
  for await (const raw of models.Refund.find({}).lean<RefundRecord[]>().cursor()) {
    const refund = raw as unknown as RefundRecord;
    refunds += 1;
    const posted = moneyBack.get(refund._id);
    // The refund posts its entry, then records itself succeeded: only an older pending one is a breach.
    if (
      posted &&
      (refund.status === 'succeeded' || (refund.status === 'pending' && Date.now() - refund.requestedAt.getTime() < 10 * 60_000))
    )
      moneyBack.delete(refund._id);
    if (refund.status !== 'succeeded') continue;
    const subject = refund._id;
    if (refund.source === 'prepaid_balance') {
      const debit = ledgerKeys.get(refund._id);
      if (debit !== -refund.amountMinor)
        breach('refund', subject, `a payout of ${refund.amountMinor}, its ledger debit is ${debit ?? 'missing'}`);
      continue;
    }
    const { attention } = refund;
    if (attention && refund.origin === 'provider') {
      explain('refund', subject, attention.reason);
      const invoiceNumber = refund.invoiceNumber ?? '';
      flaggedPastNetPaid.set(invoiceNumber, (flaggedPastNetPaid.get(invoiceNumber) ?? 0) + attention.pastNetPaidMinor);
    }
    const note = notes.get(refund.creditNoteNumber ?? '');
    if (!note) {
      // A provider's refund its invoice had nothing left to credit for: on no credit note, all of it flagged.
      const standsAlone = !refund.creditNoteNumber && refund.origin === 'provider' && attention?.uncreditedMinor === refund.amountMinor;
      if (standsAlone && invoices.has(refund.invoiceNumber ?? '')) {
        refundedPerInvoice.set(refund.invoiceNumber!, (refundedPerInvoice.get(refund.invoiceNumber!) ?? 0) + refund.amountMinor);
      } else if (standsAlone)
        breach('refund', subject, `refunded at the provider for ${refund.invoiceNumber}, which is not a final invoice`);
      else breach('refund', subject, `refunds ${refund.creditNoteNumber}, which is not a credit note`);
      continue;
    }
    if (refundedNotes.has(note._id)) breach('refund', subject, `credit note ${note._id} refunded more than once`);
    refundedNotes.add(note._id);
    // The part of a provider's refund its invoice had no credit left for is on no credit note (flagged, explained above).
    const uncredited = refund.origin === 'provider' ? (attention?.uncreditedMinor ?? 0) : 0;
    if (refund.amountMinor - uncredited > note.totalMinor)
      breach('refund', subject, `refunds ${refund.amountMinor}, its credit note is ${note.totalMinor}`);
    if (refund.destination === 'balance') {
      const credit = ledgerKeys.get(refund._id);
      if (credit !== refund.amountMinor)
        breach('refund', subject, `back to the balance for ${refund.amountMinor}, its ledger credit is ${credit ?? 'missing'}`);
    }
    refundedPerInvoice.set(note.invoiceNumber, (refundedPerInvoice.get(note.invoiceNumber) ?? 0) + refund.amountMinor);
  }
  for (const [key, entry] of moneyBack)
    breach('refund', key, `ledger ${entry.kind} of ${entry.amountMinor} for ${entry.orgId} is no succeeded refund's`);
  for (const [number, refunded] of refundedPerInvoice) {
    const invoice = invoices.get(number);
    const paid = invoice ? paidFor(invoice) : { collectedMinor: 0, chargedBackMinor: 0, netMinor: 0 };
    if (refunded <= paid.netMinor) continue;
    const message = `refunded ${refunded}, more than the ${describeNetPaid(paid)}`;
    // Past it by no more than the provider's refunds flagged for it: on record for ops, explained.
    if (refunded - paid.netMinor <= (flaggedPastNetPaid.get(number) ?? 0)) explain('refund', number, message);
    else breach('refund', number, message);
  }
  return { creditNotes, refunds };
}

async function main(): Promise<number> {
  const { loadConfig } = await import('../config');
  const { connectDatabase } = await import('../models');
  const config = loadConfig();
  const { db, models } = await connectDatabase(config.MONGODB_URI, 2);
  try {
    const { breaches, explained, checked } = await checkBooks(models);
    // Not breaches: on record for ops (GET /v1/admin/refunds?attention=true), shown so they are never silent.
    for (const e of explained) console.log(`EXPLAINED [${e.check}] ${e.subject}: ${e.message}`);
    const summary =
      `${checked.organizations} organizations, ${checked.ledgerEntries} ledger entries, ${checked.invoices} invoices, ` +
      `${checked.cycles} billing cycles, ${checked.topUps} top-up orders, ${checked.bankCredits} matched bank credits, ` +
      `${checked.creditNotes} credit notes, ${checked.refunds} refunds`;
    if (breaches.length === 0) {
      console.log(`books OK: ${summary}`);
      return 0;
    }
    for (const b of breaches) console.error(`BREACH [${b.check}] ${b.subject}: ${b.message}`);
    console.error(`${breaches.length} breach(es) in ${summary}`);
    return 1;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`check-books failed: ${error.message}`);
      process.exit(2);
    },
  );
}
