/** A production .env as an operator would write it: every required value set, none of them a development one. */
export const PRODUCTION_ENV = {
  PUBLIC_BASE_URL: 'https://billing.example.net',
  ADMIN_API_KEY: 'prod-admin-7c1f0e9a2b4d',
  BANK_WEBHOOK_SECRET: 'prod-bank-3e8a91d0c5f2',
  RESEND_API_KEY: 're_live_5d2c9b1e',
  STRIPE_SECRET_KEY: 'sk_live_51Hx0000000000000000',
  STRIPE_WEBHOOK_SECRET: 'whsec_9f8e7d6c5b4a3210',
  PAYPAL_CLIENT_ID: 'AbCdEf0123456789',
  PAYPAL_CLIENT_SECRET: 'EfGhIj9876543210xyz',
  SELLER_IBAN: 'DE89 3704 0044 0532 0130 00',
  SELLER_BIC: 'COBADEFFXXX',
};
