/**
 * The customer portal under /portal: open a link, then the screens of the product guide. Every page acts
 * through the JSON API as the session's organization (engine-api.ts), and reads through it too, except the
 * Prepaid balance page and its forms: they read the overview and the open orders from the services the
 * routes use (api/billing-reads.ts), always for the session's organization, so the page most visited costs
 * no in-process HTTP round trip. The few things the API has no customer route for (the 3-D Secure page's
 * PaymentIntent, telling billing the payment is done) are checked against Stripe here first.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { setCookie } from 'hono/cookie';
import type { Currency } from '../../domain/money';
import { parseMajorAmount } from '../../domain/money';
import { epcQrPng } from '../../activities/pdf';
import { createStripeClient } from '../../providers/stripe';
import { ApiError } from '../errors';
import { retryCollectionByOperator } from '../operator-actions';
import type { AppDeps } from '../types';
import { CreditNotesSection } from './credit-notes-page';
import type { OrganizationApi } from './engine-api';
import { PortalApiError } from './engine-api';
import {
  BalancePage,
  BillingPage,
  CardSetupPage,
  ConfirmPaymentPage,
  ConfirmTopUpPage,
  type FieldErrors,
  InvoicesPage,
  MessagePage,
  Notice,
  type PageChrome,
  type SavedMethod,
  STATIC_PATH,
  type TopUpOrder,
  TopUpOrderPage,
} from './pages';
import {
  formFields,
  PortalCsrfRejected,
  type PortalEnv,
  PortalSessionMissing,
  portalHeaders,
  requirePortalSession,
  sessionCookieOptions,
} from './security';
import { openPortalLink, SESSION_COOKIE } from './session';

const STATIC_DIR = join(__dirname, 'static');
const staticFile = (name: string, type: string) => ({ body: readFileSync(join(STATIC_DIR, name), 'utf8'), type });

export function portalRoutes(deps: AppDeps, apiFor: (orgId: string) => OrganizationApi) {
  const { models, config, reads } = deps;
  const portal = new Hono<PortalEnv>();
  const stripe = createStripeClient(config);
  const files: Record<string, { body: string; type: string }> = {
    'portal.css': staticFile('portal.css', 'text/css; charset=utf-8'),
    'portal-card.js': staticFile('portal-card.js', 'text/javascript; charset=utf-8'),
  };

  portal.use('*', portalHeaders(config));
  portal.onError((error, c) => {
    if (error instanceof PortalSessionMissing)
      return c.html(
        <MessagePage title="Your session has ended" kind="error">
          Open the billing portal again from your provider's portal: portal links work once and sessions last a few hours.
        </MessagePage>,
        401,
      );
    if (error instanceof PortalCsrfRejected)
      return c.html(
        <MessagePage title="Form expired" kind="error" links={[{ href: '/portal/billing', label: 'Back to payment methods' }]}>
          This form was not sent from your current portal session. Open the page again and resend it.
        </MessagePage>,
        403,
      );
    if ((error instanceof PortalApiError || error instanceof ApiError) && error.status === 404)
      return c.html(
        <MessagePage
          title="Not found"
          kind="error"
          chrome={chromeOf(c)}
          links={[{ href: '/portal/billing', label: 'Back to payment methods' }]}
        >
          There is nothing here for your organization.
        </MessagePage>,
        404,
      );
    if (error instanceof PortalApiError && error.status < 500)
      return c.html(
        <MessagePage
          title="That did not work"
          kind="error"
          chrome={chromeOf(c)}
          links={[{ href: '/portal/billing', label: 'Back to payment methods' }]}
        >
          {error.message}
        </MessagePage>,
        error.status === 409 ? 409 : 400,
      );
    c.get('requestId'); // the request id is in the API's log line for this request
    return c.html(
      <MessagePage title="Something went wrong" kind="error" chrome={chromeOf(c)}>
        Please try again in a moment.
      </MessagePage>,
      500,
    );
  });

  portal.get(`/static/:name`, (c) => {
    const file = files[c.req.param('name')];
    if (!file) return c.text('not found', 404);
    c.header('cache-control', 'public, max-age=300');
    return c.body(file.body, 200, { 'content-type': file.type });
  });

  // ---- opening a link ----

  portal.get('/open/:token', async (c) => {
    const opened = await openPortalLink(deps, c.req.param('token'));
    if (opened.outcome !== 'opened') {
      const why = {
        unknown: 'This portal link is not valid.',
        expired: 'This portal link has expired.',
        used: 'This portal link was already used.',
      }[opened.outcome];
      return c.html(
        <MessagePage title="Link not valid" kind="error">
          {why} Open the billing portal again from your provider's portal to get a new one.
        </MessagePage>,
        opened.outcome === 'unknown' ? 404 : 410,
      );
    }
    const maxAge = Math.floor(config.PORTAL_SESSION_TTL / 1000);
    setCookie(c, SESSION_COOKIE, opened.cookieValue, sessionCookieOptions(config, maxAge));
    return c.redirect('/portal/billing', 303);
  });

  portal.use('*', requirePortalSession(models));
  const chromeOf = (c: Context<PortalEnv>): PageChrome & { csrfToken: string } => {
    const session = c.get('portal');
    return session ? { csrfToken: session.csrfToken, ...(session.returnUrl ? { returnUrl: session.returnUrl } : {}) } : { csrfToken: '' };
  };
  const api = (c: Context<PortalEnv>) => apiFor(c.get('portal').orgId);

  portal.get('/', (c) => c.redirect('/portal/billing', 303));

  // ---- Billing and Accounting ----

  async function billingPage(
    c: Context<PortalEnv>,
    extra: { notice?: Child; detailErrors?: FieldErrors; details?: Record<string, string> } = {},
  ) {
    const [overview, methods] = await Promise.all([api(c).get('/billing'), api(c).get('/payment-methods')]);
    const org = overview.organization;
    const status = extra.detailErrors ? 400 : 200;
    return c.html(
      <BillingPage
        chrome={chromeOf(c)}
        defaultMethod={methods.default}
        methods={methods.methods as SavedMethod[]}
        details={{
          name: extra.details?.name ?? org.name,
          billingEmail: extra.details?.billingEmail ?? org.billingEmail,
          address: extra.details?.address ?? org.address,
          vatId: extra.details?.vatId ?? org.vatId,
        }}
        detailErrors={extra.detailErrors}
        notice={extra.notice}
      />,
      status,
    );
  }

  portal.get('/billing', (c) => {
    const saved = c.req.query('saved');
    const notices: Record<string, string> = {
      details: 'Billing details saved.',
      default: 'Default payment method changed.',
      removed: 'Payment method removed.',
      card: 'Your card is saved.',
    };
    return billingPage(c, saved && notices[saved] ? { notice: <Notice kind="ok">{notices[saved]}</Notice> } : {});
  });

  portal.post('/billing/details', async (c) => {
    const fields = await formFields(c);
    const change = {
      name: fields.name ?? '',
      billingEmail: fields.billingEmail ?? '',
      address: fields.address ?? '',
      vatId: fields.vatId ?? '',
    };
    try {
      await api(c).patch('', change);
    } catch (error) {
      if (!(error instanceof PortalApiError) || error.status !== 400) throw error;
      const detailErrors: FieldErrors = {};
      for (const issue of error.body.error.issues ?? []) detailErrors[issue.field] ??= issue.message;
      return billingPage(c, {
        detailErrors,
        details: change,
        notice: <Notice kind="error">The billing details were not saved: correct the fields marked below.</Notice>,
      });
    }
    return c.redirect('/portal/billing?saved=details', 303);
  });

  portal.post('/payment-methods/default', async (c) => {
    const fields = await formFields(c);
    const method = fields.method;
    await api(c).put('/payment-methods/default', {
      method,
      ...(fields.paymentMethodId ? { paymentMethodId: fields.paymentMethodId } : {}),
    });
    return c.redirect('/portal/billing?saved=default', 303);
  });

  portal.post('/payment-methods/:methodId/remove', async (c) => {
    await formFields(c);
    await api(c).delete(`/payment-methods/${encodeURIComponent(c.req.param('methodId'))}`);
    return c.redirect('/portal/billing?saved=removed', 303);
  });

  // ---- Prepaid balance ----

  async function balancePage(c: Context<PortalEnv>, extra: { amountText?: string; amountError?: string; notice?: Child } = {}) {
    const orgId = c.get('portal').orgId;
    const [overview, openOrders] = await Promise.all([reads.overview(orgId), reads.openOrders(orgId)]);
    const currency = overview.balance.currency as Currency;
    const balanceMinor = overview.balance.amountMinor;
    const nextCycleMinor = overview.nextCycleEstimate.totalMinor;
    const suggestedMinor = nextCycleMinor > balanceMinor ? nextCycleMinor - balanceMinor : nextCycleMinor;
    return c.html(
      <BalancePage
        chrome={chromeOf(c)}
        currency={currency}
        balanceMinor={balanceMinor}
        nextCycleMinor={nextCycleMinor}
        cyclesCovered={nextCycleMinor > 0 ? Math.max(0, Math.floor(balanceMinor / nextCycleMinor)) : null}
        suggestedMinor={Math.max(suggestedMinor, 1)}
        openOrders={openOrders}
        amountText={extra.amountText}
        amountError={extra.amountError}
        notice={extra.notice ?? (c.req.query('cancelled') ? <Notice kind="ok">The order is cancelled.</Notice> : undefined)}
      />,
      extra.amountError ? 400 : 200,
    );
  }

  portal.get('/balance', (c) => balancePage(c));

  portal.post('/balance/top-ups', async (c) => {
    const fields = await formFields(c);
    const overview = await reads.overview(c.get('portal').orgId);
    const currency = overview.balance.currency as Currency;
    const amountText = fields.amount ?? '';
    const amountMinor = parseMajorAmount(amountText, currency);
    if (!amountMinor) return balancePage(c, { amountText, amountError: `Enter an amount in ${currency}, such as 150.00` });
    // The nonce becomes the order's Idempotency-Key: pressing OK twice (or reloading) orders once.
    return c.html(
      <ConfirmTopUpPage
        chrome={chromeOf(c)}
        amountMinor={amountMinor}
        currency={currency}
        nonce={randomBytes(16).toString('hex')}
        warning={overview.balanceCoversNextCycle ? undefined : overview.warning}
      />,
    );
  });

  portal.post('/balance/top-ups/confirm', async (c) => {
    const fields = await formFields(c);
    const overview = await reads.overview(c.get('portal').orgId);
    const currency = overview.balance.currency as Currency;
    const amountMinor = Number(fields.amountMinor);
    const nonce = /^[0-9a-f]{32}$/.test(fields.nonce ?? '') ? fields.nonce : undefined;
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0 || !nonce) return c.redirect('/portal/balance', 303);
    try {
      const order = await api(c).post('/top-ups', { amountMinor, currency }, `portal-top-up:${nonce}`);
      return c.redirect(`/portal/balance/top-ups/${encodeURIComponent(order.orderId)}?created=1`, 303);
    } catch (error) {
      if (!(error instanceof PortalApiError) || error.status !== 400) throw error;
      return balancePage(c, { amountText: String(amountMinor), amountError: error.body.error.issues?.[0]?.message ?? error.message });
    }
  });

  portal.get('/balance/top-ups/:orderId', async (c) => {
    const order = (await api(c).get(`/top-ups/${encodeURIComponent(c.req.param('orderId'))}`)) as TopUpOrder;
    const owedMinor = order.amountMinor - order.receivedMinor;
    // Scan to pay, as on the proforma, but for what is still owed: a part payment already made is not asked again.
    const open = order.state === 'awaiting_payment' || order.state === 'partially_paid';
    const qr =
      open && order.currency === 'EUR' && owedMinor > 0
        ? await epcQrPng({
            bic: order.bankDetails.bic,
            beneficiaryName: config.SELLER_NAME,
            iban: order.bankDetails.iban,
            amountMinor: owedMinor,
            reference: order.paymentReference,
            note: order.proforma.number,
          })
        : undefined;
    return c.html(
      <TopUpOrderPage
        chrome={chromeOf(c)}
        order={order}
        justCreated={c.req.query('created') === '1'}
        qrDataUrl={qr ? `data:image/png;base64,${qr.toString('base64')}` : undefined}
      />,
    );
  });

  portal.post('/balance/top-ups/:orderId/cancel', async (c) => {
    await formFields(c);
    await api(c).post(`/top-ups/${encodeURIComponent(c.req.param('orderId'))}/cancel`, { reason: 'cancelled in the portal' });
    return c.redirect('/portal/balance?cancelled=1', 303);
  });

  // ---- Invoices ----

  portal.get('/invoices', async (c) => {
    const after = c.req.query('after');
    const [page, creditNotes] = await Promise.all([
      api(c).get(`/invoices?limit=100${after ? `&startingAfter=${encodeURIComponent(after)}` : ''}`),
      api(c).get('/credit-notes?limit=100'),
    ]);
    const older = page.hasMore ? `/portal/invoices?after=${encodeURIComponent(page.nextCursor)}` : undefined;
    return c.html(
      <InvoicesPage chrome={chromeOf(c)} invoices={page.data} olderHref={older}>
        <CreditNotesSection creditNotes={creditNotes.data} />
      </InvoicesPage>,
    );
  });

  /** A PDF the API answered for the session's organization (another's is the API's 404), passed through. */
  const pdfThrough = (answer: Response) =>
    new Response(answer.body, {
      status: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': answer.headers.get('content-disposition') ?? 'attachment',
        'cache-control': 'private, no-store',
      },
    });
  portal.get('/invoices/:invoiceId/pdf', async (c) =>
    pdfThrough(await api(c).get(`/invoices/${encodeURIComponent(c.req.param('invoiceId'))}/pdf`)),
  );
  portal.get('/credit-notes/:number/pdf', async (c) =>
    pdfThrough(await api(c).get(`/credit-notes/${encodeURIComponent(c.req.param('number'))}/pdf`)),
  );

  // ---- Setup PayPal ----

  portal.post('/paypal/setup', async (c) => {
    await formFields(c);
    const setup = await api(c).post('/payment-methods/paypal', { makeDefault: true });
    if (!setup.approvalUrl) return c.redirect('/portal/paypal/return', 303);
    return c.redirect(setup.approvalUrl, 303);
  });

  /** PayPal's return and cancel URLs (api/routes/payment-methods.ts) send browsers here once they have recorded the answer. */
  portal.get('/paypal/:outcome{return|cancel}', async (c) => {
    const chrome = chromeOf(c);
    const back = [{ href: '/portal/billing', label: 'Back to payment methods' }];
    let setup: { state: string; method?: SavedMethod; error?: { message: string } } | undefined;
    try {
      setup = await api(c).get('/payment-methods/paypal');
    } catch (error) {
      if (!(error instanceof PortalApiError) || error.status !== 404) throw error;
    }
    if (setup?.state === 'active' && setup.method)
      return c.html(
        <MessagePage title="PayPal is set up" kind="ok" chrome={chrome} links={back}>
          Billing Agreement <strong class="agreement">{setup.method.billingAgreementNumber}</strong> is saved.
        </MessagePage>,
      );
    if (setup && ['awaiting_approval', 'vaulting', 'creating'].includes(setup.state) && c.req.param('outcome') === 'return')
      return c.html(
        <MessagePage title="Confirming with PayPal" chrome={chrome} refreshSeconds={2} links={back}>
          Your approval was received; we are confirming the billing agreement with PayPal. This page refreshes by itself.
        </MessagePage>,
      );
    return c.html(
      <MessagePage title="PayPal was not set up" kind="error" chrome={chrome} links={back}>
        {setup?.state === 'cancelled' || c.req.param('outcome') === 'cancel'
          ? 'The PayPal set-up was cancelled. You can start it again at any time.'
          : (setup?.error?.message ?? 'The PayPal set-up did not finish. You can start it again.')}
      </MessagePage>,
    );
  });

  // ---- Setup Credit Card ----

  portal.post('/card/setup', async (c) => {
    await formFields(c);
    await api(c).post('/payment-methods/card', { makeDefault: true });
    return c.redirect('/portal/card', 303);
  });

  portal.get('/card', async (c) => {
    const setup = await api(c).get('/payment-methods/card');
    if (setup.state !== 'awaiting_confirmation' || !setup.clientSecret)
      return c.html(
        <MessagePage title="Setup Credit Card" chrome={chromeOf(c)} links={[{ href: '/portal/billing', label: 'Back to payment methods' }]}>
          No card set-up is waiting. Choose Setup Credit Card on the payment methods page to start one.
        </MessagePage>,
      );
    return c.html(
      <CardSetupPage
        chrome={chromeOf(c)}
        stripe={{
          publishableKey: config.STRIPE_PUBLISHABLE_KEY,
          clientSecret: setup.clientSecret,
          returnUrl: `${config.PUBLIC_BASE_URL}/portal/card/return`,
        }}
        lastError={setup.lastSetupError?.message}
      />,
    );
  });

  /** Stripe.js's confirmSetup returns here; the API checks the SetupIntent with Stripe before saving anything. */
  portal.get('/card/return', async (c) => {
    const setupIntentId = c.req.query('setup_intent') ?? '';
    const result = await api(c).post('/payment-methods/card/confirm', { setupIntentId });
    if (result.state === 'active') return c.redirect('/portal/billing?saved=card', 303);
    return c.redirect('/portal/card', 303);
  });

  // ---- Confirm a payment (3-D Secure), linked from the "action needed" e-mail ----

  /** The cycle's PaymentIntent that awaits authentication, read from Stripe and checked to be this organization's. */
  async function intentAwaitingCustomer(
    orgId: string,
    cycle: { cycleId: string; collectionAttempts: { outcome?: string; providerRef?: string }[] },
  ) {
    const ref = [...cycle.collectionAttempts].reverse().find((a) => a.outcome === 'authentication_required' && a.providerRef)?.providerRef;
    if (!ref?.startsWith('pi_')) return undefined;
    const intent = await stripe.paymentIntents.retrieve(ref);
    if (intent.metadata?.orgId !== orgId || intent.metadata?.cycleId !== cycle.cycleId) return undefined;
    return intent;
  }

  portal.get('/billing/:cycleId/confirm-payment', async (c) => {
    const { orgId } = c.get('portal');
    const cycle = await api(c).get(`/billing/cycles/${encodeURIComponent(c.req.param('cycleId'))}`);
    const page = (extra: Partial<Parameters<typeof ConfirmPaymentPage>[0]>) =>
      c.html(
        <ConfirmPaymentPage
          chrome={chromeOf(c)}
          cycleId={cycle.cycleId}
          amountMinor={cycle.totalMinor ?? 0}
          currency={cycle.currency}
          {...extra}
        />,
      );
    if (cycle.state !== 'due')
      return page({ settled: cycle.state === 'paid' ? 'This cycle is paid. Thank you.' : 'Nothing is owed for this cycle.' });
    const intent = await intentAwaitingCustomer(orgId, cycle);
    if (!intent?.client_secret) return page({ settled: 'This payment does not need your confirmation: it is retried automatically.' });
    if (intent.status === 'succeeded') return page({ settled: 'The payment is confirmed; the invoice follows by e-mail.' });
    const paymentMethodId = typeof intent.payment_method === 'string' ? intent.payment_method : (intent.payment_method?.id ?? '');
    return page({
      stripe: {
        publishableKey: config.STRIPE_PUBLISHABLE_KEY,
        clientSecret: intent.client_secret,
        paymentMethodId,
        returnUrl: `${config.PUBLIC_BASE_URL}/portal/billing/${encodeURIComponent(cycle.cycleId)}/confirm-payment`,
      },
    });
  });

  /**
   * After Stripe.js completed 3-D Secure: once Stripe says the PaymentIntent succeeded, billing is told to
   * collect now (it finds the payment at Stripe, takes nothing more, and issues the final invoice).
   */
  portal.post('/billing/:cycleId/confirm-payment', async (c) => {
    await formFields(c);
    const { orgId } = c.get('portal');
    const cycle = await api(c).get(`/billing/cycles/${encodeURIComponent(c.req.param('cycleId'))}`);
    const intent = cycle.state === 'due' ? await intentAwaitingCustomer(orgId, cycle) : undefined;
    if (intent?.status === 'succeeded') {
      await retryCollectionByOperator(deps, orgId, { by: `customer ${orgId}`, reason: 'completed 3-D Secure in the portal' }).catch(
        (error: unknown) => {
          // Nothing owed any more: billing already learned of the payment.
          if ((error as { status?: number }).status !== 409) throw error;
        },
      );
    }
    return c.redirect(`/portal/billing/${encodeURIComponent(cycle.cycleId)}/confirm-payment`, 303);
  });

  return portal;
}

export { STATIC_PATH };
