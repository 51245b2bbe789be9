/** Production refuses every development value and every setting that would quietly send money or mail astray. */
import { loadConfig } from '../../config';
import { PRODUCTION_ENV } from '../helpers/production-env';

const PRODUCTION = { NODE_ENV: 'production', ...PRODUCTION_ENV, PAYPAL_ENVIRONMENT: 'production' };

it('accepts a complete production configuration', () => {
  expect(loadConfig(PRODUCTION)).toMatchObject({ NODE_ENV: 'production', SELLER_IBAN: 'DE89 3704 0044 0532 0130 00' });
});

it.each([
  ['BANK_WEBHOOK_SECRET', 'dev-bank-webhook-secret', /BANK_WEBHOOK_SECRET: a development value/],
  ['STRIPE_WEBHOOK_SECRET', 'whsec_dev_0000000000', /STRIPE_WEBHOOK_SECRET: a development value/],
  ['ADMIN_API_KEY', 'dev-admin-key-long-enough', /ADMIN_API_KEY: a development value/],
  ['PAYPAL_CLIENT_ID', 'dev-paypal-client-id', /PAYPAL_CLIENT_ID: a development value/],
  ['STRIPE_SECRET_KEY', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', /STRIPE_SECRET_KEY: a Stripe test-mode key/],
  ['RESEND_API_KEY', '', /RESEND_API_KEY: required/],
  ['PUBLIC_BASE_URL', 'http://127.0.0.1:3000', /PUBLIC_BASE_URL: a loopback address/],
  ['PUBLIC_BASE_URL', 'http://localhost:3000', /PUBLIC_BASE_URL: a loopback address/],
  ['PAYPAL_ENVIRONMENT', 'sandbox', /PAYPAL_ENVIRONMENT: sandbox/],
  ['SELLER_IBAN', 'DE89 3704 0044 0532 0130 01', /SELLER_IBAN: an IBAN whose check digits/],
  ['SELLER_IBAN', 'BE71 0961 2345 6769', /SELLER_IBAN: the example account/],
  ['SELLER_BIC', 'COBADEF', /SELLER_BIC: a BIC/],
])('refuses %s=%j', (name, value, message) => {
  expect(() => loadConfig({ ...PRODUCTION, [name]: value })).toThrow(message);
});

it('refuses a missing secret in production', () => {
  const { BANK_WEBHOOK_SECRET: _unset, ...rest } = PRODUCTION;
  expect(() => loadConfig(rest)).toThrow(/BANK_WEBHOOK_SECRET/);
});

it('validates the seller account in development too, but keeps the development defaults', () => {
  expect(loadConfig({ NODE_ENV: 'development' }).BANK_WEBHOOK_SECRET).toBe('dev-bank-webhook-secret');
  expect(() => loadConfig({ NODE_ENV: 'development', SELLER_IBAN: 'BE71 0961 2345 6768' })).toThrow(/SELLER_IBAN/);
});
