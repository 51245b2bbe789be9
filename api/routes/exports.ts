/**
 * Finance exports (admin key), CSV streamed from a database cursor (reports/finance-exports.ts): invoices and
 * credit notes of a period, the ledger, the VAT report. The same exports are `npm run ops -- export …`.
 */
import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { invoicesExport, ledgerExport, vatReport, type CsvExport } from '../../reports/finance-exports';
import { requireAdmin } from '../middleware/auth';
import { createRouter } from '../router';
import { adminErrorResponses } from '../schemas';
import type { AppDeps } from '../types';

const day = z.iso.date().openapi({ example: '2026-11-01' });
export const PeriodQuery = z
  .object({
    from: day.openapi({ description: 'First day (UTC), included' }),
    to: day.openapi({ description: 'Last day (UTC), excluded', example: '2026-12-01' }),
  })
  .refine((p) => p.from < p.to, { path: ['to'], message: 'must be after from' });

export const periodOf = (query: { from: string; to: string }) => ({
  from: new Date(`${query.from}T00:00:00Z`),
  to: new Date(`${query.to}T00:00:00Z`),
});

const csvResponse = (description: string) => ({
  200: { content: { 'text/csv': { schema: z.string() } }, description },
  ...adminErrorResponses,
});

const exportRoute = <Q extends z.ZodObject>(path: string, summary: string, query: Q, description: string) =>
  createRoute({ method: 'get', path, tags: ['Exports'], summary, request: { query }, responses: csvResponse(description) });

export function exportRoutes({ models, config }: AppDeps) {
  const router = createRouter();
  router.use('/admin/exports/*', requireAdmin);
  const send = async (exported: CsvExport, filename: string) =>
    new Response(Readable.toWeb(await exported.stream()) as ReadableStream, {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
    });

  router.openapi(
    exportRoute(
      '/admin/exports/invoices',
      'Final invoices and credit notes of a period, as CSV (admin key)',
      PeriodQuery,
      'One row per document: number, date, organization, external id, net and VAT per rate, totals, currency, status, how it was paid; credit notes negative',
    ),
    async (c) => {
      const query = c.req.valid('query');
      return send(invoicesExport(models, periodOf(query)), `invoices-${query.from}-${query.to}.csv`) as never;
    },
  );

  router.openapi(
    exportRoute(
      '/admin/exports/ledger',
      'The ledger of one organization or all, as CSV (admin key)',
      z.object({ orgId: z.string().min(1).max(64).optional().openapi({ description: 'Absent: every organization' }) }),
      'Every entry in chain order with the balance after it',
    ),
    async (c) => {
      const { orgId } = c.req.valid('query');
      return send(ledgerExport(models, orgId), `ledger-${orgId ?? 'all'}.csv`) as never;
    },
  );

  router.openapi(
    exportRoute(
      '/admin/exports/vat',
      'VAT report of a period per rate and buyer country, reverse charge apart, as CSV (admin key)',
      PeriodQuery,
      'Net and VAT of invoices minus credit notes per currency, buyer country and rate',
    ),
    async (c) => {
      const query = c.req.valid('query');
      return send(vatReport(models, periodOf(query), config.SELLER_VAT_ID), `vat-${query.from}-${query.to}.csv`) as never;
    },
  );

  return router;
}
