/**
 * What the API fuzz run (test/hardening/api-fuzz.test.ts) found, each pinned by a plain request: the answer
 * to a method a path lacks lists the document's methods for that path, the bank route's other methods are
 * 405 rather than "unsigned", malformed JSON names the body, and a workflow's refusal names its field.
 */
import { OPERATOR } from '../helpers/billing';
import { ADMIN_KEY, engineForThisFile } from '../helpers/engine';

const engine = engineForThisFile({ BILLING_START_ON_ACTIVATION: 'true' });

it("answers 405 with the document's methods for the path, not those of a path parameter's route", async () => {
  const { orgId, key } = await engine.createOrganization();
  const options = await engine.call('OPTIONS', `/v1/organizations/${orgId}/payment-methods/card`, { key });
  expect(options.status).toBe(405);
  expect(options.headers.get('allow')).toBe('GET, POST'); // not DELETE, which is `/payment-methods/{methodId}`'s
  const put = await engine.call('PUT', '/v1/bank/credits', { key: ADMIN_KEY, body: { credits: [] } });
  expect(put.status).toBe(405);
  expect(put.headers.get('allow')).toBe('POST');
});

it('names the body when it is not JSON, and the field a workflow refuses', async () => {
  const { orgId, key } = await engine.createOrganization();
  const malformed = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
    key,
    body: '{"amountMinor": 5',
    headers: { 'content-type': 'application/json' },
  });
  expect(malformed.status).toBe(400);
  expect(malformed.json.error).toMatchObject({ code: 'invalid_request', field: '(body)' });

  const plan = {
    setupFeeMinor: 0,
    monthlyFeeMinor: 0,
    usagePrices: [1, 2].map(() => ({ metric: 'seats', unit: 'seat', unitPriceMinor: 1 })),
  };
  const refused = await engine.call('PUT', `/v1/admin/organizations/${orgId}/billing/plan`, {
    key: ADMIN_KEY,
    body: { ...OPERATOR, plan },
  });
  expect(refused.status).toBe(400);
  expect(refused.json.error).toMatchObject({ code: 'invalid_request', field: 'plan.usagePrices' });
});
