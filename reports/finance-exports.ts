/**
 * What finance takes out of the engine, as CSV, for the admin API (api/routes/exports.ts) and the ops CLI
 * (`npm run ops -- export …`): invoices and credit notes of a period, the ledger, a VAT report.
 *
 * Streamed: documents come from a database cursor in pages of CURSOR_BATCH through csv-stringify, with
 * backpressure from the reader, so an export of 100,000 invoices holds a page and its lookups, never the
 * whole set; only the VAT report keeps state, its sums per (currency, buyer country, rate, reverse charge).
 * A row needs no lookup of its own: an invoice carries how it was paid, and a page's organizations (and the
 * billing cycles of invoices older than that field) are read together before its rows are written. No sort is asked of the database: FerretDB v1 sorts in memory, holding every matching document
 * until the last is read, so documents come in the order they were written (the order they were issued),
 * and one organization's ledger is walked along its chain by `_id`. `npm run bench:exports` measures it.
 * Amounts are decimal strings built from the integer minor units (no floating point), credit notes
 * negative, so a column sums to the books.
 *
 * The buyer's country is the prefix of a valid-looking EU VAT id (domain/vat.ts); a buyer without one is
 * charged domestic VAT (domain/vat.ts vatTreatment), so it counts in the seller's own country. An invoice is
 * reverse-charged exactly when vatTreatment says so for its buyer and seller, as when it was issued.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { minorToDecimalString } from '../domain/payment-methods';
import { formatVatRate } from '../domain/invoice-totals';
import type { Currency } from '../domain/money';
import { euVatCountry, normalizeVatId, vatTreatment } from '../domain/vat';
import { billingCycleKey } from '../domain/billing-cycle';
import { DISPUTED } from '../activities/disputes';
import type { Models } from '../models';
import type { BillingCycleRecord } from '../models/billing-cycle';
import type { CreditNoteRecord } from '../models/credit-note';
import { finalInvoiceCycleId, type InvoiceRecord } from '../models/invoice';
import { type LedgerEntry, ledgerPosition } from '../models/ledger-entry';
import type { RefundRecord } from '../models/refund';

const CURSOR_BATCH = 500;

/** [from, to): UTC instants. */
export interface Period {
  from: Date;
  to: Date;
}

type Row = Record<string, string | number>;

export interface CsvExport {
  /** How many documents it will read, for a progress bar. */
  total(): Promise<number>;
  /** The CSV; `onDocument` is called once per document read. */
  stream(onDocument?: () => void): Promise<Readable>;
}

/** "-12.34": signed decimal digits, for spreadsheets (minorToDecimalString takes no sign). */
function amount(minor: number, currency: Currency, sign = 1): string {
  const signed = sign * minor;
  return `${signed < 0 ? '-' : ''}${minorToDecimalString(Math.abs(signed), currency)}`;
}
const day = (date: Date) => date.toISOString().slice(0, 10);

function csv(columns: string[], rows: () => AsyncIterable<Row>): Readable {
  return Readable.from(rows()).pipe(stringify({ header: true, columns }));
}

/** A query's documents from a cursor, counted as they are read. */
async function* documents<T>(query: { cursor(options: { batchSize: number }): AsyncIterable<unknown> }, onDocument: () => void) {
  for await (const document of query.cursor({ batchSize: CURSOR_BATCH })) {
    onDocument();
    yield document as T;
  }
}

/** A query's documents in pages of CURSOR_BATCH (one cursor batch each): what a page's lookups are batched by. */
async function* pages<T>(query: Parameters<typeof documents>[0], onDocument: () => void): AsyncIterable<T[]> {
  let page: T[] = [];
  for await (const document of documents<T>(query, onDocument)) {
    page.push(document);
    if (page.length === CURSOR_BATCH) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** A small per-export memo of lookups by `_id` (organizations): hot paths on FerretDB look up by `_id` only. */
function memo<T>(load: (id: string) => Promise<T>, size = 10_000) {
  const cache = new Map<string, Promise<T>>();
  return (id: string) => {
    let hit = cache.get(id);
    if (!hit) {
      if (cache.size >= size) cache.clear();
      hit = load(id);
      cache.set(id, hit);
    }
    return hit;
  };
}

function inPeriod(period: Period) {
  return { issueDate: { $gte: period.from, $lt: period.to } };
}

/** Invoices (final) and credit notes of the period: one row each, net and VAT per rate in their own columns. */
export function invoicesExport(models: Models, period: Period): CsvExport {
  const invoiceFilter = { series: 'final', ...inPeriod(period) };
  const noteFilter = inPeriod(period);
  const organization = memo(async (id: string) => {
    const org = (await models.Organization.findById(id).lean()) as { externalId?: string } | null;
    return { externalId: org?.externalId ?? '' };
  });
  /**
   * How each invoice of a page was paid: written on the invoice when it was issued; for invoices issued
   * before that, read from their billing cycles, in one query per page (each invoice has a cycle of its own,
   * so nothing is worth remembering across pages).
   */
  async function paidWithOf(page: InvoiceRecord[]): Promise<Map<string, string>> {
    const paidWith = new Map<string, string>();
    const cycleOf = new Map<string, string>();
    for (const invoice of page) {
      if (invoice.paidWith) paidWith.set(invoice._id, invoice.paidWith);
      else {
        const cycleId = finalInvoiceCycleId(invoice);
        if (cycleId) cycleOf.set(billingCycleKey(invoice.orgId, cycleId), invoice._id);
      }
    }
    if (cycleOf.size === 0) return paidWith;
    const cycles = await models.BillingCycle.find({ _id: { $in: [...cycleOf.keys()] } }, { paidWith: 1 }).lean<
      Pick<BillingCycleRecord, '_id' | 'paidWith'>[]
    >();
    for (const cycle of cycles) if (cycle.paidWith) paidWith.set(cycleOf.get(cycle._id)!, cycle.paidWith);
    return paidWith;
  }
  /** Every organization of a page, looked up (once per export) in parallel before its rows are written. */
  const externalIds = async (orgIds: string[]) =>
    new Map(await Promise.all([...new Set(orgIds)].map(async (id) => [id, (await organization(id)).externalId] as const)));

  async function rates(): Promise<number[]> {
    const [a, b] = await Promise.all([
      models.Invoice.distinct('vat.vatRateBp', invoiceFilter),
      models.CreditNote.distinct('vat.vatRateBp', noteFilter),
    ]);
    return [...new Set([...a, ...b].map(Number))].sort((x, y) => x - y);
  }

  return {
    total: async () => (await models.Invoice.countDocuments(invoiceFilter)) + (await models.CreditNote.countDocuments(noteFilter)),
    async stream(onDocument = () => undefined) {
      // The columns depend on the rates used in the period, known after one small query.
      const vatRates = await rates();
      const rateColumns = vatRates.flatMap((rate) => [`net ${formatVatRate(rate)}`, `vat ${formatVatRate(rate)}`]);
      const columns = [
        'type',
        'number',
        'date',
        'organization',
        'external id',
        'buyer',
        'corrects',
        ...rateColumns,
        'net',
        'vat',
        'total',
        'currency',
        'status',
        'paid by',
      ];
      const perRate = (vat: { vatRateBp: number; baseMinor: number; vatMinor: number }[], currency: Currency, sign: number) =>
        Object.fromEntries(
          vatRates.flatMap((rate) => {
            const v = vat.find((x) => x.vatRateBp === rate);
            return [
              [`net ${formatVatRate(rate)}`, v ? amount(v.baseMinor, currency, sign) : ''],
              [`vat ${formatVatRate(rate)}`, v ? amount(v.vatMinor, currency, sign) : ''],
            ];
          }),
        );
      // Disputes and refunds are few: read once, not once per document.
      const disputed = new Set(
        (await models.Dispute.find({ status: { $in: DISPUTED } }, { invoiceNumber: 1 }).lean()).map((d) => d.invoiceNumber),
      );
      const refundsOf = new Map<string, RefundRecord[]>();
      for (const refund of await models.Refund.find({ source: 'credit_note' }, { creditNoteNumber: 1, status: 1, destination: 1 }).lean<
        RefundRecord[]
      >()) {
        refundsOf.set(refund.creditNoteNumber!, [...(refundsOf.get(refund.creditNoteNumber!) ?? []), refund]);
      }
      const invoiceRow = (invoice: InvoiceRecord, externalId: string, paidBy: string): Row => ({
        type: 'invoice',
        number: invoice.number,
        date: day(invoice.issueDate),
        organization: invoice.orgId,
        'external id': externalId,
        buyer: invoice.buyer.name,
        corrects: '',
        ...perRate(invoice.vat, invoice.currency, 1),
        net: amount(invoice.subtotalMinor, invoice.currency),
        vat: amount(invoice.vatMinor, invoice.currency),
        total: amount(invoice.totalMinor, invoice.currency),
        currency: invoice.currency,
        status: disputed.has(invoice._id) ? 'disputed' : invoice.status,
        'paid by': paidBy,
      });
      const noteRow = (note: CreditNoteRecord, externalId: string): Row => {
        const refunds = refundsOf.get(note.number) ?? [];
        const refunded = refunds.find((r) => r.status === 'succeeded');
        return {
          type: 'credit_note',
          number: note.number,
          date: day(note.issueDate),
          organization: note.orgId,
          'external id': externalId,
          buyer: note.buyer.name,
          corrects: note.invoiceNumber,
          ...perRate(note.vat, note.currency, -1),
          net: amount(note.subtotalMinor, note.currency, -1),
          vat: amount(note.vatMinor, note.currency, -1),
          total: amount(note.totalMinor, note.currency, -1),
          currency: note.currency,
          status: refunded ? 'refunded' : refunds.some((r) => r.status === 'failed') ? 'refund_failed' : 'issued',
          'paid by': refunded?.destination ?? '',
        };
      };
      async function* rows(): AsyncIterable<Row> {
        for await (const page of pages<InvoiceRecord>(models.Invoice.find(invoiceFilter, { pdf: 0 }).lean(), onDocument)) {
          const [orgs, paidWith] = await Promise.all([externalIds(page.map((i) => i.orgId)), paidWithOf(page)]);
          for (const invoice of page) yield invoiceRow(invoice, orgs.get(invoice.orgId)!, paidWith.get(invoice._id) ?? '');
        }
        for await (const page of pages<CreditNoteRecord>(models.CreditNote.find(noteFilter).lean(), onDocument)) {
          const orgs = await externalIds(page.map((n) => n.orgId));
          for (const note of page) yield noteRow(note, orgs.get(note.orgId)!);
        }
      }
      return csv(columns, rows);
    },
  };
}

/** One organization's entries along its chain: lookups by `_id` (its positions), in `seq` order, until the head. */
async function* chainOf(models: Models, orgId: string, onDocument: () => void): AsyncIterable<LedgerEntry> {
  for (let seq = 1; ; seq++) {
    const entry = await models.LedgerEntry.findById(ledgerPosition(orgId, seq)).lean<LedgerEntry>();
    if (!entry) return;
    onDocument();
    yield entry;
  }
}

/** Every ledger entry of one organization in chain order, or of all in the order they were posted, with the balance after each. */
export function ledgerExport(models: Models, orgId?: string): CsvExport {
  const filter = orgId ? { orgId } : {};
  return {
    total: () => models.LedgerEntry.countDocuments(filter),
    async stream(onDocument = () => undefined) {
      async function* rows(): AsyncIterable<Row> {
        const entries = orgId ? chainOf(models, orgId, onDocument) : documents<LedgerEntry>(models.LedgerEntry.find().lean(), onDocument);
        for await (const entry of entries) {
          const currency = entry.currency as Currency;
          yield {
            organization: entry.orgId,
            seq: entry.seq,
            date: entry.createdAt.toISOString(),
            kind: entry.kind,
            key: entry.key,
            description: entry.description,
            amount: amount(entry.amountMinor, currency),
            'balance after': amount(entry.balanceAfterMinor, currency),
            currency,
          };
        }
      }
      return csv(['organization', 'seq', 'date', 'kind', 'key', 'description', 'amount', 'balance after', 'currency'], rows);
    },
  };
}

interface VatSum {
  currency: Currency;
  country: string;
  vatRateBp: number;
  reverseCharge: boolean;
  netMinor: number;
  vatMinor: number;
  documents: number;
}

/** Net and VAT of the period per currency, buyer country and rate, reverse-charged sales on rows of their own. */
export function vatReport(models: Models, period: Period, sellerVatId: string): CsvExport {
  const sellerCountry = normalizeVatId(sellerVatId).slice(0, 2);
  const invoiceFilter = { series: 'final', ...inPeriod(period) };
  const noteFilter = inPeriod(period);
  return {
    total: async () => (await models.Invoice.countDocuments(invoiceFilter)) + (await models.CreditNote.countDocuments(noteFilter)),
    async stream(onDocument = () => undefined) {
      async function* rows(): AsyncIterable<Row> {
        const sums = new Map<string, VatSum>();
        const add = (
          doc: { buyer: { vatId: string }; currency: Currency; vat: { vatRateBp: number; baseMinor: number; vatMinor: number }[] },
          sign: number,
        ) => {
          const country = euVatCountry(doc.buyer.vatId) ?? sellerCountry;
          const reverseCharge = vatTreatment({ vatRateBp: 0, buyerVatId: doc.buyer.vatId, sellerVatId }).reverseCharge;
          for (const v of doc.vat) {
            const key = `${doc.currency}|${country}|${v.vatRateBp}|${reverseCharge}`;
            const sum = sums.get(key) ?? {
              currency: doc.currency,
              country,
              vatRateBp: v.vatRateBp,
              reverseCharge,
              netMinor: 0,
              vatMinor: 0,
              documents: 0,
            };
            sum.netMinor += sign * v.baseMinor;
            sum.vatMinor += sign * v.vatMinor;
            sum.documents += 1;
            sums.set(key, sum);
          }
        };
        const fields = { buyer: 1, currency: 1, vat: 1 };
        for await (const invoice of documents<InvoiceRecord>(models.Invoice.find(invoiceFilter, fields).lean(), onDocument))
          add(invoice, 1);
        for await (const note of documents<CreditNoteRecord>(models.CreditNote.find(noteFilter, fields).lean(), onDocument)) add(note, -1);
        const ordered = [...sums.values()].sort(
          (a, b) =>
            a.currency.localeCompare(b.currency) ||
            Number(a.reverseCharge) - Number(b.reverseCharge) ||
            a.country.localeCompare(b.country) ||
            a.vatRateBp - b.vatRateBp,
        );
        for (const sum of ordered) {
          yield {
            currency: sum.currency,
            'buyer country': sum.country,
            'vat rate': formatVatRate(sum.vatRateBp),
            'reverse charge': sum.reverseCharge ? 'yes' : 'no',
            net: amount(sum.netMinor, sum.currency),
            vat: amount(sum.vatMinor, sum.currency),
            documents: sum.documents,
          };
        }
      }
      return csv(['currency', 'buyer country', 'vat rate', 'reverse charge', 'net', 'vat', 'documents'], rows);
    },
  };
}
