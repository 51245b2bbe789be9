import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { currency, minorUnits } from './money-fields';

/**
 * The ledger is an append-only chain per organization: entry n carries the balance after it, and its `_id`
 * is its position ("<orgId>:0000000007"). Appending is an insert at the next position, so two writers racing
 * for the same position collide on `_id`, and an entry posted twice collides on its unique `key`. Inserts
 * guarded by unique indexes are atomic on FerretDB v1 and MongoDB alike — unlike read-modify-write updates,
 * which FerretDB v1 applies without isolation — so the balance is exact without transactions.
 */
export const ledgerEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    seq: { type: Number, required: true },
    /** Idempotency key: "bank-credit:<bank tx id>", "cycle:<org>:<cycle>". */
    key: { type: String, required: true },
    kind: {
      type: String,
      required: true,
      enum: ['top_up_credit', 'top_up_reversal', 'cycle_charge', 'adjustment', 'credit_note', 'payout'],
    },
    amountMinor: minorUnits,
    balanceAfterMinor: minorUnits,
    currency,
    description: { type: String, required: true },
    topUpOrderId: { type: String },
    bankTxId: { type: String },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// Exactly once: a key is posted at most once, whatever retries happen.
ledgerEntrySchema.index({ key: 1 }, { unique: true });
// Listing and the books check: an organization's entries in order.
ledgerEntrySchema.index({ orgId: 1, seq: 1 }, { unique: true });

export type LedgerEntry = InferSchemaType<typeof ledgerEntrySchema>;

export const ledgerPosition = (orgId: string, seq: number) => `${orgId}:${String(seq).padStart(10, '0')}`;

export const createLedgerEntryModel = (db: Connection) =>
  db.models.LedgerEntry ?? db.model('LedgerEntry', ledgerEntrySchema, 'ledger_entries');

/** A hint of each chain's head, so reading a balance is two lookups by `_id`; never the source of truth. */
export const ledgerHeadSchema = new Schema(
  { _id: { type: String, required: true }, seq: { type: Number, required: true }, balanceMinor: minorUnits },
  { versionKey: false },
);

export const createLedgerHeadModel = (db: Connection) => db.models.LedgerHead ?? db.model('LedgerHead', ledgerHeadSchema, 'ledger_heads');

export interface LedgerHead {
  seq: number;
  balanceMinor: number;
}

type HeadModels = { LedgerEntry: ReturnType<typeof createLedgerEntryModel>; LedgerHead: ReturnType<typeof createLedgerHeadModel> };

/**
 * The chain's true head: start from a hint (the caller's, or the stored one) and walk forward by `_id`
 * until the next position is empty. Positions are contiguous, so a stale hint costs lookups, not accuracy.
 * Every balance read makes the lookup past the head, so it goes to the driver directly, without mongoose's
 * query building: 0.7 ms of the reader's CPU instead of 0.9 ms (measured against FerretDB).
 */
export async function readLedgerHead(models: HeadModels, orgId: string, hint?: LedgerHead): Promise<LedgerHead> {
  let head = hint ?? (await models.LedgerHead.findById(orgId).lean()) ?? { seq: 0, balanceMinor: 0 };
  const entries = models.LedgerEntry.collection;
  for (;;) {
    const position = ledgerPosition(orgId, head.seq + 1);
    const next = await entries.findOne<{ balanceAfterMinor: number }>({ _id: position as never }, { projection: { balanceAfterMinor: 1 } });
    if (!next) return { seq: head.seq, balanceMinor: head.balanceMinor };
    head = { seq: head.seq + 1, balanceMinor: next.balanceAfterMinor };
  }
}

/**
 * Balance reads for a long-lived process: it remembers each chain's head, so a read is one lookup (is
 * there an entry after the one I know?) and still exact.
 */
export function createBalanceReader(models: HeadModels) {
  const hints = new Map<string, LedgerHead>();
  return async function readBalance(orgId: string): Promise<LedgerHead> {
    const head = await readLedgerHead(models, orgId, hints.get(orgId));
    if (hints.size > 100_000) hints.clear();
    hints.set(orgId, head);
    return head;
  };
}
