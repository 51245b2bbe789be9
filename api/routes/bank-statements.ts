import { createRoute, z } from '@hono/zod-openapi';
import { CSV_PRESETS, StatementFormatError, type CsvMapping } from '../../domain/bank-statements';
import { ApiError, conflict, notFound } from '../errors';
import { requireAdmin } from '../middleware/auth';
import { markPaidByOperator, returnBankCreditByOperator } from '../operator-actions';
import { createRouter } from '../router';
import { adminErrorResponses, MinorUnits } from '../schemas';
import { createStatementImporter } from '../bank-statement-importer';
import type { AppDeps } from '../types';

const SuggestionSchema = z.object({ orderId: z.string(), proformaNumber: z.string(), why: z.string() });

const ImportReportSchema = z
  .object({
    importId: z.string().openapi({ description: 'Derived from the file bytes: the same file always has the same id' }),
    filename: z.string().optional(),
    format: z.enum(['camt.053', 'camt.054', 'mt940', 'csv']),
    messageType: z.string().openapi({ example: 'camt.053.001.08' }),
    statementIds: z.array(z.string()),
    runs: z.number().int().openapi({ description: 'How many times this file was imported, this one included' }),
    counts: z.object({
      read: z.number().int(),
      credited: z.number().int(),
      duplicate: z.number().int(),
      unmatched: z.number().int(),
      returned: z.number().int(),
      debit: z.number().int(),
      'other-account': z.number().int(),
    }),
    totals: z.array(
      z.object({
        currency: z.string(),
        creditedMinor: MinorUnits,
        duplicateMinor: MinorUnits,
        unmatchedMinor: MinorUnits,
        returnedMinor: MinorUnits,
        debitMinor: MinorUnits,
      }),
    ),
    entries: z.array(
      z.object({
        location: z.string().openapi({ example: 'Stmt[1]/Ntry[3]' }),
        bankTxId: z.string().openapi({ description: "The entry's identity: the bank's reference on that account, or a content hash" }),
        direction: z.enum(['credit', 'debit']),
        amountMinor: MinorUnits,
        currency: z.string(),
        valueDate: z.string(),
        outcome: z.enum(['credited', 'duplicate', 'unmatched', 'returned', 'debit', 'other-account']),
        rung: z.enum(['structured-reference', 'reference-in-text', 'proforma-number']).optional(),
        orderId: z.string().optional(),
        reason: z.string().optional(),
        suggestions: z.array(SuggestionSchema).optional(),
      }),
    ),
    timings: z.object({ parseAndMatchSeconds: z.number(), applySeconds: z.number() }),
  })
  .openapi('BankStatementImport');

const OperatorFields = {
  by: z.string().trim().min(1).max(100).openapi({ description: 'The operator, as the audit log should name them', example: 'alice@ops' }),
  reason: z.string().trim().min(1).max(500).openapi({ example: 'customer wrote the proforma number with a typo' }),
};

const BankTxParam = z.object({
  bankTxId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'bankTxId', in: 'path' }, description: 'The bank credit id, URL-encoded', example: 'BANKREF0001' }),
});

const CreditStateSchema = z
  .object({ bankTxId: z.string(), status: z.string(), orderId: z.string().optional(), reason: z.string().optional() })
  .openapi('BankCreditState');

const RAW_TYPES = ['application/xml', 'text/xml', 'text/plain', 'text/csv', 'application/octet-stream'] as const;

/** A CSV mapping sent along with the file: a preset's name, or a mapping file (JSON). */
function csvMappingOf(preset: string | undefined, mapping: string | undefined): CsvMapping | string | undefined {
  if (mapping) {
    try {
      return JSON.parse(mapping) as CsvMapping;
    } catch {
      throw new ApiError(400, 'invalid_request', 'mapping: not JSON', [{ field: 'mapping', message: 'not JSON' }]);
    }
  }
  if (preset && !(preset in CSV_PRESETS)) {
    throw new ApiError(400, 'invalid_request', `csv: one of ${Object.keys(CSV_PRESETS).join(', ')}`, [
      { field: 'csv', message: 'unknown preset' },
    ]);
  }
  return preset;
}

/**
 * Bank statements in (admin key): a camt.053/camt.054, MT940 or CSV file as the raw body or as the `file`
 * field of a multipart form, up to BANK_STATEMENT_MAX_BYTES. And the unmatched queue's two actions.
 */
export function bankStatementRoutes(deps: AppDeps) {
  const { models, config } = deps;
  const importer = createStatementImporter(deps);
  const router = createRouter();
  router.use('/admin/bank-statements', requireAdmin);
  router.use('/admin/bank-credits/:bankTxId/*', requireAdmin);
  // The body's limit (BANK_STATEMENT_MAX_BYTES) is applied with the others, before anything reads it (api/middleware/body-limits.ts).

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/bank-statements',
      tags: ['Bank reconciliation'],
      summary: 'Import a bank statement: camt.053 / camt.054 (.001.02–.13), MT940 or CSV (admin key)',
      description:
        'The file is the raw body (Content-Type application/xml, text/plain, text/csv or application/octet-stream) or the `file` field of a ' +
        'multipart form. CSV needs its column mapping: `csv` (a preset: generic, de-semicolon) or `mapping` (a mapping file, JSON), as ' +
        'query parameters or form fields. At most BANK_STATEMENT_MAX_BYTES (25 MiB by default; 413 beyond). A malformed file is refused ' +
        'whole (400, `error.field` names the line or element) and nothing from it is applied. Importing a file again, or an overlapping ' +
        'statement, credits nothing twice.',
      request: {
        query: z.object({
          csv: z.string().optional().openapi({ description: 'CSV preset: generic or de-semicolon' }),
          filename: z.string().max(255).optional(),
        }),
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: z.object({
                file: z.any().optional().openapi({ type: 'string', format: 'binary', description: 'The statement file (required)' }),
                csv: z.string().optional(),
                mapping: z.string().optional().openapi({ description: 'A CSV mapping file (JSON)' }),
              }),
            },
            ...Object.fromEntries(RAW_TYPES.map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }])),
          },
        },
      },
      responses: {
        200: { content: { 'application/json': { schema: ImportReportSchema } }, description: 'The import report' },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      let bytes: Buffer;
      let filename = query.filename;
      let csv = csvMappingOf(query.csv, undefined);
      if ((c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
        const form = await c.req.parseBody();
        const file = form.file;
        if (!(file instanceof File))
          throw new ApiError(400, 'invalid_request', 'file: attach the statement as "file"', [{ field: 'file', message: 'required' }]);
        bytes = Buffer.from(await file.arrayBuffer());
        filename ??= file.name;
        const mapping = form.mapping instanceof File ? await form.mapping.text() : (form.mapping as string | undefined);
        csv = csvMappingOf((form.csv as string | undefined) ?? query.csv, mapping);
      } else {
        bytes = Buffer.from(await c.req.arrayBuffer());
      }
      if (bytes.length === 0)
        throw new ApiError(400, 'invalid_request', 'body: the statement file is empty', [{ field: 'body', message: 'empty' }]);
      try {
        const report = await importer.importStatement(bytes, { filename, source: 'api', csv });
        c.get('logger')?.info({ importId: report.importId, counts: report.counts }, 'bank statement imported');
        return c.json(report, 200);
      } catch (error) {
        if (!(error instanceof StatementFormatError)) throw error;
        throw new ApiError(400, 'invalid_statement', `the statement was refused whole, nothing applied: ${error.message}`, [
          { field: error.where, message: error.message },
        ]);
      }
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/bank-credits/{bankTxId}/match',
      tags: ['Bank reconciliation'],
      summary: 'Match an unmatched credit to an order (admin key)',
      description:
        "Sent to the order's workflow as the audited markPaidByHand Update (who and why in its history), with the amount and value date " +
        'the bank reported; the credit is then matched and credited once. Refused (409) unless the credit is unmatched and the order open.',
      request: {
        params: BankTxParam,
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ orderId: z.string().min(1).max(120), ...OperatorFields }) } },
        },
      },
      responses: {
        200: { content: { 'application/json': { schema: CreditStateSchema } }, description: 'The credit, now matched' },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const { bankTxId } = c.req.valid('param');
      const { orderId, by, reason } = c.req.valid('json');
      const credit = await models.BankCredit.findById(bankTxId).lean();
      if (!credit) throw notFound('bank credit');
      if (credit.status !== 'unmatched') throw conflict(`the credit is ${credit.status}, not unmatched`);
      await markPaidByOperator(deps, orderId, { bankTxId, amountMinor: credit.amountMinor, valueDate: credit.valueDate, by, reason });
      const after = await models.BankCredit.findById(bankTxId).lean();
      return c.json(
        { bankTxId, status: after!.status, orderId: after!.topUpOrderId ?? undefined, reason: after!.reason ?? undefined },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/bank-credits/{bankTxId}/return',
      tags: ['Bank reconciliation'],
      summary: 'Record that an unmatched credit was sent back to the payer (admin key)',
      description: 'The transfer back is made at the bank; this records who returned it and why, and takes it off the unmatched queue.',
      request: { params: BankTxParam, body: { required: true, content: { 'application/json': { schema: z.object(OperatorFields) } } } },
      responses: {
        200: { content: { 'application/json': { schema: CreditStateSchema } }, description: 'The credit, now returned' },
        ...adminErrorResponses,
      },
    }),
    async (c) => {
      const { bankTxId } = c.req.valid('param');
      const { by, reason } = c.req.valid('json');
      const returned = await returnBankCreditByOperator(deps, bankTxId, { by, reason });
      c.get('logger')?.info({ bankTxId, by }, 'bank credit returned to the payer');
      return c.json(returned, 200);
    },
  );

  return router;
}
