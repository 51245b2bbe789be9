/**
 * A small, stateful stand-in for the few Stripe endpoints we call, for the real `stripe` SDK to talk to
 * (STRIPE_API_BASE). stripe-mock validates requests against Stripe's OpenAPI spec but never changes state,
 * so the behaviour paths (a SetupIntent that succeeds or fails, a declined card, authentication required, a
 * 500 and then success) run here. Shapes follow Stripe's API reference:
 *
 *  - POST /v1/customers; POST /v1/setup_intents, GET /v1/setup_intents/{id}, POST /v1/setup_intents/{id}/cancel;
 *    GET /v1/payment_methods/{id}, POST /v1/payment_methods/{id}/detach; POST /v1/payment_intents (confirm,
 *    off_session); POST /v1/refunds (by payment_intent or charge, never more than was captured and not yet
 *    refunded: 400 charge_already_refunded / amount too large), GET /v1/refunds?charge=….
 *  - Dashboard actions and what Stripe then sends: a refund made in the Dashboard (`charge.refunded`; one left
 *    `pending`, as some payment methods leave it, then settled: `charge.refund.updated`), a dispute
 *    opened and closed (`charge.dispute.created` / `charge.dispute.closed`), a card detached
 *    (`payment_method.detached`).
 *  - Form-encoded bodies with bracket keys (`metadata[orgId]=…`), `Authorization: Bearer <secret key>`.
 *  - Errors as `{ error: { type, code, message, decline_code, param, doc_url, payment_intent } }` with Stripe's
 *    status codes: 400 invalid_request_error, 401, 402 card_error, 404 resource_missing, 500 api_error.
 *  - Idempotency-Key: the same key and parameters replay the first answer (`Idempotent-Replayed: true`);
 *    other parameters are a 400 idempotency_error. Injected 500s carry `Stripe-Should-Retry: true` and are
 *    not saved under the key, like a request that never reached the API's handler.
 *
 * Test cards are chosen by name, as with Stripe's test PaymentMethods: `visa` succeeds, `declined` is
 * declined (generic_decline), `authenticationRequired` sets up fine but needs 3-D Secure for off-session
 * charges.
 *
 * What Stripe.js calls from a browser, with the publishable key (`key=pk_test_…`) and the intent's client
 * secret instead of the secret key, answered with CORS headers: POST /v1/setup_intents/{id}/confirm with
 * `payment_method_data` (the card number picks the test card, as Stripe's test numbers do) and POST
 * /v1/payment_intents/{id}/confirm after 3-D Secure.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestCard = 'visa' | 'mastercard' | 'declined' | 'authenticationRequired';

const CARDS: Record<TestCard, { brand: string; last4: string; funding: string; country: string }> = {
  visa: { brand: 'visa', last4: '4242', funding: 'credit', country: 'US' },
  mastercard: { brand: 'mastercard', last4: '4444', funding: 'credit', country: 'US' },
  declined: { brand: 'visa', last4: '0002', funding: 'credit', country: 'US' },
  authenticationRequired: { brand: 'visa', last4: '3155', funding: 'credit', country: 'US' },
};

export interface StripeRequest {
  method: string;
  path: string;
  params: Record<string, unknown>;
  idempotencyKey?: string;
  status?: number;
  replayed?: boolean;
}

type StripeObject = Record<string, any> & { id: string; object: string };

export interface StripeEvent {
  id: string;
  object: 'event';
  type: string;
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: StripeObject };
}

/** Stripe's test card numbers for the behaviours above. */
export const TEST_CARD_NUMBERS: Record<TestCard, string> = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  declined: '4000000000000002',
  authenticationRequired: '4000002500003155',
};

export interface FakeStripe {
  /** For STRIPE_API_BASE. */
  url: string;
  secretKey: string;
  /** For STRIPE_PUBLISHABLE_KEY: what Stripe.js in the browser authenticates with. */
  publishableKey: string;
  requests: StripeRequest[];
  customers: Map<string, StripeObject>;
  setupIntents: Map<string, StripeObject>;
  paymentMethods: Map<string, StripeObject>;
  paymentIntents: Map<string, StripeObject>;
  charges: Map<string, StripeObject>;
  refunds: Map<string, StripeObject>;
  /**
   * A refund made in Stripe's Dashboard (no metadata of ours); answers the `charge.refunded` event. `pending`
   * leaves the refund pending (the charge is refunded all the same, as Stripe does).
   */
  refundInDashboard(paymentIntentId: string, amount?: number, options?: { pending?: boolean }): StripeEvent;
  /** A pending refund settles (succeeded or failed); answers `charge.refund.updated`. */
  settleRefund(refundId: string, status?: 'succeeded' | 'failed'): StripeEvent;
  /** The cardholder disputes the payment; answers `charge.dispute.created`. */
  openDispute(paymentIntentId: string, reason?: string): StripeEvent;
  /** The bank decides; answers `charge.dispute.closed` (status won or lost). */
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): StripeEvent;
  /** The card is detached from its customer outside our API; answers `payment_method.detached`. */
  detachInDashboard(paymentMethodId: string): StripeEvent;
  /**
   * What Stripe.js does in the browser: confirms the SetupIntent with a test card. Answers the event Stripe
   * then sends (`setup_intent.succeeded` or `setup_intent.setup_failed`).
   */
  confirmSetupIntent(setupIntentId: string, card: TestCard): StripeEvent;
  /** A card payment method attached to `customerId`, as a succeeded set-up leaves it. */
  attachCard(customerId: string, card: TestCard): StripeObject;
  event(type: string, object: StripeObject): StripeEvent;
  /** The next `count` requests matching method and path prefix answer 500 (before anything happens). */
  failNext(match: { method: string; path: string }, count?: number): void;
  countRequests(method: string, pathPrefix: string): number;
  /** What Stripe.js does when the customer completes 3-D Secure for an off-session payment that needed it. */
  authenticatePaymentIntent(paymentIntentId: string): StripeEvent;
  /**
   * The events Stripe sends our webhook endpoint for what Stripe.js did in a browser (a confirmed SetupIntent
   * or PaymentIntent), oldest first. The fake delivers nothing itself: a test posts them when it chooses.
   */
  browserEvents: StripeEvent[];
  close(): Promise<void>;
}

const API_VERSION = '2026-10-28.endive';
const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const now = () => Math.floor(Date.now() / 1000);

/** `a[b][0]=x&a[b][1]=y&c=z` → `{ a: { b: ['x', 'y'] }, c: 'z' }`, as Stripe parses it. */
export function parseStripeForm(raw: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.replace(/\]/g, '').split('[');
    let target: any = result;
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(parts[index + 1]);
      const slot = part === '' && Array.isArray(target) ? target.length : part;
      if (last) target[slot] = value;
      else target = target[slot] ??= nextIsIndex ? [] : {};
    });
  }
  return result;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

function stripeError(status: number, error: Record<string, unknown>): Reply {
  return {
    status,
    body: {
      error: {
        ...error,
        ...(error.code ? { doc_url: `https://stripe.com/docs/error-codes/${String(error.code).replace(/_/g, '-')}` } : {}),
      },
    },
  };
}
const missing = (kind: string, value: string, param: string) =>
  stripeError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${value}'` });
const invalid = (message: string, param?: string, code?: string) =>
  stripeError(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}), ...(code ? { code } : {}) });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeStripe(options: { secretKey?: string } = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const publishableKey = `pk_test_${randomBytes(12).toString('hex')}`;
  const requests: StripeRequest[] = [];
  const customers = new Map<string, StripeObject>();
  const setupIntents = new Map<string, StripeObject>();
  const paymentMethods = new Map<string, StripeObject>();
  const paymentIntents = new Map<string, StripeObject>();
  const charges = new Map<string, StripeObject>();
  const refunds = new Map<string, StripeObject>();
  const disputes = new Map<string, StripeObject>();
  const behaviours = new Map<string, TestCard>();
  const idempotent = new Map<string, { hash: string; reply: Reply }>();
  const failures: { method: string; path: string; remaining: number }[] = [];
  const browserEvents: StripeEvent[] = [];

  function newPaymentMethod(card: TestCard, customer: string | null): StripeObject {
    const details = CARDS[card];
    const method: StripeObject = {
      id: id('pm'),
      object: 'payment_method',
      type: 'card',
      created: now(),
      customer,
      livemode: false,
      metadata: {},
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email: null,
        name: null,
        phone: null,
      },
      card: {
        brand: details.brand,
        last4: details.last4,
        exp_month: 12,
        exp_year: new Date().getUTCFullYear() + 3,
        funding: details.funding,
        country: details.country,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        display_brand: details.brand,
        networks: { available: [details.brand], preferred: null },
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
    };
    paymentMethods.set(method.id, method);
    behaviours.set(method.id, card);
    return method;
  }

  function event(type: string, object: StripeObject): StripeEvent {
    return {
      id: id('evt'),
      object: 'event',
      type,
      api_version: API_VERSION,
      created: now(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(object) },
    };
  }

  function confirmSetup(intent: StripeObject, card: TestCard, billingName?: string): StripeEvent {
    const method = newPaymentMethod(card, null);
    if (billingName) method.billing_details.name = billingName;
    if (card === 'declined') {
      intent.last_setup_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
        payment_method: structuredClone(method),
      };
      return event('setup_intent.setup_failed', intent);
    }
    method.customer = intent.customer;
    Object.assign(intent, { status: 'succeeded', payment_method: method.id, last_setup_error: null });
    return event('setup_intent.succeeded', intent);
  }

  function authenticated(intent: StripeObject): StripeEvent {
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, last_payment_error: null });
    if (intent.latest_charge) newCharge(intent, intent.latest_charge);
    return event('payment_intent.succeeded', intent);
  }

  /** Stripe.js's calls: the publishable key and the intent's client secret stand in for the secret key. */
  function browserRoute(method: string, path: string, params: any): Reply | undefined {
    const match = /^\/v1\/(setup_intents|payment_intents)\/([^/]+)\/confirm$/.exec(path);
    if (method !== 'POST' || !match) return undefined;
    if (params.key !== publishableKey)
      return stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided: a publishable key is required' });
    const intents = match[1] === 'setup_intents' ? setupIntents : paymentIntents;
    const intent = intents.get(match[2]);
    if (!intent || intent.client_secret !== params.client_secret)
      return missing(match[1].slice(0, -1).replace('_', ''), match[2], 'intent');
    if (match[1] === 'payment_intents') {
      if (intent.status !== 'requires_payment_method' || intent.last_payment_error?.code !== 'authentication_required')
        return invalid(`This PaymentIntent's status is ${intent.status}.`, undefined, 'payment_intent_unexpected_state');
      browserEvents.push(authenticated(intent));
      return { status: 200, body: intent };
    }
    if (intent.status !== 'requires_payment_method')
      return invalid(`This SetupIntent's status is ${intent.status}.`, undefined, 'setup_intent_unexpected_state');
    const data = params.payment_method_data ?? {};
    const number = String(data.card?.number ?? '').replace(/\s/g, '');
    const card = (Object.keys(TEST_CARD_NUMBERS) as TestCard[]).find((name) => TEST_CARD_NUMBERS[name] === number);
    if (!card)
      return stripeError(402, { type: 'card_error', code: 'incorrect_number', message: 'Your card number is incorrect.', param: 'number' });
    browserEvents.push(confirmSetup(intent, card, data.billing_details?.name));
    if (intent.status !== 'succeeded') return stripeError(402, { ...intent.last_setup_error, setup_intent: structuredClone(intent) });
    return { status: 200, body: intent };
  }

  function createSetupIntent(params: any): Reply {
    if (params.customer && !customers.has(params.customer)) return missing('customer', params.customer, 'customer');
    if (params.usage && !['on_session', 'off_session'].includes(params.usage))
      return invalid(`Invalid usage: must be one of on_session or off_session`, 'usage');
    const intentId = id('seti');
    const intent: StripeObject = {
      id: intentId,
      object: 'setup_intent',
      application: null,
      automatic_payment_methods: params.automatic_payment_methods
        ? {
            enabled: params.automatic_payment_methods.enabled === 'true',
            allow_redirects: params.automatic_payment_methods.allow_redirects ?? 'always',
          }
        : null,
      cancellation_reason: null,
      client_secret: `${intentId}_secret_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`,
      created: now(),
      customer: params.customer ?? null,
      description: params.description ?? null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: params.metadata ?? {},
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: ['card'],
      single_use_mandate: null,
      status: 'requires_payment_method',
      usage: params.usage ?? 'off_session',
    };
    setupIntents.set(intent.id, intent);
    return { status: 200, body: intent };
  }

  function createPaymentIntent(params: any): Reply {
    const amount = Number(params.amount);
    if (!Number.isSafeInteger(amount) || amount < 1) return invalid('Invalid positive integer', 'amount', 'parameter_invalid_integer');
    if (!/^[a-z]{3}$/.test(params.currency ?? '')) return invalid(`Invalid currency: ${params.currency}`, 'currency');
    if (params.customer && !customers.has(params.customer)) return missing('customer', params.customer, 'customer');
    const method = params.payment_method ? paymentMethods.get(params.payment_method) : undefined;
    if (params.payment_method && !method) return missing('payment_method', params.payment_method, 'payment_method');
    if (method && params.customer && method.customer !== params.customer) {
      return invalid(`The provided PaymentMethod ${method.id} is not attached to customer ${params.customer}.`, 'payment_method');
    }
    const intent: StripeObject = {
      id: id('pi'),
      object: 'payment_intent',
      amount,
      amount_received: 0,
      automatic_payment_methods: params.automatic_payment_methods
        ? {
            enabled: params.automatic_payment_methods.enabled === 'true',
            allow_redirects: params.automatic_payment_methods.allow_redirects ?? 'always',
          }
        : null,
      capture_method: 'automatic',
      client_secret: null,
      confirmation_method: 'automatic',
      created: now(),
      currency: params.currency,
      customer: params.customer ?? null,
      description: params.description ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: params.metadata ?? {},
      next_action: null,
      payment_method: method?.id ?? null,
      payment_method_types: ['card'],
      status: method ? 'requires_confirmation' : 'requires_payment_method',
    };
    intent.client_secret = `${intent.id}_secret_${randomBytes(12).toString('hex')}`;
    paymentIntents.set(intent.id, intent);
    if (params.confirm !== 'true') return { status: 200, body: intent };
    if (!method)
      return invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method.",
        'payment_method',
        'payment_intent_unexpected_state',
      );
    if (
      params.automatic_payment_methods?.enabled === 'true' &&
      params.automatic_payment_methods.allow_redirects !== 'never' &&
      !params.return_url
    ) {
      return invalid(
        'This PaymentIntent is configured to accept payment methods enabled in your Dashboard. A `return_url` is required.',
        'return_url',
      );
    }

    const behaviour = behaviours.get(method.id) ?? 'visa';
    const chargeId = id('ch');
    if (behaviour === 'declined' || (behaviour === 'authenticationRequired' && params.off_session === 'true')) {
      const auth = behaviour === 'authenticationRequired';
      const paymentError = {
        type: 'card_error',
        charge: chargeId,
        code: auth ? 'authentication_required' : 'card_declined',
        decline_code: auth ? 'authentication_required' : 'generic_decline',
        message: auth ? 'Your card was declined. This transaction requires authentication.' : 'Your card was declined.',
        payment_method: method,
      };
      Object.assign(intent, { status: 'requires_payment_method', last_payment_error: paymentError, latest_charge: chargeId });
      return stripeError(402, { ...paymentError, payment_intent: structuredClone(intent) });
    }
    Object.assign(intent, { status: 'succeeded', amount_received: amount, latest_charge: chargeId });
    newCharge(intent, chargeId);
    return { status: 200, body: intent };
  }

  function newCharge(intent: StripeObject, chargeId: string): StripeObject {
    const charge: StripeObject = {
      id: chargeId,
      object: 'charge',
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      captured: true,
      created: now(),
      currency: intent.currency,
      customer: intent.customer,
      disputed: false,
      livemode: false,
      metadata: structuredClone(intent.metadata ?? {}),
      paid: true,
      payment_intent: intent.id,
      payment_method: intent.payment_method,
      refunded: false,
      status: 'succeeded',
    };
    charges.set(charge.id, charge);
    return charge;
  }

  function refund(params: any, metadata: Record<string, string>): Reply {
    const intent = params.payment_intent ? paymentIntents.get(params.payment_intent) : undefined;
    if (params.payment_intent && !intent) return missing('payment_intent', params.payment_intent, 'payment_intent');
    const charge = charges.get(params.charge ?? intent?.latest_charge ?? '');
    if (!charge) return invalid('This PaymentIntent does not have a successful charge to refund.', 'payment_intent');
    const left = charge.amount - charge.amount_refunded;
    if (left === 0) return invalid(`Charge ${charge.id} has already been refunded.`, undefined, 'charge_already_refunded');
    const amount = params.amount === undefined ? left : Number(params.amount);
    if (!Number.isSafeInteger(amount) || amount < 1) return invalid('Invalid positive integer', 'amount', 'parameter_invalid_integer');
    if (amount > left)
      return invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, 'amount', 'amount_too_large');
    const created: StripeObject = {
      id: id('re'),
      object: 'refund',
      amount,
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      metadata,
      payment_intent: charge.payment_intent,
      reason: params.reason ?? null,
      status: 'succeeded',
    };
    refunds.set(created.id, created);
    Object.assign(charge, {
      amount_refunded: charge.amount_refunded + amount,
      refunded: charge.amount_refunded + amount === charge.amount,
    });
    return { status: 200, body: created };
  }

  function chargeOf(paymentIntentId: string): StripeObject {
    const charge = charges.get(paymentIntents.get(paymentIntentId)?.latest_charge ?? '');
    if (!charge) throw new Error(`PaymentIntent ${paymentIntentId} has no successful charge`);
    return charge;
  }

  function route(method: string, path: string, params: any): Reply {
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/customers') {
      const customer: StripeObject = {
        id: id('cus'),
        object: 'customer',
        created: now(),
        email: params.email ?? null,
        name: params.name ?? null,
        metadata: params.metadata ?? {},
        livemode: false,
        invoice_settings: { default_payment_method: null, custom_fields: null, footer: null, rendering_options: null },
      };
      customers.set(customer.id, customer);
      return { status: 200, body: customer };
    }
    if (method === 'POST' && path === '/v1/setup_intents') return createSetupIntent(params);
    if ((match = /^\/v1\/setup_intents\/([^/]+)(\/cancel)?$/.exec(path))) {
      const intent = setupIntents.get(match[1]);
      if (!intent) return missing('setupintent', match[1], 'intent');
      if (method === 'GET' && !match[2]) return { status: 200, body: intent };
      if (method === 'POST' && match[2]) {
        if (intent.status === 'succeeded' || intent.status === 'canceled') {
          return invalid(
            `You cannot cancel this SetupIntent because it has a status of ${intent.status}.`,
            undefined,
            'setup_intent_unexpected_state',
          );
        }
        Object.assign(intent, { status: 'canceled', cancellation_reason: params.cancellation_reason ?? null });
        return { status: 200, body: intent };
      }
    }
    if ((match = /^\/v1\/payment_methods\/([^/]+)(\/detach)?$/.exec(path))) {
      const paymentMethod = paymentMethods.get(match[1]);
      if (!paymentMethod) return missing('payment_method', match[1], 'payment_method');
      if (method === 'GET' && !match[2]) return { status: 200, body: paymentMethod };
      if (method === 'POST' && match[2]) {
        if (!paymentMethod.customer) {
          return invalid(
            'The payment method you provided is not attached to a customer so detachment is impossible.',
            undefined,
            'payment_method_unexpected_state',
          );
        }
        paymentMethod.customer = null;
        return { status: 200, body: paymentMethod };
      }
    }
    if (method === 'POST' && path === '/v1/payment_intents') return createPaymentIntent(params);
    if (method === 'POST' && path === '/v1/refunds') return refund(params, params.metadata ?? {});
    if (method === 'GET' && path === '/v1/refunds') {
      const data = [...refunds.values()]
        .filter(
          (r) => (!params.charge || r.charge === params.charge) && (!params.payment_intent || r.payment_intent === params.payment_intent),
        )
        .sort((a, b) => b.created - a.created);
      return { status: 200, body: { object: 'list', url: '/v1/refunds', has_more: false, data } };
    }
    // The billing cycle looks up its PaymentIntents before a new attempt (issue 4): list by customer
    // (newest first, `created[gte]`, `starting_after` pages), retrieve and cancel.
    if (method === 'GET' && path === '/v1/payment_intents') {
      const since = Number(params.created?.gte ?? 0);
      let data = [...paymentIntents.values()]
        .filter((pi) => (!params.customer || pi.customer === params.customer) && pi.created >= since)
        .sort((a, b) => b.created - a.created || (b.id < a.id ? -1 : 1));
      if (params.starting_after) data = data.slice(data.findIndex((pi) => pi.id === params.starting_after) + 1);
      const limit = Math.min(Number(params.limit ?? 10), 100);
      return {
        status: 200,
        body: { object: 'list', url: '/v1/payment_intents', has_more: data.length > limit, data: data.slice(0, limit) },
      };
    }
    if ((match = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path))) {
      const intent = paymentIntents.get(match[1]);
      if (!intent) return missing('payment_intent', match[1], 'intent');
      if (method === 'GET' && !match[2]) return { status: 200, body: intent };
      if (method === 'POST' && match[2]) {
        if (['succeeded', 'canceled', 'processing'].includes(intent.status)) {
          return invalid(
            `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
            undefined,
            'payment_intent_unexpected_state',
          );
        }
        Object.assign(intent, { status: 'canceled', cancellation_reason: params.cancellation_reason ?? null, canceled_at: now() });
        return { status: 200, body: intent };
      }
    }
    return stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = method === 'GET' ? url.searchParams.toString() : await readBody(req);
    const params = parseStripeForm(raw);
    const header = req.headers['idempotency-key'];
    const idempotencyKey = typeof header === 'string' ? header : undefined;
    const record: StripeRequest = { method, path: url.pathname, params, ...(idempotencyKey ? { idempotencyKey } : {}) };
    requests.push(record);

    const fromBrowser = browserRoute(method, url.pathname, params);
    const reply = ((): Reply => {
      if (fromBrowser) return { ...fromBrowser, headers: { ...fromBrowser.headers, 'access-control-allow-origin': '*' } };
      if (req.headers.authorization !== `Bearer ${secretKey}`) {
        const given = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        return stripeError(401, {
          type: 'invalid_request_error',
          message: `Invalid API Key provided: ${given.slice(0, 8)}****${given.slice(-4)}`,
        });
      }
      const failure = failures.find((f) => f.remaining > 0 && f.method === method && url.pathname.startsWith(f.path));
      if (failure) {
        failure.remaining -= 1;
        return {
          ...stripeError(500, { type: 'api_error', message: 'An unknown error occurred' }),
          headers: { 'stripe-should-retry': 'true' },
        };
      }
      if (method !== 'POST' || !idempotencyKey) return route(method, url.pathname, params);
      const hash = createHash('sha256').update(`${url.pathname}\n${raw}`).digest('hex');
      const saved = idempotent.get(idempotencyKey);
      if (saved && saved.hash !== hash) {
        return stripeError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        });
      }
      if (saved) {
        record.replayed = true;
        return { ...saved.reply, headers: { ...saved.reply.headers, 'idempotent-replayed': 'true' } };
      }
      const fresh = route(method, url.pathname, params);
      idempotent.set(idempotencyKey, { hash, reply: fresh });
      return fresh;
    })();

    record.status = reply.status;
    const json = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(7).toString('hex')}`,
      'stripe-version': API_VERSION,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      ...reply.headers,
    });
    res.end(json);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(err) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    secretKey,
    publishableKey,
    requests,
    customers,
    setupIntents,
    paymentMethods,
    paymentIntents,
    charges,
    refunds,
    refundInDashboard(paymentIntentId, amount, options) {
      const charge = chargeOf(paymentIntentId);
      const reply = refund({ charge: charge.id, ...(amount === undefined ? {} : { amount: String(amount) }) }, {});
      if (reply.status !== 200) throw new Error(`refund refused: ${JSON.stringify(reply.body)}`);
      if (options?.pending) (reply.body as StripeObject).status = 'pending';
      return event('charge.refunded', charge);
    },
    settleRefund(refundId, status = 'succeeded') {
      const settled = refunds.get(refundId);
      if (!settled) throw new Error(`no refund ${refundId}`);
      settled.status = status;
      if (status === 'failed') {
        // The money never left: the charge has it to refund again.
        const charge = charges.get(settled.charge)!;
        Object.assign(charge, { amount_refunded: charge.amount_refunded - settled.amount, refunded: false });
      }
      return event('charge.refund.updated', settled);
    },
    openDispute(paymentIntentId, reason = 'fraudulent') {
      const charge = chargeOf(paymentIntentId);
      charge.disputed = true;
      const dispute: StripeObject = {
        id: id('dp'),
        object: 'dispute',
        amount: charge.amount,
        charge: charge.id,
        created: now(),
        currency: charge.currency,
        livemode: false,
        metadata: {},
        payment_intent: paymentIntentId,
        reason,
        status: 'needs_response',
      };
      disputes.set(dispute.id, dispute);
      return event('charge.dispute.created', dispute);
    },
    closeDispute(disputeId, outcome) {
      const dispute = disputes.get(disputeId);
      if (!dispute) throw new Error(`no dispute ${disputeId}`);
      dispute.status = outcome;
      return event('charge.dispute.closed', dispute);
    },
    detachInDashboard(paymentMethodId) {
      const paymentMethod = paymentMethods.get(paymentMethodId);
      if (!paymentMethod) throw new Error(`no payment method ${paymentMethodId}`);
      const customer = paymentMethod.customer;
      paymentMethod.customer = null;
      return {
        ...event('payment_method.detached', paymentMethod),
        data: { object: structuredClone(paymentMethod), previous_attributes: { customer } },
      } as StripeEvent;
    },
    confirmSetupIntent(setupIntentId, card) {
      const intent = setupIntents.get(setupIntentId);
      if (!intent) throw new Error(`no SetupIntent ${setupIntentId}`);
      if (intent.status !== 'requires_payment_method') throw new Error(`SetupIntent ${setupIntentId} is ${intent.status}`);
      return confirmSetup(intent, card);
    },
    attachCard(customerId, card) {
      return newPaymentMethod(card, customerId);
    },
    event,
    browserEvents,
    failNext(match, count = 1) {
      failures.push({ ...match, remaining: count });
    },
    countRequests(method, pathPrefix) {
      return requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length;
    },
    authenticatePaymentIntent(paymentIntentId) {
      const intent = paymentIntents.get(paymentIntentId);
      if (!intent) throw new Error(`no PaymentIntent ${paymentIntentId}`);
      if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_action')
        throw new Error(`PaymentIntent ${paymentIntentId} is ${intent.status}`);
      return authenticated(intent);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
