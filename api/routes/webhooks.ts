/**
 * Provider webhooks. No API key: each provider proves the event is its own, then the event id is recorded
 * so a replayed delivery is acknowledged without being acted on twice. Set-up events only ever signal a running
 * set-up workflow, which checks the provider's state itself before saving anything.
 *
 * Stripe: `stripe.webhooks.constructEvent` checks the `Stripe-Signature` header (HMAC-SHA256 of
 * "<timestamp>.<raw body>" with the endpoint's secret, STRIPE_WEBHOOK_SECRET) and refuses a timestamp more
 * than 5 minutes away, so a captured delivery cannot be replayed later either.
 *
 * PayPal: its signature is an RSA signature over "<transmission id>|<time>|<webhook id>|<CRC32 of body>"
 * made with a certificate PayPal publishes. We have PayPal check it: POST /v1/notifications/verify-webhook-
 * signature with the PAYPAL-* headers, our webhook id (PAYPAL_WEBHOOK_ID) and the event, sent through the
 * SDK client's own request builder (same OAuth token, same host override). Only `verification_status:
 * SUCCESS` is accepted. Refusals say why: headers missing, webhook id not configured, PayPal said FAILURE,
 * or PayPal could not be asked (503, so PayPal delivers again later).
 *
 * To subscribe: in Stripe, an endpoint at <PUBLIC_BASE_URL>/v1/webhooks/stripe for setup_intent.succeeded,
 * setup_intent.setup_failed, charge.refunded, charge.refund.updated, charge.dispute.created, charge.dispute.closed,
 * payment_intent.succeeded and payment_method.detached (its signing secret is STRIPE_WEBHOOK_SECRET); in PayPal's
 * app settings, a webhook at <PUBLIC_BASE_URL>/v1/webhooks/paypal for VAULT.PAYMENT-TOKEN.CREATED,
 * VAULT.PAYMENT-TOKEN.DELETED, PAYMENT.CAPTURE.REFUNDED and PAYMENT.CAPTURE.REVERSED (its id is PAYPAL_WEBHOOK_ID).
 * The money events are handled in api/provider-events.ts.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { createRoute, z } from '@hono/zod-openapi';
import Stripe from 'stripe';
import { createPayPalClient, type PayPalClient } from '../../providers/paypal';
import { createStripeClient, type StripeClient } from '../../providers/stripe';
import { cardSetupEventSignal, cardSetupWorkflowId, paypalApprovalSignal, paypalSetupWorkflowId } from '../../workflows/definitions';
import { ApiError } from '../errors';
import { createProviderEventHandlers } from '../provider-events';
import { createRouter } from '../router';
import { ErrorSchema } from '../schemas';
import type { AppDeps } from '../types';
import { isDuplicateKey } from '../../models/duplicate-key';

const AckSchema = z
  .object({
    received: z.literal(true),
    duplicate: z.boolean().openapi({ description: 'This event id was received before; it was not processed again' }),
    outcome: z.string().optional(),
  })
  .openapi('WebhookAck');

const refused = (description: string) => ({ content: { 'application/json': { schema: ErrorSchema } }, description });
const webhookResponses = {
  200: { content: { 'application/json': { schema: AckSchema } }, description: 'Accepted' },
  400: refused('Signature missing, invalid or stale; or not an event'),
  409: refused('This event is being processed by another delivery; the provider delivers it again'),
  413: refused('Body too large (256 KB)'),
  500: refused('Not processed; the provider delivers it again'),
  503: refused('Cannot be verified right now; the provider delivers it again'),
} as const;

/** Longer than any effect takes (a signal to a workflow): an event unfinished after this was cut short. */
const EVENT_LOCK_TIMEOUT_MS = 60_000;

const invalidSignature = (message: string) => new ApiError(400, 'invalid_signature', message);

const PAYPAL_HEADERS = {
  transmission_id: 'paypal-transmission-id',
  transmission_time: 'paypal-transmission-time',
  transmission_sig: 'paypal-transmission-sig',
  cert_url: 'paypal-cert-url',
  auth_algo: 'paypal-auth-algo',
} as const;

export interface WebhookClients {
  stripe: StripeClient;
  paypal: PayPalClient;
}

export function webhookRoutes(deps: AppDeps, clients: Partial<WebhookClients> = {}) {
  const { models, config, temporal } = deps;
  const stripe = clients.stripe ?? createStripeClient(config);
  const paypal = clients.paypal ?? createPayPalClient(config);
  const router = createRouter();
  const moneyEvents = createProviderEventHandlers({ models, temporal, config, stripe });

  /**
   * Records the event id; false when it was processed already (a replay). A delivery still being processed
   * elsewhere answers 409, so the provider delivers again: acknowledging it would lose the event if that
   * first processing fails. One unfinished for longer than EVENT_LOCK_TIMEOUT_MS was cut short (a crash) and
   * is taken over.
   */
  async function firstDelivery(provider: 'stripe' | 'paypal', eventId: string, type: string, orgId?: string): Promise<boolean> {
    const _id = `${provider}:${eventId}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await models.WebhookEvent.create({ _id, provider, eventId, type, orgId, receivedAt: new Date() });
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const recorded = await models.WebhookEvent.findById(_id).lean();
      if (!recorded) continue; // its processing failed meanwhile and forgot it
      if (recorded.outcome !== undefined && recorded.outcome !== null) return false;
      if (Date.now() - recorded.receivedAt.getTime() <= EVENT_LOCK_TIMEOUT_MS) break;
      await models.WebhookEvent.deleteOne({ _id, receivedAt: recorded.receivedAt });
    }
    throw new ApiError(409, 'in_progress', 'this event is being processed; deliver it again later');
  }

  /**
   * Runs the event's effect; if that throws, forgets the event id so the provider's next delivery is
   * processed (both providers retry anything but a 2xx).
   */
  async function processOnce(
    provider: 'stripe' | 'paypal',
    eventId: string,
    type: string,
    orgId: string | undefined,
    effect: () => Promise<string>,
  ) {
    if (!(await firstDelivery(provider, eventId, type, orgId))) return { received: true as const, duplicate: true };
    let outcome: string;
    try {
      outcome = await effect();
    } catch (error) {
      await models.WebhookEvent.deleteOne({ _id: `${provider}:${eventId}` });
      throw error;
    }
    await models.WebhookEvent.updateOne({ _id: `${provider}:${eventId}` }, { $set: { outcome } });
    return { received: true as const, duplicate: false, outcome };
  }

  /** Signals a set-up workflow; a set-up that already ended is no error (it checked the provider itself). */
  async function signal<T>(workflowId: string, send: () => Promise<T>): Promise<string> {
    try {
      await send();
      return `signalled ${workflowId}`;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return `ignored: ${workflowId} is not running`;
      throw error;
    }
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/stripe',
      tags: ['Webhooks'],
      summary: 'Stripe events (card set-ups, refunds, disputes, payments, detached cards), signed with the endpoint secret',
      security: [],
      responses: webhookResponses,
    }),
    async (c) => {
      const signature = c.req.header('stripe-signature');
      if (!signature) throw invalidSignature('missing Stripe-Signature header');
      const payload = await c.req.text();
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(payload, signature, config.STRIPE_WEBHOOK_SECRET);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeSignatureVerificationError)
          throw invalidSignature(`Stripe signature rejected: ${error.message}`);
        throw invalidSignature(`not a Stripe event: ${error instanceof Error ? error.message : String(error)}`);
      }
      const object = event.data.object as { id?: string; object?: string; metadata?: Record<string, string> | null };
      const orgId = object.metadata?.orgId;
      const ack = await processOnce('stripe', event.id, event.type, orgId, async () => {
        const handled = await moneyEvents.onStripe(event);
        if (handled !== undefined) return handled;
        if (event.type !== 'setup_intent.succeeded' && event.type !== 'setup_intent.setup_failed')
          return `ignored: ${event.type} is not handled`;
        if (!orgId || !object.id) return 'ignored: the SetupIntent names no organization';
        const workflowId = cardSetupWorkflowId(orgId);
        return signal(workflowId, () =>
          temporal.workflow
            .getHandle(workflowId)
            .signal(cardSetupEventSignal, { setupIntentId: object.id!, source: 'webhook', eventId: event.id }),
        );
      });
      return c.json(ack, 200);
    },
  );

  async function verifyPayPal(headers: Record<keyof typeof PAYPAL_HEADERS, string>, event: unknown): Promise<void> {
    if (!config.PAYPAL_WEBHOOK_ID)
      throw new ApiError(503, 'not_configured', 'PayPal webhooks cannot be verified: PAYPAL_WEBHOOK_ID is not configured');
    let status: string | undefined;
    try {
      const request = paypal.getRequestBuilderFactory()('POST', '/v1/notifications/verify-webhook-signature');
      request.header('Content-Type', 'application/json');
      request.json({ ...headers, webhook_id: config.PAYPAL_WEBHOOK_ID, webhook_event: event });
      request.authenticate([{ oauth2: true }]);
      const { result } = await request.callAsText();
      status = (JSON.parse(result) as { verification_status?: string }).verification_status;
    } catch (error) {
      // Only the status goes into the answer: the SDK's error also holds the request with our bearer token.
      const code = (error as { statusCode?: number }).statusCode;
      throw new ApiError(
        503,
        'verification_unavailable',
        `could not verify the webhook with PayPal${code ? ` (HTTP ${code})` : ''}; deliver it again later`,
      );
    }
    if (status !== 'SUCCESS')
      throw invalidSignature(`PayPal did not verify this webhook's signature (verification_status ${status ?? 'missing'})`);
  }

  router.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/paypal',
      tags: ['Webhooks'],
      summary:
        "PayPal events (billing agreements, refunds, reversals, deleted tokens), verified with PayPal's verify-webhook-signature API",
      security: [],
      responses: webhookResponses,
    }),
    async (c) => {
      const missing = Object.values(PAYPAL_HEADERS).filter((name) => !c.req.header(name));
      if (missing.length > 0)
        throw invalidSignature(`missing PayPal signature header${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
      const headers = Object.fromEntries(Object.entries(PAYPAL_HEADERS).map(([field, name]) => [field, c.req.header(name)!])) as Record<
        keyof typeof PAYPAL_HEADERS,
        string
      >;
      let event: {
        id?: unknown;
        event_type?: unknown;
        resource?: {
          id?: string;
          customer?: { merchant_customer_id?: string };
          custom_id?: string;
          links?: { rel?: string; href?: string }[];
        };
      };
      try {
        event = JSON.parse(await c.req.text());
      } catch {
        throw invalidSignature('the body is not a JSON PayPal event');
      }
      if (typeof event?.id !== 'string' || typeof event.event_type !== 'string')
        throw invalidSignature('the body is not a PayPal event (no id or event_type)');
      await verifyPayPal(headers, event);

      const type = event.event_type;
      const orgId = event.resource?.customer?.merchant_customer_id;
      const ack = await processOnce('paypal', event.id, type, orgId, async () => {
        const handled = await moneyEvents.onPayPal({ id: String(event.id), event_type: type, resource: event.resource });
        if (handled !== undefined) return handled;
        if (type !== 'VAULT.PAYMENT-TOKEN.CREATED') return `ignored: ${type} is not handled`;
        const paymentTokenId = event.resource?.id;
        if (!orgId || !paymentTokenId) return 'ignored: the payment token names no organization';
        const workflowId = paypalSetupWorkflowId(orgId);
        return signal(workflowId, () =>
          temporal.workflow
            .getHandle(workflowId)
            .signal(paypalApprovalSignal, { source: 'webhook', paymentTokenId, eventId: String(event.id) }),
        );
      });
      return c.json(ack, 200);
    },
  );

  return router;
}
