import { loadInvoicePdf } from '../../models/invoice-pdf';
import { isValidRfReference } from '../../domain/rf-reference';
import { ledgerSum } from '../../activities/ledger';
import { readLedgerHead } from '../../models/ledger-entry';
import { topUpStatusQuery } from '../../workflows/definitions';
import { bankCredit } from '../helpers/api-client';
import { ADMIN_KEY, engineForThisFile, eventually } from '../helpers/engine';
import { extractPdf } from '../helpers/pdf-text';

const engine = engineForThisFile();

describe('prepaid top-up through the API', () => {
  it('orders, issues the proforma, credits partial, duplicate and over-payments, and closes paid', async () => {
    const { orgId, key } = await engine.createOrganization();

    const before = await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key });
    expect(before.status).toBe(200);
    expect(before.json.balance).toEqual({ amountMinor: 0, currency: 'EUR' });
    expect(before.json.nextCycleEstimate.totalMinor).toBe(18150); // (100.00 setup + 50.00 monthly) + 21 % VAT
    expect(before.json.warning).toMatch(/will not cover/);

    const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
      key,
      headers: { 'idempotency-key': 'order-1' },
      body: { amountMinor: 10000, currency: 'EUR' },
    });
    expect(order.status).toBe(201);
    expect(order.json).toMatchObject({ state: 'awaiting_payment', amountMinor: 10000, receivedMinor: 0, currency: 'EUR' });
    expect(order.json.proforma.number).toMatch(/^PF-\d{4}-\d{6}$/);
    expect(isValidRfReference(order.json.paymentReference)).toBe(true);
    expect(order.json.bankDetails.iban).toBe(engine.config.SELLER_IBAN);
    expect(order.json.warning).toMatch(/short of .*181.50 EUR/);
    const { orderId, paymentReference } = order.json;

    const replay = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
      key,
      headers: { 'idempotency-key': 'order-1' },
      body: { amountMinor: 10000, currency: 'EUR' },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json.orderId).toBe(orderId);
    const reused = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
      key,
      headers: { 'idempotency-key': 'order-1' },
      body: { amountMinor: 20000, currency: 'EUR' },
    });
    expect(reused.status).toBe(422);

    const pdf = await engine.call('GET', order.json.proforma.pdfUrl, { key });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const pdfBytes = (await loadInvoicePdf(engine.models, order.json.proforma.invoiceId))!;
    const { text } = await extractPdf(pdfBytes);
    expect(text).toContain(order.json.proforma.number);
    expect(text).toContain('100.00 EUR');
    expect(text.replace(/\s+/g, '')).toContain(paymentReference);

    const emails = await engine.call('GET', `/v1/dev/outbox?orgId=${orgId}`, { key: ADMIN_KEY });
    expect(emails.json.data).toHaveLength(1);
    expect(emails.json.data[0]).toMatchObject({
      to: 'billing@acme.test',
      attachments: [{ filename: `${order.json.proforma.number}.pdf` }],
    });
    expect(emails.json.data[0].subject).toContain(order.json.proforma.number);

    // 40.00 arrives, then the bank repeats the same transaction, then 80.00 more (an over-payment).
    const spaced = paymentReference.replace(/(.{4})/g, '$1 ').toLowerCase();
    const first = await engine.reportCredits([bankCredit('tx-1', 4000, spaced)]);
    expect(first.status).toBe(200);
    expect(first.json.results).toEqual([{ bankTxId: 'tx-1', status: 'matched', duplicate: false, orderId }]);
    await eventually(
      async () => (await engine.call('GET', `/v1/organizations/${orgId}/top-ups/${orderId}`, { key })).json.state === 'partially_paid',
    );

    const again = await engine.reportCredits([
      bankCredit('tx-1', 4000, paymentReference),
      bankCredit('tx-2', 8000, paymentReference),
      bankCredit('tx-2', 8000, paymentReference),
    ]);
    expect(again.json.results.map((r: { duplicate: boolean }) => r.duplicate)).toEqual([true, false, true]);

    const paid = await eventually(async () => {
      const response = await engine.call('GET', `/v1/organizations/${orgId}/top-ups/${orderId}`, { key });
      return response.json.state === 'paid' && response.json;
    });
    expect(paid.receivedMinor).toBe(12000);
    expect(paid.credits.map((c: { bankTxId: string }) => c.bankTxId).sort()).toEqual(['tx-1', 'tx-2']);

    const handle = engine.client.workflow.getHandle(paid.workflowId);
    const result = await handle.result();
    expect(result).toMatchObject({ state: 'paid', receivedMinor: 12000, creditedTxIds: ['tx-1', 'tx-2'] });

    const overview = await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key });
    expect(overview.json.balance.amountMinor).toBe(12000);
    expect(await ledgerSum(engine.models, orgId)).toBe(12000);
    const ledger = await engine.call('GET', `/v1/organizations/${orgId}/ledger`, { key });
    expect(ledger.json.data.map((e: { key: string }) => e.key).sort()).toEqual(['bank-credit:tx-1', 'bank-credit:tx-2']);

    const outbox = await engine.call('GET', `/v1/organizations/${orgId}/emails`, { key });
    expect(outbox.json.data.filter((e: { key: string }) => e.key.startsWith('funds-received:'))).toHaveLength(2);

    const invoices = await engine.call('GET', `/v1/organizations/${orgId}/invoices`, { key });
    expect(invoices.json.data).toEqual([expect.objectContaining({ series: 'proforma', status: 'paid', totalMinor: 10000 })]);

    // The customer pays the same proforma once more after it closed: still credited, once.
    const late = await engine.reportCredits([bankCredit('tx-3', 2500, paymentReference)]);
    expect(late.json.results[0]).toMatchObject({ status: 'matched', duplicate: false });
    await eventually(
      async () => (await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key })).json.balance.amountMinor === 14500,
    );
    await engine.reportCredits([bankCredit('tx-3', 2500, paymentReference)]);
    await eventually(async () => {
      const late = await engine.call('GET', `/v1/organizations/${orgId}/top-ups/${orderId}`, { key });
      return late.json.credits.length === 3 && late.json.state === 'paid';
    });
    expect(await ledgerSum(engine.models, orgId)).toBe(14500);
    expect(await readLedgerHead(engine.models, orgId)).toEqual({ seq: 3, balanceMinor: 14500 });
  });

  it('keeps credits that match nothing for ops, and never drops them', async () => {
    const badCheckDigits = await engine.reportCredits([
      bankCredit('tx-bad-1', 1000, 'RF00PF2026999999'),
      bankCredit('tx-bad-2', 1000, 'RF29BBBBB'),
    ]);
    expect(badCheckDigits.status).toBe(200);
    expect(badCheckDigits.json.results).toEqual([
      expect.objectContaining({ bankTxId: 'tx-bad-1', status: 'unmatched', reason: expect.stringMatching(/check digits/) }),
      expect.objectContaining({ bankTxId: 'tx-bad-2', status: expect.any(String) }),
    ]);
    const listed = await engine.call('GET', '/v1/admin/bank-credits?status=unmatched', { key: ADMIN_KEY });
    expect(listed.json.data.map((c: { bankTxId: string }) => c.bankTxId)).toEqual(expect.arrayContaining(['tx-bad-1', 'tx-bad-2']));
  });

  it('refuses unsigned, tampered and stale bank reports', async () => {
    const body = [bankCredit('tx-x', 100, 'RF18539007547034')];
    expect((await engine.reportCredits(body, { secret: 'wrong-secret-123' })).status).toBe(401);
    expect((await engine.reportCredits(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    const unsigned = await engine.call('POST', '/v1/bank/credits', { body: { credits: body } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.error.message).toMatch(/x-bank-timestamp/);
    expect(await engine.models.BankCredit.exists({ _id: 'tx-x' })).toBeNull();
  });

  it('cancels an order that received nothing, and refuses to cancel one that was paid into', async () => {
    const { orgId, key } = await engine.createOrganization();
    const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor: 50000, currency: 'EUR' } });
    const cancelled = await engine.call('POST', `/v1/organizations/${orgId}/top-ups/${order.json.orderId}/cancel`, {
      key,
      body: { reason: 'ordered twice' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.state).toBe('cancelled');
    const status = await engine.client.workflow.getHandle(order.json.workflowId).result();
    expect(status.state).toBe('cancelled');
    expect((await engine.models.Invoice.findById(order.json.proforma.invoiceId).lean())!.status).toBe('void');
    const twice = await engine.call('POST', `/v1/organizations/${orgId}/top-ups/${order.json.orderId}/cancel`, { key });
    expect(twice.status).toBe(409);

    const paidInto = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, {
      key,
      body: { amountMinor: 50000, currency: 'EUR' },
    });
    await engine.reportCredits([bankCredit(`tx-partial-${orgId}`, 100, paidInto.json.paymentReference)]);
    await eventually(async () => {
      const q = await engine.client.workflow.getHandle(paidInto.json.workflowId).query(topUpStatusQuery);
      return q.receivedMinor === 100;
    });
    const refused = await engine.call('POST', `/v1/organizations/${orgId}/top-ups/${paidInto.json.orderId}/cancel`, { key });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/received a payment/);
  });

  it("never shows one organization another organization's data", async () => {
    const a = await engine.createOrganization({ name: 'Org A' });
    const b = await engine.createOrganization({ name: 'Org B' });
    const order = await engine.call('POST', `/v1/organizations/${a.orgId}/top-ups`, {
      key: a.key,
      body: { amountMinor: 1000, currency: 'EUR' },
    });
    const paths = [
      `/v1/organizations/${a.orgId}/billing`,
      `/v1/organizations/${a.orgId}/top-ups`,
      `/v1/organizations/${a.orgId}/top-ups/${order.json.orderId}`,
      `/v1/organizations/${a.orgId}/invoices`,
      order.json.proforma.pdfUrl,
      `/v1/organizations/${a.orgId}/ledger`,
      `/v1/organizations/${a.orgId}/emails`,
    ];
    for (const path of paths) {
      const response = await engine.call('GET', path, { key: b.key });
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.json.error.code).toBe('not_found');
    }
    // B's key on B's own path with A's order id: still nothing.
    expect((await engine.call('GET', `/v1/organizations/${b.orgId}/top-ups/${order.json.orderId}`, { key: b.key })).status).toBe(404);
    expect((await engine.call('POST', `/v1/organizations/${a.orgId}/top-ups/${order.json.orderId}/cancel`, { key: b.key })).status).toBe(
      404,
    );
    expect((await engine.call('GET', '/v1/dev/outbox', { key: b.key })).status).toBe(403);
    expect((await engine.call('GET', `/v1/organizations/${a.orgId}/billing`)).status).toBe(401);
    expect((await engine.call('GET', `/v1/organizations/${a.orgId}/billing`, { key: 'sk_org_forged' })).status).toBe(401);
  });

  it('answers bad input with a 400 that names the field, and writes nothing', async () => {
    const { orgId, key } = await engine.createOrganization();
    const path = `/v1/organizations/${orgId}/top-ups`;
    const cases: [unknown, string][] = [
      ['{"amountMinor": 100,', '(body)'],
      [{ amountMinor: '100', currency: 'EUR' }, 'amountMinor'],
      [{ amountMinor: -100, currency: 'EUR' }, 'amountMinor'],
      [{ amountMinor: 10.5, currency: 'EUR' }, 'amountMinor'],
      [{ amountMinor: 0, currency: 'EUR' }, 'amountMinor'],
      [{ amountMinor: 100, currency: 'XXX' }, 'currency'],
      [{ amountMinor: 100, currency: 'USD' }, 'currency'],
      [{ amountMinor: 100 }, 'currency'],
      [{ amountMinor: 10_000_000_01, currency: 'EUR' }, 'amountMinor'],
    ];
    for (const [body, field] of cases) {
      const response = await engine.call('POST', path, { key, body });
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 400]);
      expect(response.json.error.code).toBe('invalid_request');
      if (field !== '(body)') expect(response.json.error.field).toBe(field);
    }
    const badOrg = await engine.call('POST', '/v1/organizations', {
      key: ADMIN_KEY,
      body: { name: 'X', billingEmail: 'not-an-email', currency: 'EUR', plan: { setupFeeMinor: 1, monthlyFeeMinor: 1.5 } },
    });
    expect(badOrg.status).toBe(400);
    expect(badOrg.json.error.issues.map((i: { field: string }) => i.field).sort()).toEqual(['billingEmail', 'plan.monthlyFeeMinor']);
    expect(await engine.models.TopUpOrder.countDocuments({ orgId })).toBe(0);
    expect((await engine.call('GET', '/v1/nowhere', { key })).status).toBe(404);
  });
});
