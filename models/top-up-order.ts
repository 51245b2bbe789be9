import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import type { Currency } from '../domain/money';
import { formatRfReference } from '../domain/rf-reference';
import { OPEN_TOP_UP_STATES, type TopUpState } from '../domain/top-up';
import { currency, minorUnits } from './money-fields';
import { isDuplicateKey } from './duplicate-key';

const creditSchema = new Schema(
  {
    bankTxId: { type: String, required: true },
    amountMinor: minorUnits,
    valueDate: { type: String, required: true },
    receivedAt: Date,
    /** Set when the bank took the transfer back (activities/bank-statements.ts). */
    reversedMinor: { type: Number },
    reversalReason: { type: String },
  },
  { _id: false },
);

/** A read model of the top-up workflow, written by its activities; the workflow is the source of truth. */
export const topUpOrderSchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    workflowId: { type: String, required: true },
    amountMinor: minorUnits,
    currency,
    state: { type: String, required: true, enum: ['issuing', 'awaiting_payment', 'partially_paid', 'paid', 'expired', 'cancelled'] },
    receivedMinor: { ...minorUnits, default: 0 },
    credits: { type: [creditSchema], default: [] },
    proformaInvoiceId: { type: String, required: true },
    proformaNumber: { type: String, required: true },
    paymentReference: { type: String, required: true },
    warning: { type: String },
    /** Who the proforma was addressed to: reminders and receipts for this order go there too. */
    buyerName: { type: String },
    billingEmail: { type: String },
    expiresAt: { type: Date, required: true },
    closedAt: { type: Date },
    closeReason: { type: String },
  },
  { timestamps: true, versionKey: false },
);

// Bank reconciliation: a credit's reference finds its order.
topUpOrderSchema.index({ paymentReference: 1 }, { unique: true });
// Portal listing: an organization's orders, newest first.
topUpOrderSchema.index({ orgId: 1, createdAt: -1 });

export type TopUpOrder = InferSchemaType<typeof topUpOrderSchema>;

export const createTopUpOrderModel = (db: Connection) => db.models.TopUpOrder ?? db.model('TopUpOrder', topUpOrderSchema, 'top_up_orders');

export type OrderDoc = {
  _id: string;
  orgId: string;
  state: TopUpState;
  amountMinor: number;
  receivedMinor: number;
  currency: Currency;
  proformaInvoiceId: string;
  proformaNumber: string;
  paymentReference: string;
  warning?: string | null;
  expiresAt: Date;
  createdAt: Date;
  workflowId: string;
  credits: { bankTxId: string; amountMinor: number; valueDate: string }[];
};

/** A top-up order as the API shows it (and the events that carry one). */
export const toTopUpDto = (order: OrderDoc, bankDetails: { bankName: string; iban: string; bic: string }) => ({
  orderId: order._id,
  state: order.state,
  amountMinor: order.amountMinor,
  receivedMinor: order.receivedMinor,
  currency: order.currency,
  proforma: {
    invoiceId: order.proformaInvoiceId,
    number: order.proformaNumber,
    pdfUrl: `/v1/organizations/${order.orgId}/invoices/${order.proformaInvoiceId}/pdf`,
  },
  paymentReference: order.paymentReference,
  paymentReferenceFormatted: formatRfReference(order.paymentReference),
  bankDetails,
  credits: (order.credits ?? []).map(({ bankTxId, amountMinor, valueDate }) => ({ bankTxId, amountMinor, valueDate })),
  ...(order.warning ? { warning: order.warning } : {}),
  expiresAt: new Date(order.expiresAt).toISOString(),
  createdAt: new Date(order.createdAt).toISOString(),
  workflowId: order.workflowId,
});

/**
 * An organization's orders in the order they were placed: entry n names its n-th order. It exists because
 * FerretDB v1 answers only `_id` lookups from an index (any other filter scans the whole collection), so
 * "this organization's open orders" is read by walking this list by `_id`, never by a query on orgId.
 * Each entry is inserted once, by the request that places the order, and never changed.
 */
export const topUpListEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    seq: { type: Number, required: true },
    orderId: { type: String, required: true },
    placedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const createTopUpListEntryModel = (db: Connection) =>
  db.models.TopUpListEntry ?? db.model('TopUpListEntry', topUpListEntrySchema, 'top_up_order_list');

export const topUpListPosition = (orgId: string, seq: number) => `${orgId}:${String(seq).padStart(10, '0')}`;

type ListModels = {
  TopUpOrder: ReturnType<typeof createTopUpOrderModel>;
  TopUpListEntry: ReturnType<typeof createTopUpListEntryModel>;
};

/** An entry whose order was never written (its workflow did not start) stops being looked up after this. */
const UNWRITTEN_ORDER_GRACE_MS = 60 * 60_000;

interface KnownList {
  /** The last entry read. */
  seq: number;
  /** Orders that may still be open, with when they were placed: closing is final, so a closed one is dropped. */
  candidates: Map<string, Date>;
  walking?: Promise<void>;
}

/**
 * Each organization's open orders for a long-lived process, read only by `_id`: it remembers how far it
 * has read the organization's list and which of its orders may still be open, so a read is one lookup
 * (was another order placed?) plus one per open order, and still exact, however many orders exist.
 */
export function createOpenOrderList(models: ListModels) {
  const lists = new Map<string, KnownList>();
  function known(orgId: string): KnownList {
    let list = lists.get(orgId);
    if (!list) {
      if (lists.size > 100_000) lists.clear();
      list = { seq: 0, candidates: new Map() };
      lists.set(orgId, list);
    }
    return list;
  }
  /** Reads the entries after the last one read; callers at the same time share one walk. */
  function catchUp(orgId: string, list: KnownList): Promise<void> {
    list.walking ??= (async () => {
      for (;;) {
        const entry = await models.TopUpListEntry.findById(topUpListPosition(orgId, list.seq + 1)).lean();
        if (!entry) return;
        list.candidates.set(entry.orderId, entry.placedAt);
        list.seq = Math.max(list.seq, entry.seq);
      }
    })().finally(() => {
      list.walking = undefined;
    });
    return list.walking;
  }

  return {
    /** Records a new order at the list's next free position (the insert is the claim: two requests never share one). */
    async place(orgId: string, orderId: string): Promise<void> {
      const list = known(orgId);
      for (;;) {
        await catchUp(orgId, list);
        const seq = list.seq + 1;
        const placedAt = new Date();
        try {
          await models.TopUpListEntry.create({ _id: topUpListPosition(orgId, seq), orgId, seq, orderId, placedAt });
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          continue;
        }
        list.candidates.set(orderId, placedAt);
        list.seq = Math.max(list.seq, seq);
        return;
      }
    },

    /**
     * Lists the open orders that are on no list: those placed before the list existed. Run at start-up, and
     * safe to run again (it places nothing then). An order placed while it runs may be listed twice, which
     * readers do not notice (one order, one candidate).
     */
    async placeUnlisted(): Promise<number> {
      const orders = await models.TopUpOrder.find({ state: { $in: OPEN_TOP_UP_STATES } }, { orgId: 1 }).lean();
      let placed = 0;
      for (const order of orders) {
        const list = known(order.orgId);
        await catchUp(order.orgId, list);
        if (list.candidates.has(order._id)) continue;
        await this.place(order.orgId, order._id);
        placed++;
      }
      return placed;
    },

    /** The organization's open orders, newest first. */
    async open(orgId: string): Promise<OrderDoc[]> {
      const list = known(orgId);
      const lookUp = (candidates: [string, Date][]) =>
        Promise.all(
          candidates.map(async ([orderId, placedAt]) => ({
            orderId,
            placedAt,
            order: await models.TopUpOrder.findById(orderId).lean<OrderDoc>(),
          })),
        );
      // The candidates already known are read while the list is checked for new ones: a read costs one
      // round trip of latency, not two, and every order is still read after the request arrived.
      const before = [...list.candidates];
      const [, earlier] = await Promise.all([catchUp(orgId, list), lookUp(before)]);
      const read = new Set(before.map(([orderId]) => orderId));
      const looked = [...earlier, ...(await lookUp([...list.candidates].filter(([orderId]) => !read.has(orderId))))];
      const open: OrderDoc[] = [];
      for (const { orderId, placedAt, order } of looked) {
        if (order?.orgId === orgId && OPEN_TOP_UP_STATES.includes(order.state)) open.push(order);
        else if (order || Date.now() - placedAt.getTime() > UNWRITTEN_ORDER_GRACE_MS) list.candidates.delete(orderId);
      }
      return open.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() || (a._id < b._id ? 1 : -1));
    },
  };
}

export type OpenOrderList = ReturnType<typeof createOpenOrderList>;
