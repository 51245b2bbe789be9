import mongoose, { type Connection } from 'mongoose';
import { createBankCreditModel } from './bank-credit';
import { createIdempotencyRecordModel } from './idempotency-record';
import { createInvoiceModel } from './invoice';
import { createInvoiceCounterModel } from './invoice-counter';
import { createLedgerEntryModel } from './ledger-entry';
import { createOrganizationModel } from './organization';
import { createOutboxEmailModel } from './outbox-email';
import { createTopUpOrderModel } from './top-up-order';

export function createModels(db: Connection) {
  return {
    Organization: createOrganizationModel(db),
    LedgerEntry: createLedgerEntryModel(db),
    TopUpOrder: createTopUpOrderModel(db),
    Invoice: createInvoiceModel(db),
    InvoiceCounter: createInvoiceCounterModel(db),
    OutboxEmail: createOutboxEmailModel(db),
    BankCredit: createBankCreditModel(db),
    IdempotencyRecord: createIdempotencyRecordModel(db),
  };
}

export type Models = ReturnType<typeof createModels>;

/** One connection (one pool) per process; indexes are created once at start. */
export async function connectDatabase(uri: string, poolSize = 20): Promise<{ db: Connection; models: Models }> {
  const db = mongoose.createConnection(uri, { maxPoolSize: poolSize, autoIndex: false, autoCreate: false });
  await db.asPromise();
  const models = createModels(db);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  return { db, models };
}
