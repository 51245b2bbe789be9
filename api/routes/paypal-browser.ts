/**
 * Where PayPal sends the payer's browser back: no API key, so anyone with a link (or a guess) may call
 * these. The attempt id in the path ties the visit to one set-up and is checked against the running attempt
 * before anything reaches its workflow; PayPal (not this request) has the last word on approval, which the
 * workflow checks before saving anything; and the answers say what happened, never who the payer is.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { createRoute } from '@hono/zod-openapi';
import { cancelPayPalSetupUpdate, paypalApprovalSignal, paypalSetupStatusQuery, paypalSetupWorkflowId } from '../../workflows/definitions';
import { conflict } from '../errors';
import { publicRateLimit } from '../middleware/rate-limit';
import { createRouter } from '../router';
import { ErrorSchema, errorResponses } from '../schemas';
import { sendUpdate } from '../temporal-errors';
import type { AppDeps } from '../types';
import { ok, PayPalReturnSchema, ReturnParams, ReturnQuery } from './payment-methods.schemas';

const noAttempt = () => conflict('no PayPal set-up is awaiting approval for this link');
const errorAnswer = (description: string) => ({ content: { 'application/json': { schema: ErrorSchema } }, description });

export function paypalBrowserRoutes({ config, temporal }: AppDeps) {
  const router = createRouter();
  router.use('/paypal/setup/*', publicRateLimit(config.PUBLIC_ROUTE_RATE_LIMIT));

  /** The set-up this link belongs to, if it is the organization's latest attempt; undefined otherwise. */
  async function attemptOf(orgId: string, attemptId: string) {
    try {
      const status = await temporal.workflow.getHandle(paypalSetupWorkflowId(orgId)).query(paypalSetupStatusQuery);
      return status.attemptId === attemptId ? status : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/paypal/setup/{orgId}/{attemptId}/return',
      tags: ['Payment methods'],
      summary: "PayPal's return URL after the payer approved (browser redirect, no API key)",
      security: [],
      request: { params: ReturnParams, query: ReturnQuery },
      responses: {
        202: ok(PayPalReturnSchema, 'Approval received'),
        200: ok(PayPalReturnSchema, 'Already set up, or no longer awaiting approval'),
        409: errorAnswer('Nothing awaits approval for this link'),
        429: errorAnswer('Too many requests from this address'),
        400: errorResponses[400],
        500: errorResponses[500],
      },
    }),
    async (c) => {
      const { orgId, attemptId } = c.req.valid('param');
      const { approval_token_id: setupTokenId } = c.req.valid('query');
      const attempt = await attemptOf(orgId, attemptId);
      if (!attempt) throw noAttempt();
      if (attempt.state !== 'awaiting_approval') {
        const active = attempt.state === 'active';
        return c.json(
          {
            received: false,
            state: attempt.state,
            message: active
              ? 'Your PayPal billing agreement is already set up.'
              : `This PayPal set-up is ${attempt.state.replace(/_/g, ' ')}.`,
          },
          200,
        );
      }
      await temporal.workflow
        .getHandle(paypalSetupWorkflowId(orgId))
        .signal(paypalApprovalSignal, { source: 'return', attemptId, ...(setupTokenId ? { setupTokenId } : {}) });
      return c.json(
        {
          received: true,
          state: 'approval_received',
          message:
            'Thank you: your PayPal approval was received. We confirm it with PayPal and e-mail you when it is set up; you can close this page.',
        },
        202,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/paypal/setup/{orgId}/{attemptId}/cancel',
      tags: ['Payment methods'],
      summary: "PayPal's cancel URL when the payer cancelled at PayPal (browser redirect, no API key)",
      security: [],
      request: { params: ReturnParams, query: ReturnQuery },
      responses: {
        200: ok(PayPalReturnSchema, 'Cancelled'),
        404: errorAnswer('The link belongs to another attempt'),
        409: errorAnswer('Nothing awaits approval'),
        429: errorAnswer('Too many requests from this address'),
        400: errorResponses[400],
        500: errorResponses[500],
      },
    }),
    async (c) => {
      const { orgId, attemptId } = c.req.valid('param');
      // The workflow's validator refuses another attempt's link without recording anything.
      const status = await sendUpdate(
        () =>
          temporal.workflow
            .getHandle(paypalSetupWorkflowId(orgId))
            .executeUpdate(cancelPayPalSetupUpdate, { args: [{ by: 'the payer, at PayPal', reason: 'cancelled at PayPal', attemptId }] }),
        noAttempt,
      );
      const cancelled = status.state === 'cancelled';
      return c.json(
        {
          received: true,
          state: status.state,
          message: cancelled ? 'The PayPal set-up is cancelled.' : 'Your PayPal approval arrived first: the billing agreement is set up.',
        },
        200,
      );
    },
  );

  return router;
}
