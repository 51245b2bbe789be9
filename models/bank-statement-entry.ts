import { createHash } from 'node:crypto';
import type { StatementEntry } from '../domain/bank-statements';

/**
 * The identity of a bank movement, shared by every way it can reach us (statement imports in any format, the
 * JSON push's `bankTxId`): the bank's own reference on that account. On the primary account it is the bare
 * reference, which is what the JSON path has always stored, so transactions recorded before statements were
 * read stay duplicates; on any other account it is "<IBAN>:<reference>", as references are only unique per
 * account. A bank that gives no reference gets a content hash of the movement, with its occurrence number
 * among identical movements of the same file, so two equal transfers on one day stay two.
 */
export function bankEntryId(accountIban: string, reference: string, primaryIban: string): string {
  return accountIban === primaryIban ? reference : `${accountIban}:${reference}`;
}

export function contentReference(entry: StatementEntry, occurrence: number): string {
  const fields = [
    entry.accountIban,
    entry.direction,
    entry.reversal,
    entry.valueDate,
    entry.amountMinor,
    entry.currency,
    entry.payerIban ?? '',
    entry.payerName ?? '',
    entry.endToEndId ?? '',
    entry.structuredReference ?? '',
    entry.remittanceText.replace(/\s+/g, ' ').trim(),
    occurrence,
  ];
  return `hash:${createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32)}`;
}

/** The identities of a statement's entries, in order (content hashes numbered by occurrence). */
export function entryIds(entries: readonly StatementEntry[], primaryIban: string): string[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    let reference = entry.bankReference;
    if (!reference) {
      const base = contentReference(entry, 0);
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      reference = occurrence === 0 ? base : contentReference(entry, occurrence);
    }
    const id = bankEntryId(entry.accountIban, reference, primaryIban);
    return entry.reversal && entry.direction === 'debit' ? `reversal:${id}` : id;
  });
}
