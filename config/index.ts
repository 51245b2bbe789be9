import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import { z } from 'zod';
import { durationMs } from '../domain/duration';

/**
 * Every setting the engine reads, with its default. The README's configuration table mirrors this file;
 * test/config.test.ts checks that docker-compose.yml sets nothing that is not here.
 */
/** A duration such as "30 days" or "90s", parsed here once into milliseconds (domain/duration.ts: Temporal's rules). */
const duration = z.string().transform((text, ctx) => {
  try {
    return durationMs(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'a duration such as "30 days"' });
    return z.NEVER;
  }
});
const durationList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean),
  )
  .pipe(z.array(duration));
/** Comma-separated IBANs, each checked (country format and check digits), kept in electronic form. */
const ibanList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((iban) => electronicFormatIBAN(iban.trim()) ?? '')
      .filter(Boolean),
  )
  .pipe(z.array(z.string().refine((iban) => isValidIBAN(iban), 'not a valid IBAN')));

const isProduction = process.env.NODE_ENV === 'production';
/** Development defaults for secrets; production refuses to start without real ones. */
const devSecret = (value: string) => (isProduction ? z.string().min(16) : z.string().min(8).default(value));

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('billing'),
  TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  /** A workflow bundle prebuilt at deploy time; without it the worker bundles the sources at start-up. */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /** Workflows kept in the worker's memory between tasks; at least the number of organizations per worker. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().positive().default(12_000),
  /** Workflow tasks a worker runs at once (see workerTuning in worker/index.ts for how 20 was chosen). */
  WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().positive().default(20),
  /** How long a workflow task waits for this worker on its sticky queue before any worker may take it (see workerTuning). */
  WORKER_STICKY_QUEUE_TIMEOUT: duration.default(durationMs('10 minutes')),
  /**
   * The SDK records a stack trace for every promise a workflow creates, for the Web UI's "Stack Trace" tab
   * (the `__stack_trace` query); off by default: it cost about 7 % of the worker's CPU at month-end
   * (bench:billing, 2026-12-03: 32.2 against 29.9 CPU s for 1,000 organizations).
   */
  WORKER_WORKFLOW_STACK_TRACES: z.enum(['on', 'off']).default('off'),
  MONGODB_URI: z.string().default('mongodb://127.0.0.1:27017/billing'),
  MONGODB_POOL_SIZE: z.coerce.number().int().positive().default(20),

  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: z.string().url().default('http://127.0.0.1:3000'),
  ADMIN_API_KEY: devSecret('dev-admin-key'),
  BANK_WEBHOOK_SECRET: devSecret('dev-bank-webhook-secret'),
  BANK_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().positive().default(300),
  /** The provider's other accounts besides SELLER_IBAN: statement credits count only on these. */
  BANK_ACCOUNT_IBANS: ibanList.default([]),
  /** Largest statement file an upload or the watched folder accepts. */
  BANK_STATEMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  /** A folder the embedded engine (npm start) watches for statement files; empty: off. */
  BANK_STATEMENT_WATCH_DIR: z.string().default(''),

  SELLER_NAME: z.string().default('Example Hosting Ltd'),
  SELLER_ADDRESS: z.string().default('1 Example Street, 1000 Brussels, Belgium'),
  SELLER_VAT_ID: z.string().default('BE0123456789'),
  SELLER_BANK_NAME: z.string().default('Example Bank'),
  SELLER_IBAN: z.string().default('BE71 0961 2345 6769').refine(isIban, 'an IBAN whose check digits and length match its country'),
  SELLER_BIC: z.string().default('GKCCBEBB').refine(isValidBIC, 'a BIC (8 or 11 characters: bank, country, location, branch)'),

  EMAIL_FROM: z.string().default('Billing <billing@example.com>'),
  RESEND_API_KEY: z.string().default(''),

  TOP_UP_MAX_MINOR: z.coerce.number().int().positive().default(10_000_000_00),
  TOP_UP_EXPIRY: duration.default(durationMs('30 days')),
  TOP_UP_REMINDERS: durationList.default(['7 days', '21 days'].map(durationMs)),
  PROFORMA_DUE_DAYS: z.coerce.number().int().positive().default(14),

  // Payment methods. Secrets have dev defaults only outside production, like the ones above.
  PAYPAL_CLIENT_ID: z.string().min(1).default('dev-paypal-client-id'),
  PAYPAL_CLIENT_SECRET: devSecret('dev-paypal-client-secret'),
  PAYPAL_ENVIRONMENT: z.enum(['sandbox', 'production']).default('sandbox'),
  /** Sends the PayPal SDK's requests to this origin instead of PayPal's host (tests, a local fake): see providers/paypal.ts. */
  PAYPAL_BASE_URL: z.string().url().optional(),
  /** The id PayPal gave our webhook subscription; PayPal webhooks are refused while it is empty. */
  PAYPAL_WEBHOOK_ID: z.string().default(''),
  STRIPE_SECRET_KEY: devSecret('sk_test_devonly0000000000'),
  STRIPE_WEBHOOK_SECRET: devSecret('whsec_devonly0000000000'),
  /** Stripe API origin override (stripe-mock, a local fake): protocol, host and port of this URL. */
  STRIPE_API_BASE: z.string().url().optional(),
  /** Stripe.js in the portal's card pages (public by design: Stripe hands it to browsers). */
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_[A-Za-z0-9]+$/, 'a Stripe publishable key (pk_test_… or pk_live_…)')
    .default('pk_test_devonly0000000000'),
  PAYPAL_APPROVAL_TIMEOUT: duration.default(durationMs('3 hours')),
  /** Requests per minute one client address may make to the routes that take no key (PayPal's browser return). */
  PUBLIC_ROUTE_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  CARD_SETUP_TIMEOUT: duration.default(durationMs('3 hours')),

  // Monthly billing cycle. These are the billing workflow's input when an organization is created
  // (and carried from cycle to cycle), so a change applies to workflows started afterwards.
  /** Start an organization's billing workflow when it is created; tests that do not bill turn it off. */
  BILLING_START_ON_ACTIVATION: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** "calendar-month" (in the organization's time zone) or a fixed length for demos and tests ("30 seconds"). */
  BILLING_CYCLE: z.union([z.literal('calendar-month'), duration]).default('calendar-month'),
  BILLING_WARN_BEFORE: duration.default(durationMs('3 days')),
  /** Usage reported up to a cycle's end still counts if it arrives within this; the charge waits for it. */
  BILLING_USAGE_SETTLE: duration.default(durationMs('5 minutes')),
  /** Retries of a failed collection, counted from its due date; suspension when the last one fails. */
  BILLING_DUNNING: durationList.default(['1 day', '3 days', '7 days'].map(durationMs)),
  BILLING_SUSPENDED_RETRY: duration.default(durationMs('7 days')),
  BILLING_ACTIVITY_TIMEOUT: duration.default(durationMs('2 minutes')),
  /** Cycles billed by one workflow run before it continues as new: a year of months keeps the history short. */
  /** A lost dispute (chargeback): reopen the cycle's debt in the billing workflow (dunning), or write it off. */
  DISPUTE_LOST: z.enum(['reopen', 'write_off']).default('reopen'),
  BILLING_CYCLES_PER_RUN: z.coerce.number().int().min(1).max(60).default(12),

  // Operating it. Logs are pino JSON on stdout at LOG_LEVEL (above); the API serves its
  // Prometheus metrics at GET /metrics on API_PORT. The worker serves Temporal's runtime metrics and a
  // readiness probe on ports of its own, bound to WORKER_HTTP_HOST; 0 turns either off.
  WORKER_HTTP_HOST: z.string().default('127.0.0.1'),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(9465),

  // The customer portal (/portal): a provider opens it with a single-use link from POST …/portal-sessions.
  /** How long a portal link may wait to be opened; it works once. */
  PORTAL_LINK_TTL: duration.default(durationMs('5 minutes')),
  /** How long the browser session the link opens lasts. */
  PORTAL_SESSION_TTL: duration.default(durationMs('4 hours')),
  /** Origins allowed to frame the portal (a provider's own portal), comma-separated; empty: no framing. */
  PORTAL_FRAME_ANCESTORS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),

  // Events out: webhooks to the provider's own systems. The retry settings are each delivery workflow's input
  // when it starts, so a change applies to endpoints whose workflow starts afterwards.
  WEBHOOK_RETRY_INITIAL: duration.default(durationMs('30 seconds')),
  WEBHOOK_RETRY_MAX: duration.default(durationMs('6 hours')),
  /** A delivery still failing this long after its first failure disables the endpoint and alerts ops. */
  WEBHOOK_RETRY_FOR: duration.default(durationMs('3 days')),
  WEBHOOK_TIMEOUT: duration.default(durationMs('10 seconds')),
  /** Deliveries to loopback, private and link-local addresses (SSRF): refused in production unless "true". */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z
    .enum(['true', 'false'])
    .default(isProduction ? 'false' : 'true')
    .transform((v) => v === 'true'),
});

export type Config = z.infer<typeof configSchema>;

/** The provider's own accounts in electronic form, SELLER_IBAN (the primary, printed on proformas) first. */
export function ownAccounts(config: Pick<Config, 'SELLER_IBAN' | 'BANK_ACCOUNT_IBANS'>): string[] {
  const primary = electronicFormatIBAN(config.SELLER_IBAN) ?? config.SELLER_IBAN;
  return [...new Set([primary, ...config.BANK_ACCOUNT_IBANS])];
}

function isIban(value: string): boolean {
  const electronic = electronicFormatIBAN(value);
  return electronic !== null && isValidIBAN(electronic);
}

const SECRETS = ['ADMIN_API_KEY', 'BANK_WEBHOOK_SECRET', 'PAYPAL_CLIENT_SECRET', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const;

/**
 * Values that ship with the code (this file's defaults, docker-compose.yml's former ones, the examples in the
 * README): anyone can read them, so a production engine holding one would let anyone sign bank credits or
 * webhooks, or would send customers' transfers to an example account.
 */
const DEVELOPMENT_VALUES = new Set([
  'dev-admin-key',
  'dev-bank-webhook-secret',
  'dev-paypal-client-id',
  'dev-paypal-client-secret',
  'sk_test_devonly0000000000',
  'whsec_devonly0000000000',
  'sk_test_dev_0000000000',
  'whsec_dev_0000000000',
]);
const EXAMPLE_SELLER_ACCOUNT = { SELLER_IBAN: 'BE71096123456769', SELLER_BIC: 'GKCCBEBB' };
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

/** What production refuses beyond the schema: each problem names its variable. */
export function productionProblems(config: Config): string[] {
  const problems: string[] = [];
  for (const name of [...SECRETS, 'PAYPAL_CLIENT_ID'] as const) {
    const value = config[name];
    if (DEVELOPMENT_VALUES.has(value) || /^dev[-_]|devonly/i.test(value)) problems.push(`${name}: a development value; set a real one`);
  }
  if (config.STRIPE_SECRET_KEY.startsWith('sk_test_')) problems.push('STRIPE_SECRET_KEY: a Stripe test-mode key');
  if (!config.RESEND_API_KEY) problems.push('RESEND_API_KEY: required (without it mail goes to the development outbox)');
  if (LOOPBACK_HOST.test(new URL(config.PUBLIC_BASE_URL).hostname)) {
    problems.push("PUBLIC_BASE_URL: a loopback address; customers' browsers must reach it");
  }
  if (config.PAYPAL_ENVIRONMENT === 'sandbox') problems.push('PAYPAL_ENVIRONMENT: sandbox');
  if (config.PAYPAL_BASE_URL) problems.push("PAYPAL_BASE_URL: a test override of PayPal's host");
  if (config.STRIPE_API_BASE) problems.push("STRIPE_API_BASE: a test override of Stripe's host");
  if (electronicFormatIBAN(config.SELLER_IBAN) === EXAMPLE_SELLER_ACCOUNT.SELLER_IBAN) problems.push('SELLER_IBAN: the example account');
  if (config.SELLER_BIC === EXAMPLE_SELLER_ACCOUNT.SELLER_BIC) problems.push('SELLER_BIC: the example bank');
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  const problems = parsed.success
    ? parsed.data.NODE_ENV === 'production'
      ? productionProblems(parsed.data)
      : []
    : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (!parsed.success || problems.length > 0) throw new Error(`invalid configuration: ${problems.join('; ')}`);
  return parsed.data;
}
