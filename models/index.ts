import mongoose, { type Connection } from 'mongoose';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApiKeyModel } from './api-key';
import { createBankCreditDecisionModel, createBankCreditModel } from './bank-credit';
import { createBankStatementImportModel } from './bank-statement-import';
import { createBillingCycleModel } from './billing-cycle';
import { createEventHeadModel, createEventModel } from './event';
import { createCreditNoteModel } from './credit-note';
import { createDeliveryEntryModel } from './delivery-entry';
import { createDisputeModel } from './dispute';
import { createIdempotencyRecordModel } from './idempotency-record';
import { createInvoiceModel } from './invoice';
import { createInvoiceCounterModel } from './invoice-counter';
import { createInvoicePdfModel } from './invoice-pdf';
import { createLedgerEntryModel, createLedgerHeadModel } from './ledger-entry';
import { createExternalIdClaimModel, createOrganizationModel } from './organization';
import { createOutboxEmailModel } from './outbox-email';
import { createPaymentMethodModel } from './payment-method';
import { createPortalLinkModel, createPortalSessionModel } from './portal-session';
import { createRefundModel } from './refund';
import { createTopUpListEntryModel, createTopUpOrderModel } from './top-up-order';
import { createUsageRecordModel } from './usage-record';
import { createWebhookDeliveryModel, createWebhookEndpointHealthModel, createWebhookEndpointModel } from './webhook-endpoint';
import { createWebhookEventModel } from './webhook-event';

export function createModels(db: Connection) {
  return {
    Organization: createOrganizationModel(db),
    ExternalIdClaim: createExternalIdClaimModel(db),
    ApiKey: createApiKeyModel(db),
    LedgerEntry: createLedgerEntryModel(db),
    LedgerHead: createLedgerHeadModel(db),
    TopUpOrder: createTopUpOrderModel(db),
    TopUpListEntry: createTopUpListEntryModel(db),
    Invoice: createInvoiceModel(db),
    InvoiceCounter: createInvoiceCounterModel(db),
    InvoicePdf: createInvoicePdfModel(db),
    OutboxEmail: createOutboxEmailModel(db),
    BankCredit: createBankCreditModel(db),
    BankCreditDecision: createBankCreditDecisionModel(db),
    BankStatementImport: createBankStatementImportModel(db),
    IdempotencyRecord: createIdempotencyRecordModel(db),
    PaymentMethod: createPaymentMethodModel(db),
    WebhookEvent: createWebhookEventModel(db),
    UsageRecord: createUsageRecordModel(db),
    BillingCycle: createBillingCycleModel(db),
    Event: createEventModel(db),
    EventHead: createEventHeadModel(db),
    DeliveryEntry: createDeliveryEntryModel(db),
    WebhookEndpoint: createWebhookEndpointModel(db),
    WebhookEndpointHealth: createWebhookEndpointHealthModel(db),
    WebhookDelivery: createWebhookDeliveryModel(db),
    PortalLink: createPortalLinkModel(db),
    PortalSession: createPortalSessionModel(db),
    CreditNote: createCreditNoteModel(db),
    Refund: createRefundModel(db),
    Dispute: createDisputeModel(db),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Connections this process opened, to name each one's command counts (countCommands). */
let connections = 0;

/** One connection (one pool) per process; indexes are created once at start. */
export async function connectDatabase(uri: string, poolSize = 20): Promise<{ db: Connection; models: Models }> {
  const countsDir = process.env.DATABASE_COMMAND_COUNTS_DIR;
  const db = mongoose.createConnection(uri, { maxPoolSize: poolSize, autoIndex: false, autoCreate: false, monitorCommands: !!countsDir });
  await db.asPromise();
  if (countsDir) countCommands(db, path.join(countsDir, `${process.pid}-${++connections}.json`));
  const models = createModels(db);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  return { db, models };
}

/**
 * For benchmarks (DATABASE_COMMAND_COUNTS_DIR): every command this connection sends, counted by name and
 * collection ("insert ledger_entries"), and the counts written to a file of its own there as JSON every second.
 */
function countCommands(db: Connection, file: string): void {
  const counts: Record<string, number> = {};
  db.getClient().on('commandStarted', ({ commandName, command }) => {
    const target = typeof command[commandName] === 'string' ? ` ${command[commandName]}` : '';
    const kind = `${commandName}${target}`;
    counts[kind] = (counts[kind] ?? 0) + 1;
  });
  setInterval(() => writeFileSync(file, JSON.stringify(counts)), 1000).unref();
}
