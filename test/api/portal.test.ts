/**
 * The customer portal without a browser (the journeys in a real browser are test/browser/): portal links
 * (single use, short life), the session cookie, CSRF on every form, security headers, and that one
 * organization's session never reaches another's pages, PDFs or actions.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { formatMajorAmount } from '../../domain/money';
import { isValidRfReference } from '../../domain/rf-reference';
import { bankCredit } from '../helpers/api-client';
import { createOpenOrderList } from '../../models/top-up-order';
import type { FakeStripe } from '../fakes/stripe';
import { BILLING_OVERRIDES, cycles, OPERATOR, orderTopUp, runCycleNow, topUp } from '../helpers/billing';
import { ADMIN_KEY, eventually, type Engine } from '../helpers/engine';
import { startEngineWithFakeProviders } from '../helpers/payment-providers';
import { portalLink, portalVisitor } from '../helpers/portal';
import { testClient } from '../helpers/temporal';
import { startEngine } from '../helpers/engine';

let engine: Engine;
let stripe: FakeStripe;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ engine, stripe, stop } = await startEngineWithFakeProviders(BILLING_OVERRIDES));
});
afterAll(async () => {
  await stop();
  await (await testClient()).close();
});

describe('portal links', () => {
  it('are made for the organization (its key or the admin), open once, and set an HttpOnly, SameSite cookie on /portal', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Link Test Ltd' });
    const other = await engine.createOrganization();
    expect((await engine.call('POST', `/v1/organizations/${orgId}/portal-sessions`, { key: other.key, body: {} })).status).toBe(404);
    const bad = await engine.call('POST', `/v1/organizations/${orgId}/portal-sessions`, {
      key,
      body: { returnUrl: 'javascript:alert(1)' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('returnUrl');

    const created = await engine.call('POST', `/v1/organizations/${orgId}/portal-sessions`, {
      key,
      body: { returnUrl: 'https://provider.example/account' },
    });
    expect(created.status).toBe(201);
    expect(created.json.url).toMatch(new RegExp(`^${engine.config.PUBLIC_BASE_URL}/portal/open/[A-Za-z0-9_-]{40,}$`));
    const minutes = (Date.parse(created.json.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4);
    expect(minutes).toBeLessThanOrEqual(5);

    const opened = await engine.app.request(new URL(created.json.url).pathname);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/portal/billing');
    const cookie = opened.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^billing_portal=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/portal');
    expect(cookie).toMatch(/Max-Age=14400/);

    const visitor = portalVisitor(engine);
    visitor.cookie = cookie.split(';')[0];
    const page = await visitor.get('/portal/billing');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Link Test Ltd');
    expect(page.text).toContain('href="https://provider.example/account"');

    // The same link again (another browser, a replay): a clear page, no session, no data.
    const again = await engine.app.request(new URL(created.json.url).pathname);
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    const againText = await again.text();
    expect(againText).toContain('already used');
    expect(againText).not.toContain('Link Test Ltd');
  });

  it('refuse a forged or expired link with a page that shows no data', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Expiry Ltd' });
    const forged = await engine.app.request('/portal/open/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('not valid');

    const url = await portalLink(engine, orgId, key);
    await engine.models.PortalLink.updateMany({ orgId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await engine.app.request(new URL(url).pathname);
    expect(expired.status).toBe(410);
    const text = await expired.text();
    expect(text).toContain('expired');
    expect(text).not.toContain('Expiry Ltd');
    expect(expired.headers.get('set-cookie')).toBeNull();
  });

  it('every page needs a session; an ended session gets the "session has ended" page', async () => {
    const { orgId, key } = await engine.createOrganization();
    for (const path of [
      '/portal/billing',
      '/portal/balance',
      '/portal/invoices',
      '/portal/card',
      '/portal/billing/2026-11/confirm-payment',
    ]) {
      const answer = await engine.app.request(path);
      expect([path, answer.status]).toEqual([path, 401]);
      expect(await answer.text()).toContain('session has ended');
    }
    const visitor = portalVisitor(engine);
    await visitor.open(await portalLink(engine, orgId, key));
    const reads = jest.spyOn(engine.models.PortalSession, 'findById');
    for (let page = 0; page < 3; page++) expect((await visitor.get('/portal/billing')).status).toBe(200);
    expect(reads.mock.calls.length).toBeLessThanOrEqual(1); // pages in a row read the session once
    reads.mockRestore();
    // Ended in the database (as ops would end it): within the few seconds a process trusts what it has read.
    await engine.models.PortalSession.updateMany({ orgId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await eventually(async () => (await visitor.get('/portal/billing')).status === 401, { timeoutMs: 5_000 });
  });
});

describe('portal security headers', () => {
  it('allow Stripe.js and nothing else external, refuse framing by default, and keep pages out of caches', async () => {
    const { orgId, key } = await engine.createOrganization();
    const visitor = portalVisitor(engine);
    const page = await visitor.open(await portalLink(engine, orgId, key));
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' https://js.stripe.com");
    expect(csp).toContain('frame-src https://js.stripe.com https://hooks.stripe.com');
    expect(csp).toContain("connect-src 'self' https://api.stripe.com");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' https://www.sandbox.paypal.com");
    // Nothing external but Stripe's hosts and PayPal's approval page (the form-action redirect).
    const hosts = [...csp.matchAll(/https:\/\/[^\s;]+/g)].map((m) => m[0]);
    expect(new Set(hosts)).toEqual(
      new Set(['https://js.stripe.com', 'https://hooks.stripe.com', 'https://api.stripe.com', 'https://www.sandbox.paypal.com']),
    );
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('let the origins PORTAL_FRAME_ANCESTORS names frame the portal, with a cookie a framed page still gets', async () => {
    const framed = await startEngine({ PORTAL_FRAME_ANCESTORS: 'https://portal.provider.example, https://admin.provider.example' });
    try {
      const { orgId, key } = await framed.createOrganization();
      const opened = await framed.app.request(new URL(await portalLink(framed, orgId, key)).pathname);
      expect(opened.headers.get('content-security-policy')).toContain(
        'frame-ancestors https://portal.provider.example https://admin.provider.example',
      );
      expect(opened.headers.get('x-frame-options')).toBeNull();
      expect(opened.headers.get('set-cookie')).toMatch(/SameSite=None/);
      expect(opened.headers.get('set-cookie')).toMatch(/Secure/);
    } finally {
      await framed.stop();
    }
  });
});

describe('CSRF', () => {
  it('refuses every form post without the session token, and changes nothing', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Csrf Ltd' });
    const visitor = portalVisitor(engine);
    await visitor.open(await portalLink(engine, orgId, key));
    const forms: [string, Record<string, string>][] = [
      ['/portal/billing/details', { name: 'Hacked', billingEmail: 'evil@example.com', address: '', vatId: '' }],
      ['/portal/payment-methods/default', { method: 'prepaid' }],
      ['/portal/payment-methods/card_pm_x/remove', {}],
      ['/portal/balance/top-ups', { amount: '10.00' }],
      ['/portal/balance/top-ups/confirm', { amountMinor: '1000', nonce: '0'.repeat(32) }],
      ['/portal/balance/top-ups/top_x/cancel', {}],
      ['/portal/paypal/setup', {}],
      ['/portal/card/setup', {}],
      ['/portal/billing/2026-11/confirm-payment', { paymentIntentId: 'pi_x' }],
    ];
    for (const [path, fields] of forms) {
      for (const token of ['', 'wrong-token-of-another-session-0000000000000']) {
        const answer = await visitor.post(path, fields, { token });
        expect([path, token, answer.status]).toEqual([path, token, 403]);
      }
    }
    expect((await engine.models.Organization.findById(orgId).lean())!.name).toBe('Csrf Ltd');
    expect(await engine.models.TopUpOrder.countDocuments({ orgId })).toBe(0);
  });
});

describe('one organization never reaches another', () => {
  it("on every page, PDF and form: the other organization's ids answer 404 and nothing changes", async () => {
    const theirs = await engine.createOrganization({ name: 'Theirs GmbH', billingEmail: 'theirs@example.test' });
    // Cycle ids are per organization and name the second billing started: mine must not share theirs.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const mine = await engine.createOrganization({ name: 'Mine Ltd' });
    // Theirs: a top-up order (its proforma), a saved card, a billed cycle with its final invoice.
    await topUp(engine, theirs.orgId, theirs.key, 100000);
    const order = await engine.call('POST', `/v1/organizations/${theirs.orgId}/top-ups`, {
      key: theirs.key,
      body: { amountMinor: 5000, currency: 'EUR' },
    });
    const theirProforma = order.json.proforma.invoiceId as string;
    const theirMethod = `card_${stripe.attachCard('cus_theirs', 'visa').id}`;
    await engine.models.PaymentMethod.create({
      _id: theirMethod,
      orgId: theirs.orgId,
      kind: 'card',
      status: 'active',
      workflowId: 'test',
      card: {
        stripeCustomerId: 'cus_theirs',
        paymentMethodId: theirMethod.slice(5),
        brand: 'visa',
        last4: '4242',
        expMonth: 1,
        expYear: 2031,
      },
    });

    // And a final invoice, corrected by a credit note.
    await runCycleNow(engine, theirs.orgId);
    const theirInvoice = (await eventually(async () => (await cycles(engine, theirs.orgId)).find((c) => c.invoiceNumber)))!.invoiceNumber!;
    const credited = await engine.call('POST', `/v1/admin/invoices/${theirInvoice}/credit-notes`, {
      key: ADMIN_KEY,
      body: { ...OPERATOR, lines: [{ line: 0, quantity: 1 }] },
    });
    const theirCreditNote = credited.json.creditNote.number as string;

    const visitor = portalVisitor(engine);
    await visitor.open(await portalLink(engine, mine.orgId, mine.key));
    for (const path of ['/portal/billing', '/portal/balance', '/portal/invoices']) {
      const page = await visitor.get(path);
      expect([path, page.status]).toEqual([path, 200]);
      expect(page.text).not.toContain('Theirs GmbH');
      expect(page.text).not.toContain(theirProforma);
      expect(page.text).not.toContain(order.json.proforma.number);
      expect(page.text).not.toContain(theirMethod);
      expect(page.text).not.toContain(theirInvoice);
      expect(page.text).not.toContain(theirCreditNote);
    }
    expect((await visitor.get('/portal/invoices')).text).not.toContain('PF-');
    expect((await visitor.get('/portal/invoices')).text).toContain('No credit notes.');

    const gets = [
      `/portal/invoices/${encodeURIComponent(theirProforma)}/pdf`,
      `/portal/invoices/${encodeURIComponent(theirInvoice)}/pdf`,
      `/portal/credit-notes/${encodeURIComponent(theirCreditNote)}/pdf`,
      `/portal/balance/top-ups/${order.json.orderId}`,
      `/portal/billing/${(await eventually(async () => engine.models.BillingCycle.findOne({ orgId: theirs.orgId }).lean()))!.cycleId}/confirm-payment`,
    ];
    for (const path of gets) {
      const answer = await visitor.get(path);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.headers.get('content-type')).toContain('text/html');
    }
    const posts: [string, Record<string, string>][] = [
      [`/portal/balance/top-ups/${order.json.orderId}/cancel`, {}],
      [`/portal/payment-methods/${theirMethod}/remove`, {}],
      ['/portal/payment-methods/default', { method: 'card', paymentMethodId: theirMethod }],
    ];
    for (const [path, fields] of posts) {
      const answer = await visitor.post(path, fields);
      expect([path, answer.status]).toEqual([path, 404]);
    }
    expect((await engine.models.TopUpOrder.findById(order.json.orderId).lean())!.state).toBe('awaiting_payment');
    expect((await engine.models.PaymentMethod.findById(theirMethod).lean())!.status).toBe('active');
    expect((await engine.models.Organization.findById(mine.orgId).lean())!.defaultPaymentMethod).toBe('prepaid');
  });
});

describe('the Prepaid balance page', () => {
  it("lists exactly the organization's open orders, read by id only, whichever process placed them", async () => {
    const { orgId, key } = await engine.createOrganization();
    const order = async (amountMinor: number) =>
      (await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor, currency: 'EUR' } })).json;
    const kept = await order(11_000);
    const cancelled = await order(12_000);
    const paid = await order(13_000);
    const cancel = await engine.call('POST', `/v1/organizations/${orgId}/top-ups/${cancelled.orderId}/cancel`, { key, body: {} });
    expect(cancel.status).toBe(200);
    await engine.reportCredits([
      { bankTxId: `tx-${paid.orderId}`, amountMinor: 13_000, currency: 'EUR', reference: paid.paymentReference, valueDate: '2026-11-25' },
    ]);
    await eventually(async () => (await engine.models.TopUpOrder.findById(paid.orderId).lean())?.state === 'paid');

    const visitor = portalVisitor(engine);
    await visitor.open(await portalLink(engine, orgId, key));
    // FerretDB v1 answers only `_id` lookups from an index: any other filter on top_up_orders is a scan of every organization's orders.
    const find = jest.spyOn(engine.models.TopUpOrder, 'find');
    const findOne = jest.spyOn(engine.models.TopUpOrder, 'findOne');
    try {
      const page = await visitor.get('/portal/balance');
      expect(page.status).toBe(200);
      expect(page.text).toContain(`data-order="${kept.orderId}"`);
      expect(page.text).not.toContain(`data-order="${cancelled.orderId}"`);
      expect(page.text).not.toContain(`data-order="${paid.orderId}"`);
      expect(find).not.toHaveBeenCalled();
      expect(findOne.mock.calls.length).toBeGreaterThan(0);
      for (const [filter] of findOne.mock.calls) expect(Object.keys(filter ?? {})).toEqual(['_id']);
    } finally {
      find.mockRestore();
      findOne.mockRestore();
    }

    // Another API process knows nothing of these orders yet: it reads the organization's list from the start.
    const elsewhere = createOpenOrderList(engine.models);
    expect((await elsewhere.open(orgId)).map((o) => o._id)).toEqual([kept.orderId]);
    const later = await order(14_000);
    const listed = await engine.call('GET', `/v1/organizations/${orgId}/top-ups?state=open`, { key });
    expect(listed.json.data.map((o: { orderId: string }) => o.orderId)).toEqual([later.orderId, kept.orderId]);
    expect((await elsewhere.open(orgId)).map((o) => o._id)).toEqual([later.orderId, kept.orderId]);
  });

  it('show open orders placed before the open-order list existed, once the API has placed them on it at start-up', async () => {
    const { orgId, key } = await engine.createOrganization();
    const earlier = await orderTopUp(engine, { orgId, key }, 21_000);
    await eventually(async () => (await engine.models.TopUpOrder.findById(earlier.orderId).lean())?.state === 'awaiting_payment');
    // As an earlier version left it: the order, and no entry on the organization's list.
    await engine.models.TopUpListEntry.deleteMany({ orgId });
    const api = createOpenOrderList(engine.models);
    expect(await api.open(orgId)).toEqual([]);
    expect(await api.placeUnlisted()).toBeGreaterThanOrEqual(1);
    expect((await createOpenOrderList(engine.models).open(orgId)).map((o) => o._id)).toEqual([earlier.orderId]);
    // Run again (another API process starting): nothing more is placed for it.
    await createOpenOrderList(engine.models).placeUnlisted();
    expect(await engine.models.TopUpListEntry.countDocuments({ orgId })).toBe(1);
  });
});

/** The EPC QR code on a portal page, decoded from the PNG's pixels; undefined when the page has none. */
function pageQrCode(html: string): string | undefined {
  const tag = /<img[^>]*data-testid="epc-qr"[^>]*>/.exec(html)?.[0];
  const base64 = tag ? /src="data:image\/png;base64,([A-Za-z0-9+/=]+)"/.exec(tag)?.[1] : undefined;
  if (!base64) return undefined;
  const image = PNG.sync.read(Buffer.from(base64, 'base64'));
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('the page has an EPC QR image that does not decode');
  return code.data;
}

describe('the top-up order page', () => {
  it('carries the EPC QR code (EPC069-12) for what is still owed, every field where the standard puts it, and none once paid', async () => {
    const { orgId, key } = await engine.createOrganization();
    const order = await orderTopUp(engine, { orgId, key }, 12345);
    const visitor = portalVisitor(engine);
    await visitor.open(await portalLink(engine, orgId, key));
    const page = () => visitor.get(`/portal/balance/top-ups/${order.orderId}`);
    const proforma = await engine.models.Invoice.findOne({ topUpOrderId: order.orderId }).lean();
    const fields = (amount: string) => [
      'BCD', // service tag
      '002', // version
      '1', // character set: UTF-8
      'SCT', // identification: SEPA credit transfer
      engine.config.SELLER_BIC, // BIC of the beneficiary bank
      engine.config.SELLER_NAME, // beneficiary name, as on the proforma
      engine.config.SELLER_IBAN.replace(/\s+/g, ''), // IBAN, electronic form
      amount, // EUR, a dot, two decimals
      '', // purpose code: none
      order.paymentReference, // structured remittance: the RF reference
      '', // unstructured remittance: empty beside the structured one
      proforma!.number, // beneficiary to originator information
    ];
    const first = await eventually(async () => pageQrCode((await page()).text));
    expect(first!.split('\n')).toEqual(fields('EUR123.45'));
    expect(isValidRfReference(first!.split('\n')[9])).toBe(true);

    // A part payment: the code asks for the rest only.
    await engine.reportCredits([bankCredit(`qr-${order.orderId}-1`, 2345, order.paymentReference)]);
    const rest = await eventually(async () => {
      const code = pageQrCode((await page()).text);
      return code?.includes('EUR100.00') ? code : undefined;
    });
    expect(rest!.split('\n')).toEqual(fields('EUR100.00'));

    await engine.reportCredits([bankCredit(`qr-${order.orderId}-2`, 10000, order.paymentReference)]);
    await eventually(async () => (await engine.models.TopUpOrder.findById(order.orderId).lean())?.state === 'paid');
    const paid = await page();
    expect(paid.text).toContain('paid');
    expect(pageQrCode(paid.text)).toBeUndefined();
  });
});

describe('portal forms', () => {
  it('orders a top-up once through the OK confirmation, even if OK is sent twice', async () => {
    const { orgId, key } = await engine.createOrganization();
    const visitor = portalVisitor(engine);
    await visitor.open(await portalLink(engine, orgId, key));
    const balance = await visitor.get('/portal/balance');
    const overview = await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key });
    // Prefilled with what covers the next cycle (the balance is empty): the estimate, VAT included.
    expect(balance.text).toContain(`value="${formatMajorAmount(overview.json.nextCycleEstimate.totalMinor, 'EUR')}"`);
    expect(overview.json.nextCycleEstimate.totalMinor).toBeGreaterThan(0);
    const invalid = await visitor.post('/portal/balance/top-ups', { amount: '12.345' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('Enter an amount in EUR');

    const confirm = await visitor.post('/portal/balance/top-ups', { amount: '150.00' });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('150.00 EUR');
    const nonce = /name="nonce" value="([0-9a-f]{32})"/.exec(confirm.text)![1];
    const first = await visitor.post('/portal/balance/top-ups/confirm', { amountMinor: '15000', nonce });
    const second = await visitor.post('/portal/balance/top-ups/confirm', { amountMinor: '15000', nonce });
    expect(first.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await engine.models.TopUpOrder.countDocuments({ orgId })).toBe(1);
    const shown = await visitor.get(first.headers.get('location')!);
    expect(shown.text).toContain('A top-up invoice is sent to your email address');
    expect(shown.text).toMatch(/PF-\d{4}-\d{6}/);
    expect(shown.text).toMatch(/RF\d\d/);
    expect(shown.text).toContain(engine.config.SELLER_IBAN);
  });

  it('saves billing details through the billing workflow, and shows field errors without writing anything', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Details Ltd' });
    const visitor = portalVisitor(engine);
    await visitor.open(await portalLink(engine, orgId, key));
    const bad = await visitor.post('/portal/billing/details', {
      name: 'Details Ltd',
      billingEmail: 'not-an-email',
      address: 'Rue Haute 1, 1000 Brussels',
      vatId: 'BE0123456789',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="billingEmail-error"/);
    expect(bad.text).toMatch(/id="vatId-error"[^>]*>not a valid VAT number/);
    expect((await engine.models.Organization.findById(orgId).lean())!.address).toBe('');

    const good = await visitor.post('/portal/billing/details', {
      name: 'Details Ltd',
      billingEmail: 'accounts@details.test',
      address: 'Rue Haute 1, 1000 Brussels',
      vatId: 'be 0123.456.749',
    });
    expect(good.status).toBe(303);
    const org = (await engine.models.Organization.findById(orgId).lean())!;
    expect(org).toMatchObject({ billingEmail: 'accounts@details.test', address: 'Rue Haute 1, 1000 Brussels', vatId: 'BE0123456749' });
  });
});

describe('portal invoices', () => {
  it('shows 100 invoices a page, newest first, with a link to the older ones: none is left out', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Many Invoices BV' });
    const party = { name: 'x', address: '', vatId: '' };
    // Written directly: 101 final invoices, one a day, are what this page needs, not how they came to be.
    await engine.models.Invoice.insertMany(
      Array.from({ length: 101 }, (_, i) => ({
        _id: `INV-1990-${String(i + 1).padStart(6, '0')}`,
        key: `page-test:${orgId}:${i}`,
        orgId,
        series: 'final',
        year: 1990,
        sequence: i + 1,
        number: `INV-1990-${String(i + 1).padStart(6, '0')}`,
        issueDate: new Date(Date.UTC(1990, 0, 1 + i)),
        dueDate: new Date(Date.UTC(1990, 0, 1 + i)),
        seller: party,
        buyer: party,
        currency: 'EUR',
        lines: [{ description: 'Monthly fee', quantity: 1, unitPriceMinor: 100, vatRateBp: 0, amountMinor: 100 }],
        subtotalMinor: 100,
        vatMinor: 0,
        totalMinor: 100,
        status: 'paid',
      })),
    );
    const visitor = portalVisitor(engine);
    await visitor.open(await portalLink(engine, orgId, key));
    const first = await visitor.get('/portal/invoices');
    expect(first.status).toBe(200);
    const numbers = (text: string) => [...text.matchAll(/<td>(INV-1990-\d{6})<\/td>/g)].map((m) => m[1]);
    expect(numbers(first.text)).toHaveLength(100);
    expect(numbers(first.text)[0]).toBe('INV-1990-000101');
    const older = /<a href="([^"]+)">Older invoices<\/a>/.exec(first.text)?.[1];
    expect(older).toBeDefined();
    const second = await visitor.get(older!.replaceAll('&amp;', '&'));
    expect(numbers(second.text)).toEqual(['INV-1990-000001']);
    expect(second.text).not.toContain('Older invoices');
  });
});
