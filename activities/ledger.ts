import { ApplicationFailure } from '@temporalio/common';
import { Refusal } from '../domain/errors';
import type { Currency } from '../domain/money';
import type { Models } from '../models';
import { ledgerPosition, readLedgerHead, type LedgerHead } from '../models/ledger-entry';

export interface LedgerPosting {
  /** Idempotency key, unique across the ledger: "bank-credit:<tx id>", "cycle:<org>:<cycle>". */
  key: string;
  orgId: string;
  kind: 'top_up_credit' | 'top_up_reversal' | 'cycle_charge' | 'adjustment' | 'credit_note' | 'payout';
  /** Positive credits the balance, negative debits it. */
  amountMinor: number;
  currency: Currency;
  description: string;
  topUpOrderId?: string;
  bankTxId?: string;
  at: Date;
}

export interface PostingResult {
  /** False when the key had already been posted (a retry): nothing was written. */
  applied: boolean;
  balanceMinor: number;
}

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;
const MAX_ATTEMPTS = 100;
const HINT_EVERY = 4;

/**
 * Appends entries to organizations' ledger chains (see models/ledger-entry.ts), each key exactly once.
 * A debit with `requireFunds` never takes the balance below zero.
 */
export function createLedger(models: Models) {
  /** The last head this process saw per organization: usually exact, so an append is one insert. */
  const heads = new Map<string, LedgerHead>();
  /** An organization's billing currency never changes, so it is read once per process. */
  const currencies = new Map<string, string>();

  async function currencyOf(orgId: string): Promise<string> {
    let currency = currencies.get(orgId);
    if (!currency) {
      const org = await models.Organization.findById(orgId, { currency: 1 }).lean();
      if (!org) throw Refusal.notFound(`organization ${orgId} not found`);
      currency = String(org.currency);
      if (currencies.size > 100_000) currencies.clear();
      currencies.set(orgId, currency);
    }
    return currency;
  }

  async function post(posting: LedgerPosting, { requireFunds = false } = {}): Promise<PostingResult> {
    const currency = await currencyOf(posting.orgId);
    if (currency !== posting.currency) {
      throw Refusal.invalidInput(`ledger entry in ${posting.currency} for an organization billed in ${currency}`);
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = await readLedgerHead(models, posting.orgId, heads.get(posting.orgId));
      heads.set(posting.orgId, head);
      const balanceAfterMinor = head.balanceMinor + posting.amountMinor;
      if (requireFunds && posting.amountMinor < 0 && balanceAfterMinor < 0) {
        if (await models.LedgerEntry.exists({ key: posting.key })) return { applied: false, balanceMinor: head.balanceMinor };
        throw ApplicationFailure.nonRetryable(`insufficient balance for ${posting.key}`, 'InsufficientFunds', {
          balanceMinor: head.balanceMinor,
        });
      }
      const seq = head.seq + 1;
      const { at, ...fields } = posting;
      try {
        await models.LedgerEntry.create({ ...fields, _id: ledgerPosition(posting.orgId, seq), seq, balanceAfterMinor, createdAt: at });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Either another entry took this position (go again from the new head) or this key was posted before.
        if (await models.LedgerEntry.exists({ _id: ledgerPosition(posting.orgId, seq) })) continue;
        return { applied: false, balanceMinor: (await readLedgerHead(models, posting.orgId)).balanceMinor };
      }
      const newHead = { seq, balanceMinor: balanceAfterMinor };
      heads.set(posting.orgId, newHead);
      // The stored hint only shortens other processes' walks to the head; refreshing it on every fourth entry
      // keeps those walks short without paying an update (FerretDB's slowest operation) on every posting.
      if (seq % HINT_EVERY === 1) {
        await models.LedgerHead.updateOne({ _id: posting.orgId }, { $set: newHead }, { upsert: true }).catch(() => undefined);
      }
      return { applied: true, balanceMinor: balanceAfterMinor };
    }
    throw new Error(`could not append ${posting.key} to ${posting.orgId}'s ledger after ${MAX_ATTEMPTS} attempts`);
  }

  return { post, balance: (orgId: string) => readLedgerHead(models, orgId, heads.get(orgId)) };
}

export type Ledger = ReturnType<typeof createLedger>;

/** Sum of an organization's ledger entries ($group with $sum is supported by FerretDB v1). */
export async function ledgerSum(models: Models, orgId: string): Promise<number> {
  const [row] = await models.LedgerEntry.aggregate<{ total: number }>([
    { $match: { orgId } },
    { $group: { _id: '$orgId', total: { $sum: '$amountMinor' } } },
  ]);
  return row?.total ?? 0;
}
