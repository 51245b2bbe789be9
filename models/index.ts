import mongoose, { type Connection } from 'mongoose';
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

/** One connection (one pool) per process; indexes are created once at start. */
export async function connectDatabase(uri: string, poolSize = 20): Promise<{ db: Connection; models: Models }> {
  const db = mongoose.createConnection(uri, { maxPoolSize: poolSize, autoIndex: false, autoCreate: false });
  await db.asPromise();
  const models = createModels(db);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  return { db, models };
}
