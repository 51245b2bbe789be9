/**
 * The product guide's three journeys in a real browser (Debian Chromium through playwright-core) against
 * the real engine (Temporal, FerretDB, the worker, the API over HTTP): a top-up until the balance is
 * credited, PayPal set-up through the PayPal fake's approval page, and a card set-up with Stripe's field
 * (the Stripe.js test double talking to the Stripe fake) followed by a 3-D Secure confirmation. Every
 * screen is saved under .data/portal-screens/, checked with axe-core and walked with the keyboard.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakePayPal, type FakePayPal } from '../fakes/paypal';
import { startFakeStripe, TEST_CARD_NUMBERS, type FakeStripe } from '../fakes/stripe';
import { BILLING_OVERRIDES, cycles, runCycleNow, saveDefaultCard } from '../helpers/billing';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { postStripe, providerOverrides } from '../helpers/payment-providers';
import { portalLink } from '../helpers/portal';
import { testClient } from '../helpers/temporal';
import { checkScreen, launchBrowser, newPortalContext, pressEnterOn, screenshot, startHttpServer } from './browser';

jest.setTimeout(120_000);

let engine: Engine;
let stripe: FakeStripe;
let paypal: FakePayPal;
let http: Awaited<ReturnType<typeof startHttpServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [stripe, paypal, http, browser] = await Promise.all([startFakeStripe(), startFakePayPal(), startHttpServer(), launchBrowser()]);
  engine = await startEngine({
    ...BILLING_OVERRIDES,
    ...providerOverrides(paypal, stripe),
    PUBLIC_BASE_URL: http.url,
    STRIPE_PUBLISHABLE_KEY: stripe.publishableKey,
  });
  http.serve((request, env) => engine.app.fetch(request, env as never));
});
beforeEach(async () => {
  context = await newPortalContext(browser, { stripeUrl: stripe.url, paypalUrl: paypal.url, portalOrigin: http.url });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});
afterAll(async () => {
  await browser?.close();
  await engine?.stop();
  await Promise.all([stripe?.close(), paypal?.close(), http?.close()]);
  await (await testClient()).close();
});

/** The element's text once it is visible (the page may still be loading). */
async function textOf(locator: ReturnType<Page['locator']>): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return (await locator.textContent()) ?? '';
}

async function openPortal(orgId: string, key: string) {
  await page.goto(await portalLink(engine, orgId, key));
  await page.waitForURL(`${http.url}/portal/billing`);
}

describe('the guide in a browser', () => {
  it('tops up: Prepaid balance, + Create topup payment order, OK, the proforma on screen and as PDF, then the bank credit', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Top-up Telephony' });
    await openPortal(orgId, key);
    await page.getByRole('heading', { name: 'Payment methods setup' }).waitFor({ state: 'visible' });
    await checkScreen(page, '01-billing-and-accounting');

    await pressEnterOn(page, page.getByRole('link', { name: '+ Top-up' }));
    await page.waitForURL('**/portal/balance');
    expect(await textOf(page.getByTestId('balance'))).toMatch('0.00 EUR');
    await checkScreen(page, '02-prepaid-balance');

    const amount = page.getByLabel('Amount to top-up (EUR)');
    expect(Number(await amount.inputValue())).toBeGreaterThan(0); // what covers the next cycle
    await amount.fill('150.00');
    await pressEnterOn(page, page.getByRole('button', { name: '+ Create topup payment order' }));
    const dialog = page.getByRole('dialog', { name: 'Create a top-up payment order?' });
    expect(await textOf(dialog)).toContain('150.00 EUR');
    await checkScreen(page, '03-top-up-confirm-dialog');

    await pressEnterOn(page, dialog.getByRole('button', { name: 'OK' }));
    await page.getByText('A top-up invoice is sent to your email address').waitFor({ state: 'visible' });
    const proformaNumber = (await page.getByTestId('proforma-number').textContent())!;
    const reference = (await page.getByTestId('payment-reference').textContent())!.replace(/\s/g, '');
    expect(proformaNumber).toMatch(/^PF-\d{4}-\d{6}$/);
    expect(reference).toMatch(/^RF\d{2}/);
    await page.getByText(engine.config.SELLER_IBAN).waitFor({ state: 'visible' });
    await checkScreen(page, '04-top-up-order');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      pressEnterOn(page, page.getByRole('link', { name: 'Download the proforma invoice (PDF)' })),
    ]);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // The e-mail that went out links back to this order's page.
    const mail = await eventually(async () => engine.models.OutboxEmail.findOne({ orgId, subject: new RegExp(proformaNumber) }).lean());
    expect(mail!.html).toContain(`${http.url}/portal/balance/top-ups/`);

    // The bank reports the transfer through the signed API; the balance screen shows it.
    const credit = await engine.reportCredits([
      { bankTxId: `tx-${randomUUID()}`, amountMinor: 15000, currency: 'EUR', reference, valueDate: '2026-12-01' },
    ]);
    expect(credit.status).toBe(200);
    // The balance moves first (the ledger), the order a moment later: paid, it leaves the open orders.
    await eventually(async () => {
      await page.goto(`${http.url}/portal/balance`);
      return (
        (await page.getByTestId('balance').textContent()) === '150.00 EUR' &&
        (await page.getByRole('link', { name: proformaNumber, exact: true }).count()) === 0
      );
    });
    await screenshot(page, '05-prepaid-balance-credited');

    await page.goto(`${http.url}/portal/invoices`);
    await page.getByRole('cell', { name: proformaNumber, exact: true }).waitFor({ state: 'visible' });
    await checkScreen(page, '06-invoices');
  });

  it('sets up PayPal: Setup PayPal, Agree & Continue at PayPal, the Billing Agreement number in the pane', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'PayPal Telephony' });
    await openPortal(orgId, key);
    await pressEnterOn(page, page.getByRole('button', { name: 'Setup PayPal' }));
    await page.waitForURL('https://www.sandbox.paypal.com/agreements/approve**');
    await screenshot(page, '07-paypal-approval');

    await pressEnterOn(page, page.getByRole('button', { name: 'Agree & Continue' }));
    await page.waitForURL(`${http.url}/portal/paypal/return`);
    await page.getByRole('heading', { name: 'PayPal is set up' }).waitFor({ state: 'visible', timeout: 30_000 });
    const agreement = (await page.locator('.agreement').textContent())!;
    const saved = await engine.models.PaymentMethod.findOne({ orgId, kind: 'paypal', status: 'active' }).lean();
    expect(agreement).toBe(saved!.paypal!.paymentTokenId);
    await checkScreen(page, '08-paypal-set-up');

    await page.goto(`${http.url}/portal/billing`);
    expect(await textOf(page.locator('.methods li[data-method]').first())).toContain(`Billing Agreement ${agreement}`);
    expect(await textOf(page.getByTestId('default-method'))).toContain(agreement);
    await screenshot(page, '09-billing-with-paypal');
  });

  it('saves a card with Stripe’s field (the number never reaches us) and completes 3-D Secure for a cycle', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Card Telephony' });
    await openPortal(orgId, key);
    await pressEnterOn(page, page.getByRole('button', { name: 'Setup Credit Card' }));
    await page.waitForURL('**/portal/card');
    await page.getByRole('heading', { name: 'Submit Credit Card details' }).waitFor({ state: 'visible' });
    await page.getByLabel('Card holder name').fill('Alex Cardholder');
    await page.getByLabel('Card number').fill(TEST_CARD_NUMBERS.authenticationRequired);
    await page.getByLabel('Expiration date (MM / YY)').fill('12 / 30');
    await page.getByLabel('Security code').fill('123');
    await checkScreen(page, '10-submit-credit-card');

    await pressEnterOn(page, page.getByRole('button', { name: 'Submit Credit Card' }));
    await page.waitForURL('**/portal/billing?saved=card');
    await page.getByText('Your card is saved.').waitFor({ state: 'visible' });
    expect(await textOf(page.getByTestId('default-method'))).toContain('VISA •••• 3155');
    await screenshot(page, '11-billing-with-card');

    // The holder's name went to Stripe as billing details; the card number went to Stripe only.
    const pm = [...stripe.paymentMethods.values()].find((m) => m.card.last4 === '3155' && m.billing_details.name);
    expect(pm!.billing_details.name).toBe('Alex Cardholder');
    const ours = http.received.map((r) => `${r.url}\n${r.body}`).join('\n');
    expect(http.received.length).toBeGreaterThan(5);
    expect(ours).not.toContain(TEST_CARD_NUMBERS.authenticationRequired);
    expect(ours).not.toContain(TEST_CARD_NUMBERS.authenticationRequired.slice(0, 12));

    // The cycle's off-session charge needs 3-D Secure: the e-mail links to the confirm page.
    const status = await runCycleNow(engine, orgId);
    expect(status.debts[0].lastOutcome).toBe('authentication_required');
    const [due] = await cycles(engine, orgId);
    const notice = await engine.models.OutboxEmail.findById(`payment-problem:${orgId}:${due.cycleId}:1`).lean();
    const link = `${http.url}/portal/billing/${due.cycleId}/confirm-payment`;
    expect(notice!.html).toContain(link);
    await page.goto(link);
    expect(await textOf(page.getByTestId('amount-due'))).toMatch(/\d+\.\d\d EUR/);
    await checkScreen(page, '12-confirm-payment');

    await pressEnterOn(page, page.getByRole('button', { name: 'Confirm the payment' }));
    const challenge = page.getByRole('dialog', { name: '3-D Secure authentication' });
    await challenge.waitFor({ state: 'visible' });
    await screenshot(page, '13-3ds-challenge');
    await page.keyboard.press('Enter'); // the challenge's "Complete authentication" has the focus
    await page.getByText('This cycle is paid. Thank you.').waitFor({ state: 'visible', timeout: 30_000 });
    await checkScreen(page, '14-payment-confirmed');

    const [paid] = await cycles(engine, orgId);
    expect(paid).toMatchObject({ state: 'paid', paidWith: 'card', invoiceNumber: expect.stringMatching(/^INV-/) });
    const intents = [...stripe.paymentIntents.values()].filter((pi) => pi.metadata.orgId === orgId);
    expect(intents.map((pi) => pi.status)).toEqual(['succeeded']);

    // Stripe's webhook for the same payment arrives after the portal's own confirmation: it finds nothing owed.
    const succeeded = stripe.browserEvents.find((e) => e.type === 'payment_intent.succeeded' && e.data.object.id === intents[0].id)!;
    const late = await postStripe(engine, succeeded);
    expect(late.json.outcome).toMatch(/^ignored: /);
    expect(await engine.models.Invoice.countDocuments({ orgId, series: 'final' })).toBe(1);

    // Ops credit the invoice: the Invoices screen lists the credit note with its PDF.
    const issued = await engine.call('POST', `/v1/admin/invoices/${paid.invoiceNumber}/credit-notes`, {
      key: ADMIN_KEY,
      body: { by: 'ops@provider.test', reason: 'Goodwill for the outage', lines: [{ line: 0, quantity: 1 }], refund: { to: 'payment' } },
    });
    expect(issued.status).toBe(200);
    const creditNote = issued.json.creditNote.number as string;
    await eventually(
      async () => (await engine.models.Refund.findOne({ creditNoteNumber: creditNote, status: 'succeeded' }).lean()) ?? false,
    );
    await page.goto(`${http.url}/portal/invoices`);
    await page.getByRole('cell', { name: paid.invoiceNumber!, exact: true }).first().waitFor({ state: 'visible' });
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: creditNote, exact: true }) });
    expect(await textOf(row)).toContain('Paid back to your card');
    expect(await row.textContent()).toContain('Goodwill for the outage');
    await checkScreen(page, '15-invoices-with-credit-note');
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      pressEnterOn(page, page.getByRole('link', { name: `Download PDF of ${creditNote}` })),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${creditNote}.pdf`);
    expect(
      readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('settles a cycle through Stripe’s webhook when the customer leaves right after 3-D Secure, once', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Leaving Telephony' });
    await saveDefaultCard(engine, stripe, orgId, 'authenticationRequired');
    const status = await runCycleNow(engine, orgId);
    expect(status.debts[0].lastOutcome).toBe('authentication_required');
    const [due] = await cycles(engine, orgId);
    await openPortal(orgId, key);

    // The browser completes 3-D Secure at Stripe, but the page's own confirmation never reaches us.
    await page.route('**/portal/billing/*/confirm-payment', (route) =>
      route.request().method() === 'POST' ? route.abort('connectionclosed') : route.continue(),
    );
    await page.goto(`${http.url}/portal/billing/${due.cycleId}/confirm-payment`);
    const confirmation = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/confirm-payment'));
    await pressEnterOn(page, page.getByRole('button', { name: 'Confirm the payment' }));
    await page.getByRole('dialog', { name: '3-D Secure authentication' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await confirmation;
    const [intent] = [...stripe.paymentIntents.values()].filter((pi) => pi.metadata.orgId === orgId);
    expect(intent.status).toBe('succeeded');
    expect((await cycles(engine, orgId))[0].state).toBe('due');

    // Stripe's payment_intent.succeeded: billing collects now, finds the payment and issues the invoice.
    const event = stripe.browserEvents.find((e) => e.type === 'payment_intent.succeeded' && e.data.object.id === intent.id)!;
    expect((await postStripe(engine, event)).json.outcome).toBe(`retrying ${due.cycleId} of ${orgId}`);
    const paid = await eventually(async () => {
      const [cycle] = await cycles(engine, orgId);
      return cycle.state === 'paid' && cycle.invoiceNumber ? cycle : undefined;
    });
    expect(paid.attempts!.filter((a) => a.outcome === 'paid').map((a) => a.providerRef)).toEqual([intent.id]);
    expect((await postStripe(engine, event)).json.duplicate).toBe(true);

    // The customer comes back: the page says it is paid, and its confirmation, sent late, changes nothing.
    await page.unroute('**/portal/billing/*/confirm-payment');
    await page.goto(`${http.url}/portal/billing/${due.cycleId}/confirm-payment`);
    await page.getByText('This cycle is paid. Thank you.').waitFor({ state: 'visible' });
    await page.goto(`${http.url}/portal/billing`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const resent = await page.request.post(`${http.url}/portal/billing/${due.cycleId}/confirm-payment`, {
      form: { _csrf: csrf, paymentIntentId: intent.id },
      maxRedirects: 0,
    });
    expect(resent.status()).toBe(303);
    expect([...stripe.paymentIntents.values()].filter((pi) => pi.metadata.orgId === orgId)).toHaveLength(1);
    expect(await engine.models.Invoice.countDocuments({ orgId, series: 'final' })).toBe(1);
    expect((await cycles(engine, orgId))[0].attempts!.filter((a) => a.outcome === 'paid')).toHaveLength(1);
  });
});
