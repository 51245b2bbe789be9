/**
 * A small, stateful stand-in for the PayPal REST endpoints we call, for the real @paypal/paypal-server-sdk to
 * talk to (through the agent seam in providers/paypal.ts). Shapes follow PayPal's API reference:
 *
 *  - POST /v1/oauth2/token: client credentials in Basic auth, `grant_type=client_credentials`; 401
 *    `invalid_client` otherwise. Every other endpoint wants the issued bearer token (401 AUTHENTICATION_FAILURE).
 *  - POST /v3/vault/setup-tokens (201; PAYER_ACTION_REQUIRED with an `approve` link), GET /v3/vault/setup-tokens/{id}.
 *  - POST /v3/vault/payment-tokens from an approved setup token (201); 422 PAYER_ACTION_REQUIRED before approval,
 *    422 SETUP_TOKEN_ALREADY_TOKENIZED after; GET and DELETE /v3/vault/payment-tokens/{id}.
 *  - POST /v2/checkout/orders with `payment_source.paypal.vault_id` (merchant-initiated: COMPLETED at once, or
 *    APPROVED when `captureOnCreate` is off), POST /v2/checkout/orders/{id}/capture; 422 INSTRUMENT_DECLINED on demand.
 *  - POST /v2/payments/captures/{id}/refund (201 COMPLETED; 422 CAPTURE_FULLY_REFUNDED or REFUND_AMOUNT_EXCEEDED
 *    past what is left), emitting PAYMENT.CAPTURE.REFUNDED as PayPal does for every refund.
 *  - Dashboard actions and their events: a refund made at PayPal (PAYMENT.CAPTURE.REFUNDED without our
 *    custom_id), a reversal (PAYMENT.CAPTURE.REVERSED, a chargeback), a payment token deleted by the payer
 *    (VAULT.PAYMENT-TOKEN.DELETED).
 *  - POST /v1/notifications/verify-webhook-signature: SUCCESS for events this fake signed, FAILURE otherwise.
 *  - The payer's approval page (the `approve` link's path, /agreements/approve, served as HTML for a real
 *    browser): "Agree & Continue" approves and redirects to the return URL; "Cancel" to the cancel URL.
 *
 * Errors use PayPal's shape `{ name, message, debug_id, details: [{ issue, description }], links }`. A POST
 * with a PayPal-Request-Id seen before gets the first answer again, with 200 instead of 201, as PayPal does.
 * Injected 5xx failures happen before anything is stored, so a retry with the same request id proceeds.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decimalStringToMinor, minorToDecimalString } from '../../domain/payment-methods';

export const PAYPAL_SANDBOX_HOST = 'api-m.sandbox.paypal.com';

export interface PayPalRequest {
  method: string;
  path: string;
  host: string | undefined;
  headers: IncomingMessage['headers'];
  body: unknown;
  status?: number;
}

interface SetupToken {
  id: string;
  status: 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'VAULTED';
  customer: { id: string; merchant_customer_id?: string };
  paypal: Record<string, unknown>;
  returnUrl: string;
  cancelUrl: string;
  paymentTokenId?: string;
}

interface PaymentToken {
  id: string;
  customer: { id: string; merchant_customer_id?: string };
  paypal: Record<string, unknown>;
  deleted: boolean;
}

interface Order {
  id: string;
  status: 'APPROVED' | 'COMPLETED';
  body: Record<string, unknown>;
}

export interface PayPalWebhook {
  body: string;
  headers: Record<string, string>;
  event: Record<string, unknown>;
}

export interface FakePayPal {
  /** For PAYPAL_BASE_URL. */
  url: string;
  clientId: string;
  clientSecret: string;
  webhookId: string;
  requests: PayPalRequest[];
  setupTokens: Map<string, SetupToken>;
  paymentTokens: Map<string, PaymentToken>;
  orders: Map<string, Order>;
  /** PayPal events emitted so far (VAULT.PAYMENT-TOKEN.CREATED), signed for delivery to our webhook. */
  webhooks: PayPalWebhook[];
  /** Merchant-initiated vault orders complete on creation (default), or come back APPROVED to be captured. */
  captureOnCreate: boolean;
  /** The payer approves at PayPal; answers the URL PayPal would redirect the browser to. */
  approve(setupTokenId: string, payer?: { email?: string; payerId?: string }): string;
  /** The payer cancels at PayPal; answers the cancel URL with PayPal's query parameters. */
  cancelAtPayPal(setupTokenId: string): string;
  /** The next `count` requests matching method and path prefix answer `status` (5xx or 400), before any state changes. */
  failNext(match: { method: string; path: string }, status: number, count?: number): void;
  declineNextCharge(): void;
  /** Refunds made so far, by refund id, with the capture they refund. */
  refunds: Map<string, { id: string; captureId: string; amountMinor: number; customId?: string }>;
  /** A refund made at PayPal, not through our API; emits PAYMENT.CAPTURE.REFUNDED and answers the webhook. */
  refundInDashboard(captureId: string, amountMinor?: number): PayPalWebhook;
  /** A chargeback: PayPal takes the payment back; emits PAYMENT.CAPTURE.REVERSED. */
  reverseCapture(captureId: string): PayPalWebhook;
  /** The payer removes the billing agreement at PayPal; emits VAULT.PAYMENT-TOKEN.DELETED. */
  deleteTokenAtPayPal(paymentTokenId: string): PayPalWebhook;
  /** PayPal forgets PayPal-Request-Id values after about 6 hours: a later retry is a new request. */
  forgetRequestIds(): void;
  /** Signs an event as PayPal would deliver it to our webhook endpoint. */
  signWebhook(event: Record<string, unknown>): PayPalWebhook;
  countRequests(method: string, pathPrefix: string): number;
  close(): Promise<void>;
}

const debugId = () => randomBytes(7).toString('hex');
const paypalId = (length = 17) => Array.from(randomBytes(length), (b) => 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'[b % 33]).join('');

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'paypal-debug-id': debugId(), 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function paypalError(status: number, name: string, message: string, issue?: string, description?: string, field?: string) {
  return {
    status,
    body: {
      name,
      message,
      debug_id: debugId(),
      ...(issue ? { details: [{ ...(field ? { field, location: 'body' } : {}), issue, description: description ?? message }] } : {}),
      links: [
        {
          href: `https://developer.paypal.com/api/rest/reference/orders/v2/errors/#${issue ?? name}`,
          rel: 'information_link',
          method: 'GET',
        },
      ],
    },
  };
}

const unprocessable = (issue: string, description: string) =>
  paypalError(
    422,
    'UNPROCESSABLE_ENTITY',
    'The requested action could not be performed, semantically incorrect, or failed business validation.',
    issue,
    description,
  );
const notFound = () =>
  paypalError(
    404,
    'RESOURCE_NOT_FOUND',
    'The specified resource does not exist.',
    'INVALID_RESOURCE_ID',
    'Specified resource ID does not exist. Please check the resource ID and try again.',
  );
const invalidRequest = (field: string, issue = 'MISSING_REQUIRED_PARAMETER') =>
  paypalError(
    400,
    'INVALID_REQUEST',
    'Request is not well-formed, syntactically incorrect, or violates schema.',
    issue,
    'A required field / parameter is missing.',
    field,
  );

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** PayPal's two decimals for most currencies, none for JPY. */
const VALUE = /^\d+(\.\d{1,2})?$/;

export async function startFakePayPal(options: { clientId?: string; clientSecret?: string; webhookId?: string } = {}): Promise<FakePayPal> {
  const clientId = options.clientId ?? `AZ-fake-${randomUUID()}`;
  const clientSecret = options.clientSecret ?? `EL-fake-${randomBytes(16).toString('hex')}`;
  const webhookId = options.webhookId ?? `WH-${paypalId(17)}`;
  const signingKey = randomBytes(32);
  const requests: PayPalRequest[] = [];
  const tokens = new Set<string>();
  const setupTokens = new Map<string, SetupToken>();
  const paymentTokens = new Map<string, PaymentToken>();
  const orders = new Map<string, Order>();
  const webhooks: PayPalWebhook[] = [];
  const replies = new Map<string, { status: number; body: unknown }>();
  const failures: { method: string; path: string; status: number; remaining: number }[] = [];
  let declineNext = false;
  let baseUrl = '';
  const captureOnCreate = { value: true };
  const customers = new Set<string>();
  const captures = new Map<string, { id: string; currency: string; amountMinor: number; refundedMinor: number; customId?: string }>();
  const refunds = new Map<string, { id: string; captureId: string; amountMinor: number; customId?: string }>();

  const setupTokenJson = (token: SetupToken) => ({
    id: token.id,
    customer: token.customer,
    status: token.status,
    payment_source: { paypal: token.paypal },
    links: [
      { href: `https://${PAYPAL_SANDBOX_HOST}/v3/vault/setup-tokens/${token.id}`, rel: 'self', method: 'GET', encType: 'application/json' },
      ...(token.status === 'PAYER_ACTION_REQUIRED'
        ? [
            {
              href: `https://www.sandbox.paypal.com/agreements/approve?approval_session_id=${token.id}`,
              rel: 'approve',
              method: 'GET',
              encType: 'application/json',
            },
          ]
        : []),
    ],
  });
  const paymentTokenJson = (token: PaymentToken) => ({
    id: token.id,
    customer: token.customer,
    payment_source: { paypal: token.paypal },
    links: [
      {
        href: `https://${PAYPAL_SANDBOX_HOST}/v3/vault/payment-tokens/${token.id}`,
        rel: 'self',
        method: 'GET',
        encType: 'application/json',
      },
      {
        href: `https://${PAYPAL_SANDBOX_HOST}/v3/vault/payment-tokens/${token.id}`,
        rel: 'delete',
        method: 'DELETE',
        encType: 'application/json',
      },
    ],
  });

  function sign(body: string, transmissionId: string, transmissionTime: string): string {
    return createHmac('sha256', signingKey).update(`${transmissionId}|${transmissionTime}|${webhookId}|${body}`).digest('base64');
  }

  function signWebhook(event: Record<string, unknown>): PayPalWebhook {
    const body = JSON.stringify(event);
    const transmissionId = randomUUID();
    const transmissionTime = new Date().toISOString();
    return {
      body,
      event,
      headers: {
        'paypal-transmission-id': transmissionId,
        'paypal-transmission-time': transmissionTime,
        'paypal-transmission-sig': sign(body, transmissionId, transmissionTime),
        'paypal-cert-url': 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-fake',
        'paypal-auth-algo': 'SHA256withRSA',
        'content-type': 'application/json',
      },
    };
  }

  function emit(eventType: string, resourceType: string, resource: unknown, summary: string) {
    const event = {
      id: `WH-${paypalId(17)}`,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: resourceType,
      resource_version: '3.0',
      event_type: eventType,
      summary,
      resource,
      links: [{ href: `https://${PAYPAL_SANDBOX_HOST}/v1/notifications/webhooks-events/WH-x`, rel: 'self', method: 'GET' }],
    };
    webhooks.push(signWebhook(event));
  }

  type Reply = { status: number; body?: unknown };

  function oauth(req: IncomingMessage, raw: string): Reply {
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected)
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client Authentication failed' } };
    if (new URLSearchParams(raw).get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' } };
    }
    const accessToken = `A21AA${randomBytes(24).toString('base64url')}`;
    tokens.add(accessToken);
    return {
      status: 200,
      body: {
        scope:
          'https://uri.paypal.com/services/vault/payment-tokens/readwrite https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/applications/webhooks',
        access_token: accessToken,
        token_type: 'Bearer',
        app_id: 'APP-80W284485P519543T',
        expires_in: 32400,
        nonce: `${new Date().toISOString()}${randomBytes(8).toString('hex')}`,
      },
    };
  }

  function createSetupToken(body: any): Reply {
    const paypal = body?.payment_source?.paypal;
    if (!paypal) return invalidRequest('/payment_source');
    const context = paypal.experience_context ?? {};
    if (!context.return_url) return invalidRequest('/payment_source/paypal/experience_context/return_url');
    if (!context.cancel_url) return invalidRequest('/payment_source/paypal/experience_context/cancel_url');
    if (paypal.usage_type && !['MERCHANT', 'PLATFORM'].includes(paypal.usage_type))
      return invalidRequest('/payment_source/paypal/usage_type', 'INVALID_PARAMETER_VALUE');
    if (body.customer?.id && !customers.has(body.customer.id))
      return paypalError(
        422,
        'UNPROCESSABLE_ENTITY',
        'The requested action could not be performed.',
        'CUSTOMER_ID_NOT_FOUND',
        'The customer id is not found.',
      );
    const { experience_context: _context, ...stored } = paypal;
    const token: SetupToken = {
      id: paypalId(17),
      status: 'PAYER_ACTION_REQUIRED',
      customer: {
        id: body.customer?.id ?? `customer_${String(Date.now()).slice(-10)}`,
        ...(body.customer?.merchant_customer_id ? { merchant_customer_id: body.customer.merchant_customer_id } : {}),
      },
      paypal: stored,
      returnUrl: context.return_url,
      cancelUrl: context.cancel_url,
    };
    setupTokens.set(token.id, token);
    customers.add(token.customer.id);
    return { status: 201, body: setupTokenJson(token) };
  }

  function createPaymentToken(body: any): Reply {
    const source = body?.payment_source?.token;
    if (!source?.id) return invalidRequest('/payment_source/token/id');
    if (source.type !== 'SETUP_TOKEN') return invalidRequest('/payment_source/token/type', 'INVALID_PARAMETER_VALUE');
    const setup = setupTokens.get(source.id);
    if (!setup) return notFound();
    if (setup.status === 'PAYER_ACTION_REQUIRED') {
      return unprocessable('PAYER_ACTION_REQUIRED', 'Please make sure setup up token is approved. Please complete the approval flow.');
    }
    if (setup.paymentTokenId)
      return unprocessable('SETUP_TOKEN_ALREADY_TOKENIZED', 'The setup token has been used previously to generate a payment token.');
    const token: PaymentToken = { id: paypalId(8).toLowerCase(), customer: setup.customer, paypal: setup.paypal, deleted: false };
    paymentTokens.set(token.id, token);
    setup.paymentTokenId = token.id;
    setup.status = 'VAULTED';
    emit('VAULT.PAYMENT-TOKEN.CREATED', 'payment_token', paymentTokenJson(token), 'A payment token has been created.');
    return { status: 201, body: paymentTokenJson(token) };
  }

  function capture(order: Order) {
    const unit = (order.body.purchase_units as any[])[0];
    const now = new Date().toISOString();
    order.status = 'COMPLETED';
    const captureId = paypalId(17);
    captures.set(captureId, {
      id: captureId,
      currency: unit.amount.currency_code,
      amountMinor: decimalStringToMinor(unit.amount.value, unit.amount.currency_code),
      refundedMinor: 0,
      ...(unit.custom_id ? { customId: unit.custom_id } : {}),
    });
    unit.payments = {
      captures: [
        {
          id: captureId,
          status: 'COMPLETED',
          amount: unit.amount,
          final_capture: true,
          seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
          ...(unit.custom_id ? { custom_id: unit.custom_id } : {}),
          ...(unit.invoice_id ? { invoice_id: unit.invoice_id } : {}),
          create_time: now,
          update_time: now,
        },
      ],
    };
  }

  function orderJson(order: Order) {
    return {
      ...order.body,
      id: order.id,
      status: order.status,
      links: [{ href: `https://${PAYPAL_SANDBOX_HOST}/v2/checkout/orders/${order.id}`, rel: 'self', method: 'GET' }],
    };
  }

  function createOrder(body: any): Reply {
    if (body?.intent !== 'CAPTURE' && body?.intent !== 'AUTHORIZE') return invalidRequest('/intent');
    const unit = body.purchase_units?.[0];
    if (!unit?.amount?.currency_code || !VALUE.test(unit.amount.value ?? ''))
      return invalidRequest("/purchase_units/@reference_id=='default'/amount/value", 'INVALID_PARAMETER_VALUE');
    const vaultId = body.payment_source?.paypal?.vault_id;
    if (!vaultId) return invalidRequest('/payment_source/paypal/vault_id');
    const token = paymentTokens.get(vaultId);
    if (!token || token.deleted) return unprocessable('INVALID_PAYMENT_TOKEN', 'The payment token is invalid or was deleted.');
    if (declineNext) {
      declineNext = false;
      return unprocessable(
        'INSTRUMENT_DECLINED',
        "The instrument presented was either declined by the processor or bank, or it can't be used for this payment.",
      );
    }
    // PayPal refuses a second payment under an invoice id already paid (the account's default setting).
    const paidBefore = [...orders.values()].some(
      (o) => unit.invoice_id && o.status === 'COMPLETED' && (o.body.purchase_units as any[])[0]?.invoice_id === unit.invoice_id,
    );
    if (paidBefore)
      return unprocessable(
        'DUPLICATE_INVOICE_ID',
        'Duplicate Invoice ID detected. To avoid a potential duplicate transaction your account setting requires that Invoice Id be unique for each transaction.',
      );
    const { payment_source: _source, ...rest } = body;
    const order: Order = {
      id: paypalId(17),
      status: 'APPROVED',
      body: {
        ...rest,
        payment_source: { paypal: { email_address: token.paypal.email_address, account_id: token.paypal.payer_id } },
        create_time: new Date().toISOString(),
      },
    };
    orders.set(order.id, order);
    if (captureOnCreate.value) capture(order);
    return { status: 201, body: orderJson(order) };
  }

  function captureOrder(id: string): Reply {
    const order = orders.get(id);
    if (!order) return notFound();
    if (order.status === 'COMPLETED')
      return unprocessable('ORDER_ALREADY_CAPTURED', "Order already captured. If 'intent=CAPTURE' only one capture per order is allowed.");
    capture(order);
    return { status: 201, body: orderJson(order) };
  }

  /** Refunds a capture (all that is left when no amount is given) and emits PAYMENT.CAPTURE.REFUNDED. */
  function refundCapture(captureId: string, body: any): Reply {
    const captured = captures.get(captureId);
    if (!captured) return notFound();
    const left = captured.amountMinor - captured.refundedMinor;
    if (left === 0) return unprocessable('CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded.');
    if (body?.amount && body.amount.currency_code !== captured.currency)
      return unprocessable('REFUND_CURRENCY_MISMATCH', 'Refund must be in the same currency as the capture.');
    if (body?.amount && !VALUE.test(body.amount.value ?? '')) return invalidRequest('/amount/value', 'INVALID_PARAMETER_VALUE');
    const amountMinor = body?.amount ? decimalStringToMinor(body.amount.value, captured.currency as 'EUR') : left;
    if (amountMinor > left)
      return unprocessable(
        'REFUND_AMOUNT_EXCEEDED',
        'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
      );
    captured.refundedMinor += amountMinor;
    const refund = { id: paypalId(17), captureId, amountMinor, ...(body?.custom_id ? { customId: body.custom_id } : {}) };
    refunds.set(refund.id, refund);
    const resource = {
      id: refund.id,
      status: 'COMPLETED',
      amount: { currency_code: captured.currency, value: minorToDecimalString(amountMinor, captured.currency as 'EUR') },
      ...(body?.invoice_id ? { invoice_id: body.invoice_id } : {}),
      ...(body?.custom_id ? { custom_id: body.custom_id } : {}),
      create_time: new Date().toISOString(),
      links: [
        { href: `https://${PAYPAL_SANDBOX_HOST}/v2/payments/refunds/${refund.id}`, rel: 'self', method: 'GET' },
        { href: `https://${PAYPAL_SANDBOX_HOST}/v2/payments/captures/${captureId}`, rel: 'up', method: 'GET' },
      ],
    };
    emit('PAYMENT.CAPTURE.REFUNDED', 'refund', resource, `A ${resource.amount.value} ${captured.currency} capture payment was refunded`);
    return { status: 201, body: resource };
  }

  function verifyWebhook(body: any): Reply {
    for (const field of [
      'auth_algo',
      'cert_url',
      'transmission_id',
      'transmission_sig',
      'transmission_time',
      'webhook_id',
      'webhook_event',
    ]) {
      if (!body?.[field])
        return paypalError(
          400,
          'VALIDATION_ERROR',
          'Invalid request - see details',
          'MISSING_REQUIRED_PARAMETER',
          `${field} is required`,
          field,
        );
    }
    const expected = sign(JSON.stringify(body.webhook_event), body.transmission_id, body.transmission_time);
    const ok = body.webhook_id === webhookId && body.transmission_sig === expected;
    return { status: 200, body: { verification_status: ok ? 'SUCCESS' : 'FAILURE' } };
  }

  function route(req: IncomingMessage, path: string, raw: string, body: any): Reply {
    const method = req.method ?? 'GET';
    if (method === 'POST' && path === '/v1/oauth2/token') return oauth(req, raw);
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth || !tokens.has(auth[1])) {
      return {
        status: 401,
        body: {
          name: 'AUTHENTICATION_FAILURE',
          message: 'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
          links: [{ href: 'https://developer.paypal.com/docs/api/overview/#error', rel: 'information_link' }],
        },
      };
    }
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/v3/vault/setup-tokens') return createSetupToken(body);
    if (method === 'GET' && (match = /^\/v3\/vault\/setup-tokens\/([^/]+)$/.exec(path))) {
      const token = setupTokens.get(match[1]);
      return token ? { status: 200, body: setupTokenJson(token) } : notFound();
    }
    if (method === 'POST' && path === '/v3/vault/payment-tokens') return createPaymentToken(body);
    if ((match = /^\/v3\/vault\/payment-tokens\/([^/]+)$/.exec(path))) {
      const token = paymentTokens.get(match[1]);
      if (!token || token.deleted) return notFound();
      if (method === 'GET') return { status: 200, body: paymentTokenJson(token) };
      if (method === 'DELETE') {
        token.deleted = true;
        return { status: 204 };
      }
    }
    // The billing cycle re-reads the orders it stored before a new attempt (issue 4).
    if (method === 'GET' && (match = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(path))) {
      const order = orders.get(match[1]);
      return order ? { status: 200, body: orderJson(order) } : notFound();
    }
    if (method === 'POST' && path === '/v2/checkout/orders') return createOrder(body);
    if (method === 'POST' && (match = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(path))) return captureOrder(match[1]);
    if (method === 'POST' && (match = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path))) return refundCapture(match[1], body);
    if (method === 'POST' && path === '/v1/notifications/verify-webhook-signature') return verifyWebhook(body);
    return paypalError(404, 'NOT_FOUND', 'The specified resource does not exist.');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : raw || undefined;
    } catch {
      const reply = paypalError(
        400,
        'INVALID_REQUEST',
        'Request is not well-formed, syntactically incorrect, or violates schema.',
        'MALFORMED_REQUEST_JSON',
        'The request JSON is not well formed.',
      );
      return send(res, reply.status, reply.body);
    }
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/agreements/approve') return approvalPage(res, method, url.searchParams, raw);
    const record: PayPalRequest = { method, path, host: req.headers.host, headers: req.headers, body };
    requests.push(record);

    const failure = failures.find((f) => f.remaining > 0 && f.method === method && path.startsWith(f.path));
    if (failure) {
      failure.remaining -= 1;
      record.status = failure.status;
      const injected =
        failure.status >= 500
          ? {
              status: failure.status,
              body: { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.', debug_id: debugId(), links: [] },
            }
          : paypalError(
              failure.status,
              'INVALID_REQUEST',
              'Request is not well-formed, syntactically incorrect, or violates schema.',
              'INVALID_PARAMETER_VALUE',
              'Injected by the test.',
            );
      return send(res, injected.status, injected.body);
    }

    const requestId = req.headers['paypal-request-id'];
    const replayKey = method === 'POST' && typeof requestId === 'string' ? `${path}\n${requestId}` : undefined;
    const previous = replayKey ? replies.get(replayKey) : undefined;
    if (previous) {
      record.status = previous.status === 201 ? 200 : previous.status;
      return send(res, record.status, previous.body);
    }
    const reply = route(req, path, raw, body);
    record.status = reply.status;
    if (replayKey && reply.status < 500) replies.set(replayKey, { status: reply.status, body: reply.body });
    return send(res, reply.status, reply.body);
  }

  /** What the payer sees at PayPal, reduced to its two buttons; a browser test drives it like the real page. */
  function approvalPage(res: ServerResponse, method: string, query: URLSearchParams, raw: string): void {
    const form = new URLSearchParams(raw);
    const id = (method === 'POST' ? form.get('approval_session_id') : query.get('approval_session_id')) ?? '';
    const token = setupTokens.get(id);
    if (token?.status !== 'PAYER_ACTION_REQUIRED') {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="en"><title>PayPal</title><main><h1>This link has expired</h1></main></html>');
      return;
    }
    if (method === 'POST') {
      const target =
        form.get('action') === 'cancel' ? fake.cancelAtPayPal(id) : fake.approve(id, { email: form.get('email') || undefined });
      res.writeHead(302, { location: target });
      res.end();
      return;
    }
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PayPal: approve a billing agreement</title></head>
<body><main><h1>PayPal</h1><p>Log in to approve automatic payments to the merchant.</p>
<form method="post" action="/agreements/approve"><input type="hidden" name="approval_session_id" value="${id}">
<p><label for="email">Email</label> <input id="email" name="email" type="email" value="payer@example.com"></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" value="sandbox"></p>
<button type="submit" name="action" value="agree">Agree &amp; Continue</button>
<button type="submit" name="action" value="cancel">Cancel and return to merchant</button></form></main></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { name: 'INTERNAL_SERVER_ERROR', message: String(err), debug_id: debugId() }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const redirect = (target: string, params: Record<string, string>) => {
    const url = new URL(target);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url.toString();
  };

  const fake: FakePayPal = {
    url: baseUrl,
    clientId,
    clientSecret,
    webhookId,
    requests,
    setupTokens,
    paymentTokens,
    orders,
    forgetRequestIds: () => replies.clear(),
    webhooks,
    get captureOnCreate() {
      return captureOnCreate.value;
    },
    set captureOnCreate(value: boolean) {
      captureOnCreate.value = value;
    },
    approve(setupTokenId, payer = {}) {
      const token = setupTokens.get(setupTokenId);
      if (!token) throw new Error(`no setup token ${setupTokenId}`);
      token.status = 'APPROVED';
      token.paypal = {
        ...token.paypal,
        email_address: payer.email ?? 'payer@example.com',
        payer_id: payer.payerId ?? paypalId(13),
        name: { given_name: 'Pat', surname: 'Payer' },
      };
      return redirect(token.returnUrl, { approval_token_id: token.id, approval_session_id: token.id });
    },
    cancelAtPayPal(setupTokenId) {
      const token = setupTokens.get(setupTokenId);
      if (!token) throw new Error(`no setup token ${setupTokenId}`);
      return redirect(token.cancelUrl, { approval_token_id: token.id, approval_session_id: token.id });
    },
    failNext(match, status, count = 1) {
      failures.push({ ...match, status, remaining: count });
    },
    declineNextCharge() {
      declineNext = true;
    },
    refunds,
    refundInDashboard(captureId, amountMinor) {
      const captured = captures.get(captureId);
      if (!captured) throw new Error(`no capture ${captureId}`);
      const amount =
        amountMinor === undefined
          ? undefined
          : { currency_code: captured.currency, value: minorToDecimalString(amountMinor, captured.currency as 'EUR') };
      const reply = refundCapture(captureId, amount ? { amount } : {});
      if (reply.status !== 201) throw new Error(`refund refused: ${JSON.stringify(reply.body)}`);
      return webhooks[webhooks.length - 1]!;
    },
    reverseCapture(captureId) {
      const captured = captures.get(captureId);
      if (!captured) throw new Error(`no capture ${captureId}`);
      const amountMinor = captured.amountMinor - captured.refundedMinor;
      captured.refundedMinor = captured.amountMinor;
      emit(
        'PAYMENT.CAPTURE.REVERSED',
        'refund',
        {
          id: paypalId(17),
          status: 'COMPLETED',
          amount: { currency_code: captured.currency, value: minorToDecimalString(amountMinor, captured.currency as 'EUR') },
          note_to_payer: 'Payment reversed',
          links: [{ href: `https://${PAYPAL_SANDBOX_HOST}/v2/payments/captures/${captureId}`, rel: 'up', method: 'GET' }],
        },
        'A payment was reversed',
      );
      return webhooks[webhooks.length - 1]!;
    },
    deleteTokenAtPayPal(paymentTokenId) {
      const token = paymentTokens.get(paymentTokenId);
      if (!token) throw new Error(`no payment token ${paymentTokenId}`);
      token.deleted = true;
      emit('VAULT.PAYMENT-TOKEN.DELETED', 'payment_token', paymentTokenJson(token), 'A payment token has been deleted.');
      return webhooks[webhooks.length - 1]!;
    },
    signWebhook,
    countRequests(method, pathPrefix) {
      return requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}
