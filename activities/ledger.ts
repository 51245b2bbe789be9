import { ApplicationFailure } from '@temporalio/common';
import { Refusal } from '../domain/errors';
import type { Currency } from '../domain/money';
import type { Models } from '../models';
import { ledgerPosition, readLedgerHead, type LedgerHead } from '../models/ledger-entry';
import { isDuplicateKey } from '../models/duplicate-key';
import { insertGrouped } from '../models/group-write';

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

  /** Where to append: this process's last head, else the stored hint; either may be behind the chain. */
  async function likelyHead(orgId: string): Promise<LedgerHead> {
    const known = heads.get(orgId);
    if (known) return known;
    const stored = await models.LedgerHead.findById(orgId).lean();
    return stored ? { seq: stored.seq, balanceMinor: stored.balanceMinor } : { seq: 0, balanceMinor: 0 };
  }

  /**
   * Appends at the position after the likely head. Positions are unique, so a head that fell behind (another
   * process appended) makes the insert collide, and only then is the chain walked: usually a posting is one
   * insert. `orgCurrency` is the organization's currency when the caller has just read it.
   */
  async function post(
    posting: LedgerPosting,
    { requireFunds = false, orgCurrency }: { requireFunds?: boolean; orgCurrency?: string } = {},
  ): Promise<PostingResult> {
    const currency = orgCurrency ?? (await currencyOf(posting.orgId));
    if (currency !== posting.currency) {
      throw Refusal.invalidInput(`ledger entry in ${posting.currency} for an organization billed in ${currency}`);
    }
    let head = await likelyHead(posting.orgId);
    let atEnd = false;
    const walkToEnd = async () => {
      head = await readLedgerHead(models, posting.orgId, head);
      heads.set(posting.orgId, head);
      atEnd = true;
    };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const balanceAfterMinor = head.balanceMinor + posting.amountMinor;
      if (requireFunds && posting.amountMinor < 0 && balanceAfterMinor < 0) {
        // A head behind the chain may not show a credit that came since: refuse only on the true balance.
        if (!atEnd) {
          await walkToEnd();
          continue;
        }
        if (await models.LedgerEntry.exists({ key: posting.key })) return { applied: false, balanceMinor: head.balanceMinor };
        throw ApplicationFailure.nonRetryable(`insufficient balance for ${posting.key}`, 'InsufficientFunds', {
          balanceMinor: head.balanceMinor,
        });
      }
      const seq = head.seq + 1;
      const { at, ...fields } = posting;
      try {
        await insertGrouped(models.LedgerEntry, {
          ...fields,
          _id: ledgerPosition(posting.orgId, seq),
          seq,
          balanceAfterMinor,
          createdAt: at,
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Either the position is taken (the head was behind: walk on and go again) or this key was posted before.
        const positionTaken = await models.LedgerEntry.exists({ _id: ledgerPosition(posting.orgId, seq) });
        await walkToEnd();
        if (positionTaken) continue;
        return { applied: false, balanceMinor: head.balanceMinor };
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
