import { z } from '@hono/zod-openapi';
import { CURRENCIES } from '../domain/money';

// Safe integers only, and said so in the document (zod's int() checks the range but does not publish it).
export const MinorUnits = z
  .int()
  .min(Number.MIN_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ description: "Integer amount in the currency's minor unit (cents)", example: 5000 });
export const PositiveMinorUnits = z
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ description: 'Positive integer amount in minor units', example: 5000 });
export const CurrencyCode = z.enum(CURRENCIES).openapi({ description: 'ISO 4217 currency code', example: 'EUR' });
export const MoneySchema = z.object({ amountMinor: MinorUnits, currency: CurrencyCode }).openapi('Money');

export const PlanSchema = z
  .object({
    setupFeeMinor: MinorUnits.min(0),
    monthlyFeeMinor: MinorUnits.min(0),
    usagePrices: z
      .array(z.object({ metric: z.string().min(1).max(64), unit: z.string().min(1).max(32), unitPriceMinor: MinorUnits.min(0) }))
      .max(50)
      .default([]),
  })
  .openapi('Plan');

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      field: z.string().optional().openapi({ description: 'The first offending field' }),
      issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
    requestId: z.string(),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({ content: { 'application/json': { schema: ErrorSchema } }, description });

/** The error answers every authenticated route may give; spread into each route's `responses`. */
export const errorResponses = {
  400: errorResponse('Invalid request: malformed JSON, wrong types or values; `error.field` names the field'),
  401: errorResponse('Missing or unknown API key'),
  404: errorResponse('Not found, or not visible to this key'),
  409: errorResponse('Conflicts with the current state'),
  413: errorResponse('Request body too large (64 KB; bank batches 1 MB, webhooks 256 KB)'),
  422: errorResponse('Idempotency-Key reused with a different body, or a limit reached (usage per cycle); `error.field` names the field'),
  500: errorResponse('Internal error'),
} as const;

/** Routes behind the admin key also answer 403 to an organization's key. */
export const adminErrorResponses = {
  ...errorResponses,
  403: errorResponse('This route needs the admin key'),
} as const;

export const OrgIdParam = z.object({
  orgId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'orgId', in: 'path' }, example: 'org_3f9a…' }),
});

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional()
    .openapi({ description: 'Replays the first answer for the same key and body: 1-255 printable ASCII characters, no spaces' }),
});
