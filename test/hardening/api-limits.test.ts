/**
 * Limits the API enforces before anything else happens: usage per report and per cycle (so a cycle can
 * always be billed), and request body sizes (checked before signatures, authentication or JSON parsing).
 */
import { ApplicationFailure } from '@temporalio/common';
import { computeInvoiceTotals } from '../../domain/invoice-totals';
import { BANK_BATCH_BODY_LIMIT } from '../../api/middleware/body-limits';
import { engineForThisFile } from '../helpers/engine';

const engine = engineForThisFile();

describe('usage limits', () => {
  it('refuses a report past the per-report limit, naming the field', async () => {
    const { orgId, key } = await engine.createOrganization();
    const huge = await engine.call('POST', `/v1/organizations/${orgId}/usage`, {
      key,
      body: { usageId: 'huge', metric: 'seats', quantity: Number.MAX_SAFE_INTEGER },
    });
    expect(huge.status).toBe(400);
    expect(huge.json.error.field).toBe('quantity');
    expect(await engine.models.UsageRecord.countDocuments({ orgId })).toBe(0);
  });

  it('refuses usage that would take a metric past the per-cycle limit', async () => {
    const { orgId, key } = await engine.createOrganization();
    const report = (usageId: string, quantity: number) =>
      engine.call('POST', `/v1/organizations/${orgId}/usage`, { key, body: { usageId, metric: 'seats', quantity } });
    expect((await report('a', 600_000_000)).status).toBe(201);
    const past = await report('b', 400_000_001);
    expect(past.status).toBe(422);
    expect(past.json.error).toMatchObject({ code: 'usage_limit', field: 'quantity' });
    expect((await report('c', 400_000_000)).status).toBe(201);
    const estimate = await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key });
    expect(estimate.status).toBe(200);
  });

  it('refuses a line whose amount would pass the per-cycle money limit', async () => {
    const { orgId, key } = await engine.createOrganization({
      plan: { setupFeeMinor: 0, monthlyFeeMinor: 0, usagePrices: [{ metric: 'calls', unit: 'call', unitPriceMinor: 1_000_000_000 }] },
    });
    const past = await engine.call('POST', `/v1/organizations/${orgId}/usage`, {
      key,
      body: { usageId: 'calls-1', metric: 'calls', quantity: 10_001 },
    });
    expect(past.status).toBe(422);
    expect(past.json.error.field).toBe('quantity');
  });

  it('an amount too large to bill is a typed, non-retryable failure', () => {
    let failure: unknown;
    try {
      computeInvoiceTotals('EUR', [{ description: 'seats', quantity: Number.MAX_SAFE_INTEGER, unitPriceMinor: 300, vatRateBp: 2100 }]);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'AmountOverflow', nonRetryable: true });
  });
});

describe('body limits', () => {
  it('answers 413 JSON to a 20 MB top-up, before reading it', async () => {
    const { orgId, key } = await engine.createOrganization();
    const body = JSON.stringify({ amountMinor: 1000, currency: 'EUR', padding: 'x'.repeat(20 * 1024 * 1024) });
    const response = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body, headers: { 'idempotency-key': 'big' } });
    expect(response.status).toBe(413);
    expect(response.json.error.code).toBe('payload_too_large');
    expect(await engine.models.IdempotencyRecord.countDocuments({})).toBe(0);
    expect(await engine.models.TopUpOrder.countDocuments({ orgId })).toBe(0);
  });

  it('limits unauthenticated bodies before their signature is checked', async () => {
    const bank = await engine.call('POST', '/v1/bank/credits', { body: 'x'.repeat(2 * 1024 * 1024) });
    expect(bank.status).toBe(413);
    const stripe = await engine.call('POST', '/v1/webhooks/stripe', {
      body: 'x'.repeat(300 * 1024),
      headers: { 'stripe-signature': 't=1,v1=x' },
    });
    expect(stripe.status).toBe(413);
    const paypal = await engine.call('POST', '/v1/webhooks/paypal', { body: 'x'.repeat(300 * 1024) });
    expect(paypal.status).toBe(413);
    // Under the limit, the same unsigned bank body is refused for its signature, as before.
    expect((await engine.call('POST', '/v1/bank/credits', { body: 'x'.repeat(1024) })).status).toBe(401);
  });

  it('lets a bank batch of 1,000 credits with the longest fields through', () => {
    const credits = Array.from({ length: 1000 }, () => ({
      bankTxId: 't'.repeat(100),
      amountMinor: Number.MAX_SAFE_INTEGER,
      currency: 'EUR',
      reference: 'r'.repeat(140),
      valueDate: '2026-11-25',
    }));
    expect(Buffer.byteLength(JSON.stringify({ credits }))).toBeLessThan(BANK_BATCH_BODY_LIMIT);
  });
});

describe('methods', () => {
  it('answers 405 with Allow for a method a route does not have, 404 for a path nobody routes', async () => {
    const { orgId, key } = await engine.createOrganization();
    const wrong = await engine.call('DELETE', `/v1/organizations/${orgId}/top-ups`, { key });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, POST');
    expect(wrong.json.error.code).toBe('method_not_allowed');
    expect((await engine.call('PUT', '/health')).status).toBe(405);
    expect((await engine.call('GET', '/v1/nothing-here', { key })).status).toBe(404);
  });
});
