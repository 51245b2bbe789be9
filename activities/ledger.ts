import { ApplicationFailure } from '@temporalio/common';
import type { Currency } from '../domain/money';
import type { Models } from '../models';

export interface LedgerPosting {
  /** Idempotency key, unique across the ledger: "bank-credit:<tx id>", "cycle:<org>:<cycle>". */
  key: string;
  orgId: string;
  kind: 'top_up_credit' | 'cycle_charge' | 'adjustment';
  /** Positive credits the balance, negative debits it. */
  amountMinor: number;
  currency: Currency;
  description: string;
  topUpOrderId?: string;
  bankTxId?: string;
  at: Date;
}

export interface PostingResult {
  /** False when the entry had already been applied by an earlier attempt. */
  applied: boolean;
  balanceMinor: number;
}

/**
 * Applies a ledger entry exactly once. The balance and the set of applied keys change in one
 * single-document update (atomic on FerretDB and MongoDB alike, no transaction needed); the entry itself is
 * then upserted under the same key, so a retry after a crash between the two steps completes the second.
 * A debit with `requireFunds` never takes the balance below zero.
 */
export async function postLedgerEntry(models: Models, posting: LedgerPosting, { requireFunds = false } = {}): Promise<PostingResult> {
  const { Organization, LedgerEntry } = models;
  const filter: Record<string, unknown> = { _id: posting.orgId, currency: posting.currency, appliedEntryKeys: { $ne: posting.key } };
  if (requireFunds && posting.amountMinor < 0) filter.balanceMinor = { $gte: -posting.amountMinor };

  const updated = await Organization.findOneAndUpdate(
    filter,
    { $inc: { balanceMinor: posting.amountMinor }, $push: { appliedEntryKeys: posting.key } },
    { new: true },
  ).lean();

  let balanceMinor: number;
  if (updated) {
    balanceMinor = updated.balanceMinor;
  } else {
    const org = await Organization.findById(posting.orgId, { balanceMinor: 1, currency: 1 }).lean();
    if (!org) throw ApplicationFailure.nonRetryable(`organization ${posting.orgId} not found`, 'NotFound');
    if (org.currency !== posting.currency) {
      throw ApplicationFailure.nonRetryable(`ledger entry in ${posting.currency} for an organization billed in ${org.currency}`, 'InvalidInput');
    }
    if (!(await Organization.exists({ _id: posting.orgId, appliedEntryKeys: posting.key }))) {
      throw ApplicationFailure.nonRetryable(`insufficient balance for ${posting.key}`, 'InsufficientFunds', { balanceMinor: org.balanceMinor });
    }
    balanceMinor = org.balanceMinor;
  }

  const { key, ...entry } = posting;
  await LedgerEntry.updateOne(
    { _id: key },
    { $setOnInsert: { ...entry, createdAt: posting.at } },
    { upsert: true },
  );
  return { applied: Boolean(updated), balanceMinor };
}

/** Sum of an organization's ledger entries ($group with $sum is supported by FerretDB v1). */
export async function ledgerSum(models: Models, orgId: string): Promise<number> {
  const [row] = await models.LedgerEntry.aggregate<{ total: number }>([
    { $match: { orgId } },
    { $group: { _id: '$orgId', total: { $sum: '$amountMinor' } } },
  ]);
  return row?.total ?? 0;
}
