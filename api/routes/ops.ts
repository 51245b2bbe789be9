import { createRoute, z } from '@hono/zod-openapi';
import { cancelTopUpByOperator, markPaidByOperator, resendProformaByOperator } from '../operator-actions';
import { requireAdmin } from '../middleware/auth';
import { createRouter } from '../router';
import { adminErrorResponses, CurrencyCode, IdempotencyHeader, MinorUnits, PositiveMinorUnits } from '../schemas';
import type { AppDeps } from '../types';

const OrderParam = z.object({
  orderId: z
    .string()
    .min(1)
    .max(120)
    .openapi({ param: { name: 'orderId', in: 'path' }, description: 'The order id, or its workflow id URL-encoded', example: 'top_3f9a…' }),
});

/** Who asks and why: the shared admin key does not say who is at the keyboard, so the operator does. */
export const OperatorRequestSchema = z
  .object({
    by: z.string().trim().min(1).max(100).openapi({ description: 'The operator, as the audit log should name them', example: 'alice@ops' }),
    reason: z.string().trim().min(1).max(500).openapi({ example: 'customer asked by phone' }),
  })
  .openapi('OperatorRequest');

const ManualPaymentSchema = OperatorRequestSchema.extend({
  bankTxId: z.string().trim().min(1).max(100).openapi({ description: 'The bank transaction id; credited once, whoever reports it' }),
  amountMinor: PositiveMinorUnits,
  valueDate: z.iso.date().optional().openapi({ description: 'Defaults to today', example: '2026-11-25' }),
}).openapi('ManualPayment');

const TopUpWorkflowStatusSchema = z
  .object({
    orderId: z.string(),
    orgId: z.string(),
    state: z.string(),
    amountMinor: MinorUnits,
    receivedMinor: MinorUnits,
    currency: CurrencyCode,
    creditedTxIds: z.array(z.string()),
    remindersSent: z.number(),
    proformaResends: z.number().optional(),
  })
  .openapi('TopUpWorkflowStatus');

const toDto = (status: z.infer<typeof TopUpWorkflowStatusSchema>) => {
  const { orderId, orgId, state, amountMinor, receivedMinor, currency, creditedTxIds, remindersSent, proformaResends } = status;
  return {
    orderId,
    orgId,
    state,
    amountMinor,
    receivedMinor,
    currency,
    creditedTxIds,
    remindersSent,
    ...(proformaResends === undefined ? {} : { proformaResends }),
  };
};

const action = (path: string, summary: string, description: string, body: z.ZodType) =>
  createRoute({
    method: 'post',
    path,
    tags: ['Operations'],
    summary,
    description: `${description} Sent to the order's workflow as an Update carrying \`by\` and \`reason\`; the workflow validates it, and its history is the audit log.`,
    request: {
      params: OrderParam,
      headers: IdempotencyHeader,
      body: { content: { 'application/json': { schema: body } }, required: true },
    },
    responses: {
      200: {
        content: { 'application/json': { schema: TopUpWorkflowStatusSchema } },
        description: 'The order as the workflow sees it after the action',
      },
      ...adminErrorResponses,
    },
  });

/** Operator actions on top-up orders (admin key); the ops CLI calls the same functions. */
export function opsRoutes(deps: AppDeps) {
  const router = createRouter();
  router.use('/admin/top-ups/*', requireAdmin);

  /** An action on the order named in the path, with the operator's request as its body; answers the order after it. */
  function operatorAction<Body extends z.ZodType>(
    route: { path: string; summary: string; description: string; body: Body },
    act: (deps: AppDeps, orderId: string, request: z.infer<Body>) => Promise<z.infer<typeof TopUpWorkflowStatusSchema>>,
  ) {
    router.openapi(action(route.path, route.summary, route.description, route.body), async (c) => {
      const { orderId } = c.req.valid('param');
      return c.json(toDto(await act(deps, orderId, c.req.valid('json') as z.infer<Body>)), 200);
    });
  }

  operatorAction(
    {
      path: '/admin/top-ups/{orderId}/cancel',
      summary: 'Cancel an order that has received no payment (admin key)',
      description: 'Refused (409) once any payment arrived or the order closed.',
      body: OperatorRequestSchema,
    },
    cancelTopUpByOperator,
  );
  operatorAction(
    {
      path: '/admin/top-ups/{orderId}/mark-paid',
      summary: 'Credit a bank transfer to an order by hand (admin key)',
      description:
        'For a transfer that reached the bank account but not its order, e.g. with a mistyped reference: it is credited to the balance once, and its bank-credit record becomes matched. Refused (409) when the bank reported the transaction with another amount or for another order, when it is already credited, or when the order is closed.',
      body: ManualPaymentSchema,
    },
    markPaidByOperator,
  );
  operatorAction(
    {
      path: '/admin/top-ups/{orderId}/resend-proforma',
      summary: 'E-mail the proforma invoice again (admin key)',
      description: "To the organization's current billing address, with the same PDF. Refused (409) once the order closed.",
      body: OperatorRequestSchema,
    },
    resendProformaByOperator,
  );

  return router;
}
