import { WorkflowNotFoundError } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { createRoute, z } from '@hono/zod-openapi';
import { invoiceNumberFromReference } from '../../domain/invoice-number';
import { isValidRfReference, normalizeReference } from '../../domain/rf-reference';
import { bankCreditSignal, lateTopUpCreditsWorkflowId, topUpWorkflowId, type BankCredit } from '../../workflows/definitions';
import { unmatchedCreditEvent } from '../../activities/event-payloads';
import { requireAdmin } from '../middleware/auth';
import { verifyBankSignature } from '../middleware/bank-signature';
import { createRouter } from '../router';
import type { BankCredit as BankCreditRecord } from '../../models/bank-credit';
import { ListQuery, listOf, listPage } from '../pagination';
import { adminErrorResponses, CurrencyCode, errorResponses, MinorUnits, PositiveMinorUnits } from '../schemas';
import type { AppDeps } from '../types';
import { isDuplicateKey } from '../../models/duplicate-key';

const CreditSchema = z
  .object({
    bankTxId: z.string().trim().min(1).max(100),
    amountMinor: PositiveMinorUnits,
    currency: CurrencyCode,
    reference: z
      .string()
      .trim()
      .min(1)
      .max(140)
      .openapi({ description: 'The payment reference the payer quoted', example: 'RF62 PF20 2600 0001' }),
    valueDate: z.iso.date().openapi({ example: '2026-11-25' }),
  })
  .openapi('BankCreditReport');

const ResultSchema = z
  .object({
    bankTxId: z.string(),
    status: z.enum(['matched', 'unmatched']),
    duplicate: z.boolean().openapi({ description: 'This bank transaction was reported before; it is credited once' }),
    orderId: z.string().optional(),
    reason: z.string().optional(),
  })
  .openapi('BankCreditResult');

const MAX_BATCH = 1000;
const CONCURRENCY = 16;

async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Hands a bank credit (or the reversal of one) to its order: to the order's workflow while it runs, else to
 * the order's late-credits workflow. The one way bank money reaches an order, for the JSON push and statements.
 */
export async function signalOrder<T>(
  { temporal, config }: Pick<AppDeps, 'temporal' | 'config'>,
  orderId: string,
  signal: SignalDefinition<[T]>,
  payload: T,
): Promise<void> {
  try {
    await temporal.workflow.getHandle(topUpWorkflowId(orderId)).signal(signal, payload);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    await temporal.workflow.signalWithStart('lateTopUpCreditsWorkflow', {
      workflowId: lateTopUpCreditsWorkflowId(orderId),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [orderId],
      signal,
      signalArgs: [payload],
    });
  }
}

/**
 * The bank-reconciliation system reports credits here. Each is recorded (matched or not) under its bank
 * transaction id before anything else, so nothing reported is ever dropped; a matched credit then goes to
 * its order's workflow as a signal, or, when that workflow has closed, to the order's late-credits workflow.
 */
export function bankReportRoutes(deps: AppDeps) {
  const { models } = deps;
  const router = createRouter();
  // Only the report itself is signed: any other method answers 405 (with Allow), not "unsigned".
  const verify = verifyBankSignature(deps);
  router.use('/bank/credits', (c, next) => (c.req.method === 'POST' ? verify(c, next) : next()));

  async function reconcile(credit: z.infer<typeof CreditSchema>): Promise<z.infer<typeof ResultSchema>> {
    const reference = normalizeReference(credit.reference);
    let orderId: string | undefined;
    let orgId: string | undefined;
    let reason: string | undefined;
    if (!isValidRfReference(reference)) {
      reason = 'reference is not a valid RF creditor reference (check digits do not match)';
    } else {
      // The reference was made from the proforma's number, and the proforma knows its order: one lookup
      // by `_id`, no scan of the orders.
      const invoiceNumber = invoiceNumberFromReference(reference);
      const invoice = invoiceNumber
        ? await models.Invoice.findById(invoiceNumber, { paymentReference: 1, topUpOrderId: 1, orgId: 1, currency: 1 }).lean()
        : null;
      if (!invoice || invoice.paymentReference !== reference || !invoice.topUpOrderId) reason = 'no top-up order has this reference';
      else if (invoice.currency !== credit.currency) reason = `order is in ${invoice.currency}, credit in ${credit.currency}`;
      else {
        orderId = invoice.topUpOrderId;
        orgId = invoice.orgId;
      }
    }
    const status = orderId ? 'matched' : 'unmatched';
    const report = {
      _id: credit.bankTxId,
      amountMinor: credit.amountMinor,
      currency: credit.currency,
      reference,
      valueDate: credit.valueDate,
      status,
      reason,
      orgId,
      topUpOrderId: orderId,
    };
    let recorded = report;
    let duplicate = false;
    try {
      await models.BankCredit.create(report);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      duplicate = true;
      // The transaction as first reported is the truth: a re-report with another amount or reference
      // (a bank's mistake or an attacker's) must not credit another order.
      const stored = await models.BankCredit.findById(credit.bankTxId).lean();
      if (!stored) throw new Error(`bank credit ${credit.bankTxId} collided on insert but cannot be read`);
      recorded = {
        ...stored,
        reason: stored.reason ?? undefined,
        orgId: stored.orgId ?? undefined,
        topUpOrderId: stored.topUpOrderId ?? undefined,
      };
    }
    if (recorded.status !== 'matched' || !recorded.topUpOrderId) {
      // Also for a duplicate report: the first one may have crashed before recording the event.
      await deps.events.recordEvent(unmatchedCreditEvent(credit, recorded.reason ?? ''));
      return { bankTxId: credit.bankTxId, status: 'unmatched', duplicate, ...(recorded.reason ? { reason: recorded.reason } : {}) };
    }
    const matchedOrderId = recorded.topUpOrderId;

    // Signalled even for a duplicate report: the workflow and the ledger credit a transaction once, and a
    // crash after recording but before signalling must not strand the credit.
    const signal: BankCredit = {
      bankTxId: recorded._id,
      amountMinor: recorded.amountMinor,
      currency: recorded.currency as BankCredit['currency'],
      reference: recorded.reference,
      valueDate: recorded.valueDate,
    };
    await signalOrder(deps, matchedOrderId, bankCreditSignal, signal);
    return { bankTxId: credit.bankTxId, status: 'matched', duplicate, orderId: matchedOrderId };
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/bank/credits',
      tags: ['Bank reconciliation'],
      summary: 'Report bank credits (HMAC-signed: X-Bank-Timestamp, X-Bank-Signature)',
      description:
        'X-Bank-Signature is "sha256=" + hex HMAC-SHA256 over "<X-Bank-Timestamp>.<raw body>" with the shared secret; the timestamp (Unix seconds) must be within BANK_WEBHOOK_TOLERANCE_SECONDS.',
      security: [],
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ credits: z.array(CreditSchema).min(1).max(MAX_BATCH) }) } },
          required: true,
        },
      },
      responses: {
        200: {
          content: { 'application/json': { schema: z.object({ results: z.array(ResultSchema) }) } },
          description: 'One result per credit, in order',
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { credits } = c.req.valid('json');
      const seen = new Set<string>();
      const unique = credits.filter((credit) => !seen.has(credit.bankTxId) && seen.add(credit.bankTxId));
      const byTx = new Map((await mapConcurrently(unique, CONCURRENCY, reconcile)).map((r) => [r.bankTxId, r]));
      // A transaction repeated inside one batch answers as a duplicate after its first occurrence.
      const answered = new Set<string>();
      const results = credits.map((credit) => {
        const result = byTx.get(credit.bankTxId)!;
        const first = !answered.has(credit.bankTxId);
        answered.add(credit.bankTxId);
        return first ? result : { ...result, duplicate: true };
      });
      return c.json({ results }, 200);
    },
  );

  return router;
}

export function bankCreditAdminRoutes({ models }: AppDeps) {
  const router = createRouter();
  router.use('/admin/bank-credits', requireAdmin);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/bank-credits',
      tags: ['Bank reconciliation'],
      summary: 'Reported credits for ops (admin key); ?status=unmatched lists those needing a human',
      request: { query: ListQuery.extend({ status: z.enum(['matched', 'unmatched', 'returned', 'reversed', 'reversal']).optional() }) },
      responses: {
        200: {
          content: {
            'application/json': {
              schema: listOf(
                z
                  .object({
                    bankTxId: z.string(),
                    amountMinor: MinorUnits,
                    currency: z.string(),
                    reference: z.string(),
                    valueDate: z.string(),
                    status: z.string(),
                    reason: z.string().optional(),
                    orderId: z.string().optional(),
                    receivedAt: z.string(),
                  })
                  .openapi('ReportedBankCredit'),
                'ReportedBankCreditList',
              ),
            },
          },
          description: 'Credits, oldest first',
        },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const { status, ...query } = c.req.valid('query');
      const page = await listPage<BankCreditRecord & { _id: string; createdAt: Date }>(models.BankCredit, status ? { status } : {}, {
        sortField: 'createdAt',
        order: 'asc',
        ...query,
      });
      return c.json(
        {
          hasMore: page.hasMore,
          nextCursor: page.nextCursor,
          data: page.docs.map((credit) => ({
            bankTxId: credit._id,
            amountMinor: credit.amountMinor,
            currency: credit.currency,
            reference: credit.reference,
            valueDate: credit.valueDate,
            status: credit.status,
            ...(credit.reason ? { reason: credit.reason } : {}),
            ...(credit.topUpOrderId ? { orderId: credit.topUpOrderId } : {}),
            receivedAt: credit.createdAt.toISOString(),
          })),
        },
        200,
      );
    },
  );

  return router;
}
