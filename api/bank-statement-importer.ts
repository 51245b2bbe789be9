/**
 * Imports a bank statement file (camt.053/054, MT940, CSV): read whole or refused whole, then every credit
 * on one of the provider's accounts goes the way a JSON-pushed credit goes: recorded under its identity
 * first (models/bank-statement-entry.ts), matched by the ladder, signalled to its order (signalOrder). Shared
 * by the admin upload, the ops CLI and the watched folder. Importing a file again, or an overlapping one,
 * credits nothing twice: each entry's record is an insert guarded by its identity.
 */
import { createHash } from 'node:crypto';
import { ownAccounts } from '../config';
import {
  matchCandidates,
  noMatchReason,
  parseStatement,
  suggestOrders,
  type CsvMapping,
  type MatchRung,
  type OpenOrder,
  type StatementEntry,
  type StatementFormat,
  type Suggestion,
} from '../domain/bank-statements';
import { invoiceNumberFromReference } from '../domain/invoice-number';
import { entryIds } from '../models/bank-statement-entry';
import { bankCreditSignal, bankReversalSignal, type BankCredit, type BankReversal } from '../workflows/definitions';
import { signalOrder } from './routes/bank-credits';
import type { AppDeps } from './types';
import { isDuplicateKey } from '../models/duplicate-key';
import { bankStatementImportedEvent, unmatchedCreditEvent } from '../activities/event-payloads';

export type EntryOutcome = 'credited' | 'duplicate' | 'unmatched' | 'returned' | 'debit' | 'other-account';

export interface EntryResult {
  location: string;
  bankTxId: string;
  direction: 'credit' | 'debit';
  amountMinor: number;
  currency: string;
  valueDate: string;
  outcome: EntryOutcome;
  rung?: MatchRung;
  orderId?: string;
  reason?: string;
  suggestions?: Suggestion[];
}

export interface CurrencyTotals {
  currency: string;
  creditedMinor: number;
  duplicateMinor: number;
  unmatchedMinor: number;
  returnedMinor: number;
  debitMinor: number;
}

export interface ImportReport {
  importId: string;
  filename?: string;
  format: StatementFormat;
  messageType: string;
  statementIds: string[];
  /** How many times this very file was imported, this run included. */
  runs: number;
  counts: Record<'read' | EntryOutcome, number>;
  totals: CurrencyTotals[];
  entries: EntryResult[];
  /** Seconds spent reading and matching, and applying (recording and signalling). */
  timings: { parseAndMatchSeconds: number; applySeconds: number };
}

export interface ImportOptions {
  filename?: string;
  source: 'api' | 'cli' | 'folder';
  /** A CSV preset's name or a mapping (required for CSV files). */
  csv?: CsvMapping | string;
  /** Called as entries are applied, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

type Deps = Pick<AppDeps, 'models' | 'config' | 'temporal'> & { events: Pick<AppDeps['events'], 'recordEvent'> };

interface Match {
  orderId?: string;
  orgId?: string;
  reference?: string;
  rung?: MatchRung;
  reason?: string;
}

const CONCURRENCY = 16;
const OPEN_ORDERS_FOR_SUGGESTIONS = 5000;

async function mapConcurrently<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export function createStatementImporter(deps: Deps) {
  const { models, config } = deps;
  const accounts = ownAccounts(config);
  const primary = accounts[0];

  /** The ladder, rung by rung: each candidate costs one lookup of a proforma by `_id`. */
  async function match(entry: StatementEntry): Promise<Match> {
    const candidates = matchCandidates(entry);
    let wrongCurrency: string | undefined;
    for (const candidate of candidates) {
      const invoiceId = candidate.proformaNumber ?? (candidate.reference ? invoiceNumberFromReference(candidate.reference) : undefined);
      if (!invoiceId) continue;
      const invoice = await models.Invoice.findById(invoiceId, { paymentReference: 1, topUpOrderId: 1, orgId: 1, currency: 1 }).lean();
      if (!invoice?.topUpOrderId) continue;
      if (candidate.reference && invoice.paymentReference !== candidate.reference) continue;
      if (invoice.currency !== entry.currency) {
        wrongCurrency ??= `order ${invoice.topUpOrderId} is in ${invoice.currency}, the credit in ${entry.currency}`;
        continue;
      }
      return {
        orderId: invoice.topUpOrderId,
        orgId: invoice.orgId,
        reference: invoice.paymentReference ?? candidate.reference,
        rung: candidate.rung,
      };
    }
    return { reason: wrongCurrency ?? noMatchReason(entry, candidates.length) };
  }

  /** Open orders for suggestions, loaded once per import and only when something is unmatched: the one scan an import does. */
  function openOrdersLoader(): () => Promise<OpenOrder[]> {
    let openOrders: Promise<OpenOrder[]> | undefined;
    return () =>
      (openOrders ??= models.TopUpOrder.find(
        { state: { $in: ['awaiting_payment', 'partially_paid'] } },
        { orgId: 1, proformaNumber: 1, amountMinor: 1, receivedMinor: 1, currency: 1, buyerName: 1 },
      )
        .limit(OPEN_ORDERS_FOR_SUGGESTIONS)
        .lean()
        .then((orders) =>
          orders.map((o) => ({
            orderId: o._id,
            orgId: o.orgId,
            proformaNumber: o.proformaNumber,
            amountMinor: o.amountMinor,
            receivedMinor: o.receivedMinor,
            currency: String(o.currency),
            buyerName: o.buyerName ?? '',
          })),
        ));
  }

  async function applyCredit(
    entry: StatementEntry,
    bankTxId: string,
    found: Match,
    importId: string,
    openOrders: () => Promise<OpenOrder[]>,
  ): Promise<EntryResult> {
    const base = resultBase(entry, bankTxId);
    const suggestions = found.orderId ? undefined : suggestOrders(entry, await openOrders());
    try {
      await models.BankCredit.create({
        _id: bankTxId,
        amountMinor: entry.amountMinor,
        currency: entry.currency,
        reference: found.reference ?? (entry.structuredReference || entry.remittanceText.slice(0, 140) || '(none)'),
        valueDate: entry.valueDate,
        status: found.orderId ? 'matched' : 'unmatched',
        reason: found.reason,
        orgId: found.orgId,
        topUpOrderId: found.orderId,
        accountIban: entry.accountIban,
        importId,
        rung: found.rung,
        payerName: entry.payerName,
        payerIban: entry.payerIban,
        remittance: entry.remittanceText.slice(0, 1000),
        endToEndId: entry.endToEndId,
        suggestions: suggestions?.length ? suggestions : undefined,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Reported before (this file again, an overlapping statement, the JSON push): whatever was recorded
      // first stands, and it is signalled again from that record, so a crash between recording and
      // signalling never strands a credit (the order's workflow and the ledger credit it once).
      const stored = await models.BankCredit.findById(bankTxId).lean();
      if (stored?.status === 'matched' && stored.topUpOrderId) {
        await signalOrder(deps, stored.topUpOrderId, bankCreditSignal, creditOf(stored));
      }
      // As for a JSON duplicate: the first import may have crashed before announcing it (the key makes it once).
      if (stored?.status === 'unmatched') await deps.events.recordEvent(unmatchedCreditEvent(creditOf(stored), stored.reason ?? ''));
      return { ...base, outcome: 'duplicate', orderId: stored?.topUpOrderId ?? undefined, reason: `already recorded as ${stored?.status}` };
    }
    if (!found.orderId) {
      // Ops hear of it as of a JSON-pushed credit no order claims.
      const reference = found.reference ?? (entry.structuredReference || entry.remittanceText.slice(0, 140) || '(none)');
      const credit = { bankTxId, amountMinor: entry.amountMinor, currency: entry.currency, reference, valueDate: entry.valueDate };
      await deps.events.recordEvent(unmatchedCreditEvent(credit, found.reason ?? ''));
      return { ...base, outcome: 'unmatched', reason: found.reason, suggestions };
    }
    await signalOrder(deps, found.orderId, bankCreditSignal, {
      bankTxId,
      amountMinor: entry.amountMinor,
      currency: entry.currency,
      reference: found.reference!,
      valueDate: entry.valueDate,
    });
    return { ...base, outcome: 'credited', rung: found.rung, orderId: found.orderId };
  }

  /** The credit a reversal takes back: the same bank reference, the same end-to-end id, or the order's credit of that amount. */
  async function reversedCredit(entry: StatementEntry, reversalId: string) {
    const sameReference = await models.BankCredit.findById(reversalId.slice('reversal:'.length)).lean();
    if (sameReference?.topUpOrderId) return sameReference;
    if (entry.endToEndId) {
      const sameEndToEnd = await models.BankCredit.findOne({ endToEndId: entry.endToEndId, accountIban: entry.accountIban }).lean();
      if (sameEndToEnd?.topUpOrderId) return sameEndToEnd;
    }
    const found = await match(entry);
    if (!found.orderId) return undefined;
    const order = await models.TopUpOrder.findById(found.orderId, { credits: 1 }).lean();
    const credit = (order?.credits ?? []).find(
      (c: { amountMinor: number; reversedMinor?: number | null }) => c.amountMinor === entry.amountMinor && !c.reversedMinor,
    );
    return credit ? models.BankCredit.findById(credit.bankTxId).lean() : undefined;
  }

  async function applyReversal(entry: StatementEntry, reversalId: string, importId: string): Promise<EntryResult> {
    const base = resultBase(entry, reversalId);
    const original = await reversedCredit(entry, reversalId);
    const reason = entry.returnReason ?? 'reversed by the bank';
    try {
      await models.BankCredit.create({
        _id: reversalId,
        amountMinor: entry.amountMinor,
        currency: entry.currency,
        reference: original?.reference ?? '(none)',
        valueDate: entry.valueDate,
        status: 'reversal',
        reason: original ? reason : `${reason}; no credit on record matches it`,
        orgId: original?.orgId,
        topUpOrderId: original?.topUpOrderId,
        reverses: original?._id,
        accountIban: entry.accountIban,
        importId,
        payerName: entry.payerName,
        remittance: entry.remittanceText.slice(0, 1000),
        endToEndId: entry.endToEndId,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await models.BankCredit.findById(reversalId).lean();
      if (stored?.reverses && stored.topUpOrderId) {
        const credit = await models.BankCredit.findById(stored.reverses).lean();
        if (credit) await signalOrder(deps, stored.topUpOrderId, bankReversalSignal, reversalOf(stored, credit.amountMinor));
      }
      return { ...base, outcome: 'duplicate', orderId: stored?.topUpOrderId ?? undefined, reason: 'this reversal was recorded before' };
    }
    if (!original?.topUpOrderId) {
      return { ...base, outcome: 'unmatched', reason: 'a reversal of a credit the engine has no record of: for ops' };
    }
    await signalOrder(deps, original.topUpOrderId, bankReversalSignal, {
      bankTxId: original._id,
      reversalId,
      amountMinor: Math.min(entry.amountMinor, original.amountMinor),
      currency: entry.currency,
      reason,
      valueDate: entry.valueDate,
    });
    return { ...base, outcome: 'returned', orderId: original.topUpOrderId, reason };
  }

  async function importStatement(bytes: Buffer, options: ImportOptions): Promise<ImportReport> {
    const started = performance.now();
    const statement = parseStatement(bytes, { csv: options.csv });
    const importId = `stmt_${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}`;
    const ids = entryIds(statement.entries, primary);
    const firstIndex = new Map<string, number>();
    for (const [index, id] of ids.entries()) if (!firstIndex.has(id)) firstIndex.set(id, index);

    // Reading and matching touch nothing: a refusal or a crash up to here leaves no trace.
    const isOurs = (entry: StatementEntry) => accounts.includes(entry.accountIban);
    const isNewCredit = (entry: StatementEntry, index: number) =>
      isOurs(entry) && entry.direction === 'credit' && !entry.reversal && firstIndex.get(ids[index]) === index;
    const matches = await mapConcurrently(statement.entries, (entry, index) =>
      isNewCredit(entry, index) ? match(entry) : Promise.resolve(undefined),
    );
    const matched = performance.now();

    const openOrders = openOrdersLoader();
    let done = 0;
    const total = statement.entries.length;
    const entries = await mapConcurrently(statement.entries, async (entry, index): Promise<EntryResult> => {
      const bankTxId = ids[index];
      const result = await (async (): Promise<EntryResult> => {
        if (!isOurs(entry))
          return { ...resultBase(entry, bankTxId), outcome: 'other-account', reason: `${entry.accountIban} is not one of ours` };
        if (firstIndex.get(bankTxId) !== index)
          return { ...resultBase(entry, bankTxId), outcome: 'duplicate', reason: 'repeated in this file' };
        if (entry.direction === 'debit' && entry.reversal) return applyReversal(entry, bankTxId, importId);
        if (entry.direction === 'debit' || entry.reversal) return { ...resultBase(entry, bankTxId), outcome: 'debit' };
        return applyCredit(entry, bankTxId, matches[index]!, importId, openOrders);
      })();
      options.onProgress?.(++done, total);
      return result;
    });

    const report: ImportReport = {
      importId,
      filename: options.filename,
      format: statement.format,
      messageType: statement.messageType,
      statementIds: statement.statementIds,
      runs: 1,
      counts: countOutcomes(entries),
      totals: totalsOf(entries),
      entries,
      timings: { parseAndMatchSeconds: (matched - started) / 1000, applySeconds: (performance.now() - matched) / 1000 },
    };
    report.runs = await recordImport(report, options, bytes.length);
    const { entries: _entries, timings: _timings, ...summary } = report;
    await deps.events.recordEvent(bankStatementImportedEvent({ ...summary, source: options.source }));
    return report;
  }

  /**
   * Imports of one file recorded in this process, one after the other: FerretDB v1 runs an update as a read
   * then a write, not isolated, so two `$inc`s at once can count one run (MongoDB's are atomic). Queued here,
   * concurrent uploads of a file to one API process each get their own run and event.
   */
  const recording = new Map<string, Promise<unknown>>();
  function recordImport(report: ImportReport, options: ImportOptions, sizeBytes: number): Promise<number> {
    const previous = recording.get(report.importId) ?? Promise.resolve();
    const recorded = previous.catch(() => undefined).then(() => writeImportRecord(report, options, sizeBytes));
    recording.set(report.importId, recorded);
    void recorded
      .finally(() => {
        if (recording.get(report.importId) === recorded) recording.delete(report.importId);
      })
      .catch(() => undefined);
    return recorded;
  }

  /** The import's record: the summary, not the entries (those are on their bank-credit records). */
  async function writeImportRecord(report: ImportReport, options: ImportOptions, sizeBytes: number): Promise<number> {
    const { entries: _entries, ...summary } = report;
    const fields = {
      filename: options.filename,
      source: options.source,
      format: report.format,
      messageType: report.messageType,
      statementIds: report.statementIds,
      sizeBytes,
    };
    try {
      await models.BankStatementImport.create({ _id: report.importId, ...fields, runs: 1, report: summary });
      return 1;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Counted by `$inc` (atomic on MongoDB; queued per file in this process, see recordImport).
      const counted = await models.BankStatementImport.findOneAndUpdate(
        { _id: report.importId },
        { $inc: { runs: 1 }, $set: fields },
        // No projection: FerretDB's findAndModify does not take one.
        { returnDocument: 'after' },
      ).lean();
      const runs = counted!.runs;
      // The record keeps the latest run's report: a run overtaken meanwhile leaves it to the later one.
      await models.BankStatementImport.updateOne({ _id: report.importId, runs }, { $set: { report: { ...summary, runs } } });
      return runs;
    }
  }

  return { importStatement };
}

export type StatementImporter = ReturnType<typeof createStatementImporter>;

function resultBase(entry: StatementEntry, bankTxId: string) {
  return {
    location: entry.location,
    bankTxId,
    direction: entry.direction,
    amountMinor: entry.amountMinor,
    currency: entry.currency,
    valueDate: entry.valueDate,
  };
}

const creditOf = (stored: { _id: string; amountMinor: number; currency: string; reference: string; valueDate: string }): BankCredit => ({
  bankTxId: stored._id,
  amountMinor: stored.amountMinor,
  currency: stored.currency as BankCredit['currency'],
  reference: stored.reference,
  valueDate: stored.valueDate,
});

const reversalOf = (
  stored: { _id: string; reverses?: string | null; amountMinor: number; currency: string; reason?: string | null; valueDate: string },
  creditedMinor: number,
): BankReversal => ({
  bankTxId: stored.reverses!,
  reversalId: stored._id,
  amountMinor: Math.min(stored.amountMinor, creditedMinor),
  currency: stored.currency as BankReversal['currency'],
  reason: stored.reason ?? 'reversed by the bank',
  valueDate: stored.valueDate,
});

function countOutcomes(entries: readonly EntryResult[]): ImportReport['counts'] {
  const counts: ImportReport['counts'] = {
    read: entries.length,
    credited: 0,
    duplicate: 0,
    unmatched: 0,
    returned: 0,
    debit: 0,
    'other-account': 0,
  };
  for (const entry of entries) counts[entry.outcome] += 1;
  return counts;
}

function totalsOf(entries: readonly EntryResult[]): CurrencyTotals[] {
  const byCurrency = new Map<string, CurrencyTotals>();
  const field: Partial<Record<EntryOutcome, keyof CurrencyTotals>> = {
    credited: 'creditedMinor',
    duplicate: 'duplicateMinor',
    unmatched: 'unmatchedMinor',
    returned: 'returnedMinor',
    debit: 'debitMinor',
  };
  for (const entry of entries) {
    const key = field[entry.outcome];
    if (!key) continue;
    const totals = byCurrency.get(entry.currency) ?? {
      currency: entry.currency,
      creditedMinor: 0,
      duplicateMinor: 0,
      unmatchedMinor: 0,
      returnedMinor: 0,
      debitMinor: 0,
    };
    (totals[key] as number) += entry.amountMinor;
    byCurrency.set(entry.currency, totals);
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
