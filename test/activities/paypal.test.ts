/**
 * The PayPal activities through the real @paypal/paypal-server-sdk, against the local PayPal fake reached
 * through the agent seam in providers/paypal.ts.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities';
import { PAYPAL_SANDBOX_HOST } from '../fakes/paypal';
import { createTestOrganization, providerActivitiesForThisFile, providerConfig, refusal, stripeMock } from '../helpers/payment-providers';

const { models, paypal, activities } = providerActivitiesForThisFile();

describe('PayPal Vault through the SDK', () => {
  it('creates a merchant-initiated setup token with our return URLs, idempotently per request id', async () => {
    const orgId = await createTestOrganization(models);
    const input = {
      orgId,
      returnUrl: 'https://billing.example.test/v1/paypal/setup/x/a/return',
      cancelUrl: 'https://billing.example.test/v1/paypal/setup/x/a/cancel',
      requestId: `run-1:${orgId}`,
    };
    const setup = await activities.createPayPalSetupToken(input);
    expect(setup.status).toBe('PAYER_ACTION_REQUIRED');
    expect(setup.approvalUrl).toBe(`https://www.sandbox.paypal.com/agreements/approve?approval_session_id=${setup.setupTokenId}`);

    const sent = paypal.requests.find((r) => r.method === 'POST' && r.path === '/v3/vault/setup-tokens')!;
    // The SDK still addresses PayPal's sandbox host: only the socket goes to the fake.
    expect(sent.host).toBe(PAYPAL_SANDBOX_HOST);
    expect(sent.headers['paypal-request-id']).toBe(input.requestId);
    expect(sent.headers.authorization).toMatch(/^Bearer A21AA/);
    expect(sent.body).toMatchObject({
      customer: { merchant_customer_id: orgId },
      payment_source: {
        paypal: {
          usage_type: 'MERCHANT',
          usage_pattern: 'RECURRING_POSTPAID',
          customer_type: 'BUSINESS',
          experience_context: { return_url: input.returnUrl, cancel_url: input.cancelUrl, shipping_preference: 'NO_SHIPPING' },
        },
      },
    });

    // A retried activity sends the same PayPal-Request-Id and gets the same token back, not a second one.
    const again = await activities.createPayPalSetupToken(input);
    expect(again.setupTokenId).toBe(setup.setupTokenId);
    expect(paypal.setupTokens.size).toBe(1);
    expect(paypal.countRequests('POST', '/v1/oauth2/token')).toBe(1); // the SDK reuses its OAuth token
  });

  it('refuses to vault a setup token the payer has not approved (422 PAYER_ACTION_REQUIRED, not retried)', async () => {
    const orgId = await createTestOrganization(models);
    const setup = await activities.createPayPalSetupToken({
      orgId,
      returnUrl: 'https://x.test/r',
      cancelUrl: 'https://x.test/c',
      requestId: `run-2:${orgId}`,
    });
    const failure = await refusal(
      activities.createPayPalPaymentToken({ setupTokenId: setup.setupTokenId, requestId: `run-2:pt:${orgId}` }),
    );
    expect(failure.type).toBe('ProviderRejected');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/HTTP 422 PAYER_ACTION_REQUIRED/);
    expect(failure.message).not.toMatch(/Bearer|A21AA/);
    expect((await activities.getPayPalSetupToken({ setupTokenId: setup.setupTokenId })).status).toBe('PAYER_ACTION_REQUIRED');

    paypal.approve(setup.setupTokenId, { email: 'ap@acme.test' });
    expect((await activities.getPayPalSetupToken({ setupTokenId: setup.setupTokenId })).status).toBe('APPROVED');
    const token = await activities.createPayPalPaymentToken({ setupTokenId: setup.setupTokenId, requestId: `run-2:pt2:${orgId}` });
    expect(token).toMatchObject({ merchantCustomerId: orgId, payerEmail: 'ap@acme.test' });
    expect(await activities.getPayPalPaymentToken({ paymentTokenId: token.paymentTokenId })).toEqual(token);

    // A second payment token from the same setup token is refused by PayPal.
    const twice = await refusal(activities.createPayPalPaymentToken({ setupTokenId: setup.setupTokenId, requestId: `run-2:pt3:${orgId}` }));
    expect(twice.message).toMatch(/SETUP_TOKEN_ALREADY_TOKENIZED/);
  });

  it('treats a PayPal 5xx as retryable and an unknown token as final', async () => {
    paypal.failNext({ method: 'GET', path: '/v3/vault/setup-tokens/' }, 503);
    const transient = await activities.getPayPalSetupToken({ setupTokenId: 'NOPE' }).catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(Error);
    expect(transient).not.toBeInstanceOf(ApplicationFailure);
    expect((transient as Error).message).toMatch(/HTTP 503/);
    const missing = await refusal(activities.getPayPalSetupToken({ setupTokenId: 'NOPE' }));
    expect(missing.message).toMatch(/HTTP 404 INVALID_RESOURCE_ID/);
  });

  it("refuses wrong client credentials with PayPal's invalid_client, without leaking them", async () => {
    const wrong = createActivities({
      models,
      config: providerConfig(paypal, stripeMock(), { PAYPAL_CLIENT_SECRET: 'not-the-secret-123' }),
    });
    const failure = await refusal(wrong.getPayPalSetupToken({ setupTokenId: 'X' }));
    expect(failure.message).toMatch(/invalid_client/);
    expect(failure.message).not.toContain('not-the-secret-123');
  });

  it('charges a vaulted payment token (issue 4): amount as PayPal decimals, once per request id', async () => {
    const orgId = await createTestOrganization(models);
    const setup = await activities.createPayPalSetupToken({
      orgId,
      returnUrl: 'https://x.test/r',
      cancelUrl: 'https://x.test/c',
      requestId: `run-3:${orgId}`,
    });
    paypal.approve(setup.setupTokenId);
    const token = await activities.createPayPalPaymentToken({ setupTokenId: setup.setupTokenId, requestId: `run-3:pt:${orgId}` });
    const charge = {
      orgId,
      cycleId: '2026-11',
      paymentTokenId: token.paymentTokenId,
      amountMinor: 18150,
      currency: 'EUR' as const,
      requestId: `cycle:${orgId}:2026-11`,
    };

    const capture = await activities.capturePayPalPayment(charge);
    expect(capture).toMatchObject({ status: 'COMPLETED', amountMinor: 18150, currency: 'EUR' });
    const order = paypal.requests.filter((r) => r.path === '/v2/checkout/orders').at(-1)!;
    expect(order.body).toMatchObject({
      intent: 'CAPTURE',
      purchase_units: [{ reference_id: '2026-11', custom_id: orgId, amount: { currency_code: 'EUR', value: '181.50' } }],
      payment_source: {
        paypal: { vault_id: token.paymentTokenId, stored_credential: { payment_initiator: 'MERCHANT', usage: 'SUBSEQUENT' } },
      },
    });
    expect(await activities.capturePayPalPayment(charge)).toEqual(capture);
    expect(paypal.orders.size).toBe(1);

    // An order PayPal leaves APPROVED is captured with its own request id.
    paypal.captureOnCreate = false;
    try {
      const later = await activities.capturePayPalPayment({
        ...charge,
        cycleId: '2026-12',
        amountMinor: 500,
        requestId: `cycle:${orgId}:2026-12`,
      });
      expect(later).toMatchObject({ status: 'COMPLETED', amountMinor: 500 });
      const captureCall = paypal.requests.find((r) => r.path.endsWith('/capture'))!;
      expect(captureCall.headers['paypal-request-id']).toBe(`cycle:${orgId}:2026-12:capture`);
    } finally {
      paypal.captureOnCreate = true;
    }

    paypal.declineNextCharge();
    const declined = await refusal(activities.capturePayPalPayment({ ...charge, cycleId: '2027-01', requestId: `cycle:${orgId}:2027-01` }));
    expect(declined.type).toBe('PaymentDeclined');
    expect(declined.message).toMatch(/INSTRUMENT_DECLINED/);
  });

  it('deletes a payment token, and treats an already deleted one as done', async () => {
    const orgId = await createTestOrganization(models);
    const setup = await activities.createPayPalSetupToken({
      orgId,
      returnUrl: 'https://x.test/r',
      cancelUrl: 'https://x.test/c',
      requestId: `run-4:${orgId}`,
    });
    paypal.approve(setup.setupTokenId);
    const token = await activities.createPayPalPaymentToken({ setupTokenId: setup.setupTokenId, requestId: `run-4:pt:${orgId}` });
    await activities.deletePayPalPaymentToken({ paymentTokenId: token.paymentTokenId });
    expect(paypal.paymentTokens.get(token.paymentTokenId)!.deleted).toBe(true);
    await expect(activities.deletePayPalPaymentToken({ paymentTokenId: token.paymentTokenId })).resolves.toBeUndefined();
  });
});
