import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../errors';
import { createRouter } from '../router';
import { ListQuery, listOf, listPage } from '../pagination';
import { CurrencyCode, errorResponses, MinorUnits, OrgIdParam } from '../schemas';
import { toInvoiceDto, type InvoiceRecord } from '../../models/invoice';
import { loadInvoicePdf } from '../../models/invoice-pdf';
import type { AppDeps } from '../types';
import { disputedInvoices } from '../../activities/disputes';

const InvoiceSchema = z
  .object({
    invoiceId: z.string(),
    series: z.enum(['proforma', 'final']),
    number: z.string(),
    status: z.string().openapi({ description: 'issued, paid, void; disputed while a dispute of its payment is open, or once lost' }),
    issueDate: z.string(),
    dueDate: z.string(),
    currency: CurrencyCode,
    subtotalMinor: MinorUnits,
    vatMinor: MinorUnits,
    totalMinor: MinorUnits,
    paymentReference: z.string().optional(),
    lines: z.array(
      z.object({
        description: z.string(),
        quantity: z.number(),
        unitPriceMinor: MinorUnits,
        vatRateBp: z.number(),
        amountMinor: MinorUnits,
      }),
    ),
    pdfUrl: z.string(),
  })
  .openapi('Invoice');

const InvoiceParams = OrgIdParam.extend({
  invoiceId: z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name: 'invoiceId', in: 'path' } }),
});

export function invoiceRoutes({ models }: AppDeps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/invoices',
      tags: ['Invoices'],
      summary: 'List invoices (proforma and final), newest first',
      request: { params: OrgIdParam, query: ListQuery.extend({ series: z.enum(['proforma', 'final']).optional() }) },
      responses: {
        200: { content: { 'application/json': { schema: listOf(InvoiceSchema, 'InvoiceList') } }, description: 'Invoices' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { series, ...query } = c.req.valid('query');
      const page = await listPage<InvoiceRecord>(
        models.Invoice,
        { orgId, ...(series ? { series } : {}) },
        {
          sortField: 'issueDate',
          projection: { pdf: 0 },
          ...query,
        },
      );
      const disputed = await disputedInvoices(
        models,
        orgId,
        page.docs.filter((i) => i.series === 'final').map((i) => i._id),
      );
      return c.json(
        {
          hasMore: page.hasMore,
          nextCursor: page.nextCursor,
          data: page.docs.map((i) => ({ ...toInvoiceDto(i), ...(disputed.has(i._id) ? { status: 'disputed' } : {}) })),
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/organizations/{orgId}/invoices/{invoiceId}/pdf',
      tags: ['Invoices'],
      summary: 'Download an invoice as PDF',
      request: { params: InvoiceParams },
      responses: {
        200: { content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The PDF' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { orgId, invoiceId } = c.req.valid('param');
      const invoice = await models.Invoice.findById(invoiceId, { number: 1, orgId: 1 }).lean();
      const pdf = invoice?.orgId === orgId ? await loadInvoicePdf(models, invoiceId) : undefined;
      if (!invoice || !pdf) throw notFound('invoice');
      return c.body(new Uint8Array(pdf), 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${invoice.number}.pdf"`,
      });
    },
  );

  return router;
}
