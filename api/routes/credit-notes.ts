/**
 * Credit notes and refunds. Customers read their credit notes (with what was paid back) and disputes; the
 * admin issues credit notes, refunds them, pays out unused prepaid balance, and lists refunds (failed ones
 * first of all). The admin actions are audited Updates (api/credit-note-actions.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { CreditNoteRecord } from '../../models/credit-note';
import type { DisputeRecord } from '../../models/dispute';
import { loadInvoicePdf } from '../../models/invoice-pdf';
import type { RefundRecord } from '../../models/refund';
import { creditNoteView } from '../../activities/credit-notes';
import { disputeView } from '../../activities/disputes';
import { refundListView } from '../../activities/refunds';
import { issueCreditNoteByOperator, payOutBalanceByOperator, refundCreditNoteByOperator } from '../credit-note-actions';
import { notFound } from '../errors';
import { requireAdmin, requireOrganizationAccess } from '../middleware/auth';
import { createRouter } from '../router';
import { ListQuery, listOf, listPage } from '../pagination';
import {
  adminErrorResponses,
  CurrencyCode,
  errorResponses,
  IdempotencyHeader,
  MinorUnits,
  OrgIdParam,
  PositiveMinorUnits,
} from '../schemas';
import type { AppDeps } from '../types';
import { OperatorRequestSchema } from './ops';

const RefundSchema = z
  .object({
    refundId: z.string(),
    destination: z.enum(['balance', 'card', 'paypal', 'bank_transfer']),
    amountMinor: MinorUnits,
    currency: CurrencyCode,
    status: z.enum(['pending', 'succeeded', 'failed']),
    providerRef: z.string().optional(),
    bankReference: z.string().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .openapi('Refund');

const CreditNoteSchema = z
  .object({
    number: z.string().openapi({ example: 'CN-2026-000001' }),
    invoiceNumber: z.string().openapi({ description: 'The final invoice it corrects' }),
    issueDate: z.string(),
    reason: z.string(),
    origin: z.enum(['operator', 'provider_refund']),
    currency: CurrencyCode,
    subtotalMinor: MinorUnits,
    vat: z.array(z.object({ vatRateBp: z.number(), baseMinor: MinorUnits, vatMinor: MinorUnits })),
    vatMinor: MinorUnits,
    totalMinor: MinorUnits,
    lines: z.array(
      z.object({
        invoiceLine: z.number().openapi({ description: "0-based index of the invoice's line it credits" }),
        description: z.string(),
        quantity: z.number(),
        unitPriceMinor: MinorUnits,
        vatRateBp: z.number(),
        amountMinor: MinorUnits,
      }),
    ),
    refunds: z.array(RefundSchema),
    pdfUrl: z.string(),
  })
  .openapi('CreditNote');

const DisputeSchema = z
  .object({
    disputeId: z.string(),
    invoiceNumber: z.string(),
    amountMinor: MinorUnits,
    currency: CurrencyCode,
    status: z.enum(['open', 'won', 'lost']),
    outcome: z.enum(['reopened', 'written_off']).optional(),
    openedAt: z.string(),
  })
  .openapi('Dispute');

const RefundInstructionSchema = z
  .object({
    to: z.enum(['balance', 'payment', 'bank_transfer']).openapi({
      description: 'balance: a ledger credit; payment: the card or PayPal payment that paid the invoice; bank_transfer: a payout ops made',
    }),
    bankReference: z
      .string()
      .trim()
      .min(1)
      .max(140)
      .optional()
      .openapi({ description: 'The bank reference of the payout (bank_transfer)' }),
  })
  .refine((r) => r.to !== 'bank_transfer' || r.bankReference, { path: ['bankReference'], message: 'required for bank_transfer' });

const CreditNoteRequestSchema = OperatorRequestSchema.extend({
  lines: z
    .array(
      z
        .object({
          line: z.int().min(0).openapi({ description: "0-based index of the invoice's line" }),
          quantity: z.int().positive().optional(),
          amountMinor: PositiveMinorUnits.optional(),
        })
        .refine((l) => (l.quantity === undefined) !== (l.amountMinor === undefined), { message: 'give either quantity or amountMinor' }),
    )
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Lines to credit; absent: everything not credited yet' }),
  refund: RefundInstructionSchema.optional().openapi({ description: 'Where the money goes; absent: nothing is paid back yet' }),
}).openapi('CreditNoteRequest');

const RefundRequestSchema = OperatorRequestSchema.and(RefundInstructionSchema).openapi('RefundRequest');
const BalancePayoutSchema = OperatorRequestSchema.extend({
  amountMinor: PositiveMinorUnits,
  bankReference: z.string().trim().min(1).max(140).openapi({ description: 'The bank reference of the payout ops made' }),
}).openapi('BalancePayout');

const CreditNoteStatusSchema = z
  .object({
    requestId: z.string(),
    state: z.string(),
    creditNote: z.object({ number: z.string(), invoiceNumber: z.string(), totalMinor: MinorUnits, currency: CurrencyCode }).optional(),
    refund: RefundSchema.optional(),
    refundRefusal: z.string().optional(),
  })
  .openapi('CreditNoteStatus');

const pathParam = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name, in: 'path' }, example });
const NumberParams = OrgIdParam.extend({ number: pathParam('number', 'CN-2026-000001') });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

export function creditNoteRoutes(deps: AppDeps) {
  const { models } = deps;
  const router = createRouter();
  router.use('/organizations/:orgId/*', requireOrganizationAccess);
  router.use('/admin/invoices/*', requireAdmin);
  router.use('/admin/credit-notes/*', requireAdmin);
  router.use('/admin/refunds', requireAdmin);
  router.use('/admin/organizations/:orgId/balance-payout', requireAdmin);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/credit-notes',
      tags: ['Invoices'],
      summary: 'List credit notes (corrections of final invoices) with what was paid back, newest first',
      request: { params: OrgIdParam, query: ListQuery },
      responses: { 200: json(listOf(CreditNoteSchema, 'CreditNoteList'), 'Credit notes'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const page = await listPage<CreditNoteRecord>(models.CreditNote, { orgId }, { sortField: 'issueDate', ...c.req.valid('query') });
      const numbers = page.docs.map((n) => n.number);
      const refunds = numbers.length ? await models.Refund.find({ creditNoteNumber: { $in: numbers } }).lean<RefundRecord[]>() : [];
      return c.json({ data: page.docs.map((n) => creditNoteView(n, refunds)), hasMore: page.hasMore, nextCursor: page.nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/credit-notes/{number}/pdf',
      tags: ['Invoices'],
      summary: 'Download a credit note as PDF',
      request: { params: NumberParams },
      responses: {
        200: { content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The PDF' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId, number } = c.req.valid('param');
      const note = await models.CreditNote.findById(number, { orgId: 1 }).lean();
      const pdf = note?.orgId === orgId ? await loadInvoicePdf(models, number) : undefined;
      if (!note || !pdf) throw notFound('credit note');
      return c.body(new Uint8Array(pdf), 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${number}.pdf"`,
      });
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/disputes',
      tags: ['Invoices'],
      summary: 'Payments disputed at the provider: the invoice they paid shows as disputed while open, and once lost',
      request: { params: OrgIdParam, query: ListQuery },
      responses: { 200: json(listOf(DisputeSchema, 'DisputeList'), 'Disputes'), ...errorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const page = await listPage<DisputeRecord>(models.Dispute, { orgId }, { sortField: 'openedAt', ...c.req.valid('query') });
      return c.json({ data: page.docs.map(disputeView), hasMore: page.hasMore, nextCursor: page.nextCursor }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/invoices/{invoiceNumber}/credit-notes',
      tags: ['Operations'],
      summary: 'Issue a credit note for a final invoice, in full or by line, and optionally pay it back (admin key)',
      description:
        "Numbered in the CN series, e-mailed with its PDF. VAT is reversed per rate with the invoice's rounding rule. Refused (400) when it would credit more than is left on a line or the invoice. Sent to the credit note's own workflow as an Update carrying `by` and `reason`; its history is the audit log. The same Idempotency-Key gives the same credit note.",
      request: {
        params: z.object({ invoiceNumber: pathParam('invoiceNumber', 'INV-2026-000042') }),
        headers: IdempotencyHeader,
        body: body(CreditNoteRequestSchema),
      },
      responses: { 200: json(CreditNoteStatusSchema, 'The credit note issued (its refund follows)'), ...adminErrorResponses },
    }),
    async (c) => {
      const { invoiceNumber } = c.req.valid('param');
      const request = c.req.valid('json');
      return c.json(await issueCreditNoteByOperator(deps, { ...request, invoiceNumber }, c.req.header('idempotency-key')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/credit-notes/{number}/refund',
      tags: ['Operations'],
      summary: 'Pay a credit note back: to the balance, the payment that paid the invoice, or a bank payout (admin key)',
      description:
        'Answers once the refund succeeded or failed (a provider refusal is recorded as failed; ask again to retry). Refused (409) while a refund of it is pending or succeeded, or when it would refund more than the invoice was paid net of chargebacks (a lost dispute already gave the payer the money back); the refusal names the amount still refundable.',
      request: {
        params: z.object({ number: pathParam('number', 'CN-2026-000001') }),
        headers: IdempotencyHeader,
        body: body(RefundRequestSchema),
      },
      responses: { 200: json(RefundSchema, 'The refund attempt'), ...adminErrorResponses },
    }),
    async (c) => {
      const { number } = c.req.valid('param');
      return c.json(await refundCreditNoteByOperator(deps, number, c.req.valid('json')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/organizations/{orgId}/balance-payout',
      tags: ['Operations'],
      summary: 'Record the payout of unused prepaid balance (an organization leaving): debits the balance (admin key)',
      description: 'Refused (409) for more than the balance. The same Idempotency-Key records the payout once.',
      request: { params: OrgIdParam, headers: IdempotencyHeader, body: body(BalancePayoutSchema) },
      responses: { 200: json(RefundSchema, 'The payout'), ...adminErrorResponses },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      return c.json(await payOutBalanceByOperator(deps, orgId, c.req.valid('json'), c.req.header('idempotency-key')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/refunds',
      tags: ['Operations'],
      summary:
        'Refunds and payouts, newest first; `status=failed` lists those a provider refused, `attention=true` those ops must look at (admin key)',
      description:
        "A refund made in the provider's dashboard (`origin: provider`) is recorded in full, with a credit note for as much of it as its invoice had left to credit. One the books cannot fully stand for carries `attention`: `uncreditedMinor` of it is on no credit note (the invoice was already credited), `pastNetPaidMinor` of it went past what the invoice was paid net of refunds and chargebacks.",
      request: {
        query: ListQuery.extend({
          status: z.enum(['pending', 'succeeded', 'failed']).optional(),
          attention: z
            .enum(['true', 'false'])
            .optional()
            .openapi({ description: '`true`: only the refunds flagged for ops; `false`: only the others' }),
        }),
      },
      responses: {
        200: json(
          listOf(
            RefundSchema.extend({
              orgId: z.string(),
              creditNoteNumber: z.string().optional(),
              invoiceNumber: z.string().optional(),
              origin: z.enum(['operator', 'provider']).openapi({ description: "`provider`: made in Stripe's or PayPal's dashboard" }),
              attention: z
                .object({ reason: z.string(), uncreditedMinor: MinorUnits, pastNetPaidMinor: MinorUnits })
                .optional()
                .openapi({ description: "A provider's refund the books cannot fully stand for: for ops to resolve" }),
            }).openapi('RefundListItem'),
            'RefundList',
          ),
          'Refunds',
        ),
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const { status, attention, ...query } = c.req.valid('query');
      const filter = {
        ...(status ? { status } : {}),
        ...(attention ? { attention: attention === 'true' ? { $exists: true } : { $exists: false } } : {}),
      };
      const page = await listPage<RefundRecord>(models.Refund, filter, { sortField: 'requestedAt', ...query });
      return c.json(
        {
          data: page.docs.map(refundListView),
          hasMore: page.hasMore,
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  );

  return router;
}
