/**
 * The billing cycle end to end on the real servers, paid from the prepaid balance: usage through the API,
 * the estimate, "run a cycle now", the ledger debit, the final invoice (PDF and e-mail); a balance that
 * falls short until a bank credit arrives; a plan change; two timer-driven cycles with continue-as-new.
 */
import { loadInvoicePdf } from '../../models/invoice-pdf';
import { ledgerSum } from '../../activities/ledger';
import { readLedgerHead } from '../../models/ledger-entry';
import { checkBooks } from '../../scripts/check-books';
import { billingWorkflowId, searchAttributes } from '../../workflows/definitions';
import { BILLING_OVERRIDES, billingStatus, cycles, OPERATOR, outboxKeys, runCycleNow, topUp } from '../helpers/billing';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { extractPdf } from '../helpers/pdf-text';
import { testClient } from '../helpers/temporal';

let engine: Engine;
beforeAll(async () => {
  engine = await startEngine(BILLING_OVERRIDES);
});
afterAll(async () => {
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
  await engine.stop();
  await (await testClient()).close();
});

describe('prepaid billing cycle', () => {
  it('bills usage and fees from the balance and issues the final invoice', async () => {
    const { orgId, key } = await engine.createOrganization();
    await topUp(engine, orgId, key, 50000);

    // Usage, reported twice under the same id (a client retry), then the id reused for something else.
    const report = { usageId: 'seats-1', metric: 'seats', quantity: 4 };
    const first = await engine.call('POST', `/v1/organizations/${orgId}/usage`, { key, body: report });
    expect(first.status).toBe(201);
    const retry = await engine.call('POST', `/v1/organizations/${orgId}/usage`, { key, body: report });
    expect(retry.status).toBe(200);
    expect(retry.json.receivedAt).toBe(first.json.receivedAt);
    const reused = await engine.call('POST', `/v1/organizations/${orgId}/usage`, { key, body: { ...report, quantity: 5 } });
    expect(reused.status).toBe(409);
    expect(reused.json.error.field).toBe('usageId');
    expect(
      (await engine.call('POST', `/v1/organizations/${orgId}/usage`, { key, body: { usageId: 'm-1', metric: 'minutes', quantity: 1 } }))
        .json.error.field,
    ).toBe('metric');
    for (const body of [
      { ...report, quantity: 0 },
      { ...report, quantity: 1.5 },
      { ...report, usageId: 'bad id!' },
      { metric: 'seats', quantity: 1 },
    ]) {
      expect((await engine.call('POST', `/v1/organizations/${orgId}/usage`, { key, body })).status).toBe(400);
    }

    const estimate = await engine.call('GET', `/v1/organizations/${orgId}/billing/estimate`, { key });
    expect(estimate.status).toBe(200);
    // setup 100.00 + monthly 50.00 + 4 seats × 3.00 = 162.00, + 21 % VAT = 196.02
    expect(estimate.json).toMatchObject({
      subtotalMinor: 16200,
      vatMinor: 3402,
      totalMinor: 19602,
      amountDueMinor: 0,
      balance: { amountMinor: 50000 },
      state: 'active',
    });
    expect(estimate.json.usage).toEqual([{ metric: 'seats', quantity: 4 }]);

    const status = await runCycleNow(engine, orgId);
    expect(status).toMatchObject({ state: 'active', amountDueMinor: 0, cyclesBilled: 1, workflowId: billingWorkflowId(orgId) });
    expect(status.cycle!.startsAt).toBe(estimate.json.cycle.endsAt); // charged early: the schedule is unchanged

    const [billed, next] = await cycles(engine, orgId);
    expect(billed).toMatchObject({ state: 'paid', paidWith: 'prepaid', totalMinor: 19602, first: true });
    expect(billed.attempts).toEqual([
      expect.objectContaining({ n: 1, method: 'prepaid', outcome: 'paid', requestKey: `cycle:${orgId}:${billed.cycleId}` }),
    ]);
    expect(next).toMatchObject({ state: 'open', first: false });
    expect(await readLedgerHead(engine.models, orgId)).toMatchObject({ balanceMinor: 50000 - 19602 });
    expect(await ledgerSum(engine.models, orgId)).toBe(50000 - 19602);

    const invoice = (await engine.models.Invoice.findById(billed.invoiceId).lean())!;
    expect(invoice).toMatchObject({ series: 'final', status: 'paid', key: `final:${orgId}:${billed.cycleId}`, totalMinor: 19602 });
    expect(invoice.number).toMatch(/^INV-\d{4}-\d{6}$/);
    const { text } = await extractPdf((await loadInvoicePdf(engine.models, billed.invoiceId!))!);
    expect(text).toContain(invoice.number);
    expect(text).toContain('196.02 EUR');
    expect(text).toContain('seats (seat)');

    const listed = await engine.call('GET', `/v1/organizations/${orgId}/billing/cycles`, { key });
    expect(listed.json.data[1]).toMatchObject({ cycleId: billed.cycleId, state: 'paid', invoice: { number: invoice.number } });
    const detail = await engine.call('GET', `/v1/organizations/${orgId}/billing/cycles/${billed.cycleId}`, { key });
    expect(detail.json.lines.map((l: { description: string }) => l.description)).toEqual([
      'One-time setup fee',
      'Monthly service fee',
      'seats (seat)',
    ]);
    expect((await engine.call('GET', detail.json.invoice.pdfUrl, { key })).status).toBe(200);
    expect(await outboxKeys(engine, orgId)).toContain(`final-invoice:${orgId}:${billed.cycleId}`);

    // The next cycle has not started: running it now would charge a service not yet given.
    const early = await engine.call('POST', `/v1/admin/organizations/${orgId}/billing/run`, { key: ADMIN_KEY, body: OPERATOR });
    expect(early.status).toBe(409);
    const description = await engine.client.workflow.getHandle(billingWorkflowId(orgId)).describe();
    expect(description.typedSearchAttributes.get(searchAttributes.orgId)).toBe(orgId);
    expect(description.typedSearchAttributes.get(searchAttributes.amountDue)).toBe(0);
  });

  it('waits for a top-up when the balance is short, and collects as soon as the credit lands', async () => {
    const { orgId, key } = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } });
    await topUp(engine, orgId, key, 1000);
    const status = await runCycleNow(engine, orgId);
    expect(status).toMatchObject({
      state: 'awaiting_funds',
      amountDueMinor: 6050,
      debts: [expect.objectContaining({ attempts: 1, lastOutcome: 'insufficient_funds' })],
    });
    const [due] = await cycles(engine, orgId);
    expect(due).toMatchObject({ state: 'due', unpaidReason: 'insufficient_funds' });
    expect(await outboxKeys(engine, orgId)).toContain(`payment-problem:${orgId}:${due.cycleId}:1`);
    const problem = await engine.models.OutboxEmail.findById(`payment-problem:${orgId}:${due.cycleId}:1`).lean();
    expect(problem!.subject).toMatch(/Please top up/);
    expect(problem!.text).toMatch(/top up at least 50\.50 EUR/);
    const description = await engine.client.workflow.getHandle(billingWorkflowId(orgId)).describe();
    expect(description.typedSearchAttributes.get(searchAttributes.state)).toBe('awaiting_funds');
    expect(description.typedSearchAttributes.get(searchAttributes.amountDue)).toBe(6050);
    // While the billing workflow runs, the estimate's debt is its word, not a sum the API makes of the records.
    await engine.models.BillingCycle.updateOne({ _id: due._id }, { $set: { totalMinor: 1 } });
    const estimate = await engine.call('GET', `/v1/organizations/${orgId}/billing/estimate`, { key });
    expect(estimate.json).toMatchObject({ amountDueMinor: 6050, state: 'awaiting_funds' });
    await engine.models.BillingCycle.updateOne({ _id: due._id }, { $set: { totalMinor: 6050 } });

    // The bank credit reaches the balance; the top-up workflow signals the billing workflow, which collects at once.
    await topUp(engine, orgId, key, 6000);
    const paid = await eventually(async () => {
      const [cycle] = await cycles(engine, orgId);
      return cycle.state === 'paid' && cycle.invoiceNumber ? cycle : undefined;
    });
    expect(paid.attempts!.map((a) => a.outcome)).toEqual(['insufficient_funds', 'paid']);
    expect(await readLedgerHead(engine.models, orgId)).toMatchObject({ balanceMinor: 1000 + 6000 - 6050 });
    expect(await billingStatus(engine, orgId)).toMatchObject({ state: 'active', amountDueMinor: 0, debts: [] });
  });

  it('signals the billing workflow about a credit only while something is owed', async () => {
    const { orgId, key } = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } });
    await eventually(async () => (await billingStatus(engine, orgId)).cycle);
    const signalsOf = async () =>
      ((await engine.client.workflow.getHandle(billingWorkflowId(orgId)).fetchHistory()).events ?? []).filter(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'balanceCredited',
      ).length;
    await topUp(engine, orgId, key, 1000); // nothing owed: the credit costs the billing workflow nothing
    expect(await signalsOf()).toBe(0);
    await runCycleNow(engine, orgId); // 60.50 owed, 10.00 on the balance
    await topUp(engine, orgId, key, 6000);
    await eventually(async () => (await cycles(engine, orgId))[0].state === 'paid');
    expect(await signalsOf()).toBe(1);
    // The hop is a step of the top-up workflow that took the credit: its history shows the signal it sent.
    const orders = await engine.models.TopUpOrder.find({ orgId }).sort({ amountMinor: 1 }).lean();
    const sent = await Promise.all(
      orders.map(async (order) =>
        ((await engine.client.workflow.getHandle(order.workflowId).fetchHistory()).events ?? [])
          .map((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes)
          .filter((signal) => signal?.signalName === 'balanceCredited')
          .map((signal) => signal!.workflowExecution?.workflowId),
      ),
    );
    expect(sent).toEqual([[], [billingWorkflowId(orgId)]]);
  });

  it('skips a cycle that ends while paused, and ends billing on cancellation', async () => {
    const { orgId, key } = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } });
    const admin = (action: string, body: object = {}) =>
      engine.call('POST', `/v1/admin/organizations/${orgId}/billing/${action}`, { key: ADMIN_KEY, body: { ...OPERATOR, ...body } });
    expect((await admin('pause')).json).toMatchObject({ paused: true, state: 'paused' });
    expect((await admin('pause')).status).toBe(409);
    expect((await admin('pause', { by: '' })).status).toBe(400);
    const skipped = await runCycleNow(engine, orgId);
    expect(skipped).toMatchObject({ cyclesBilled: 0, amountDueMinor: 0 });
    expect((await cycles(engine, orgId))[0]).toMatchObject({ state: 'skipped', totalMinor: 0 });
    expect((await admin('resume')).json.paused).toBe(false);

    const cancelled = await admin('cancel', { immediately: true });
    expect(cancelled.json.cancelling).toBe(true);
    const result = await engine.client.workflow.getHandle(billingWorkflowId(orgId)).result();
    expect(result).toMatchObject({ state: 'cancelled', debts: [] });
    expect((await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key })).json.organization.status).toBe('cancelled');
    expect((await admin('resume')).status).toBe(409); // the workflow has ended
    expect(
      (await engine.call('POST', `/v1/organizations/${orgId}/usage`, { key, body: { usageId: 'late', metric: 'seats', quantity: 1 } }))
        .status,
    ).toBe(409);
    expect(await engine.models.Invoice.countDocuments({ orgId, series: 'final' })).toBe(0);
  });

  it("never shows one organization's billing to another, and keeps ops routes to the admin key", async () => {
    const a = await engine.createOrganization({ name: 'Org A' });
    const b = await engine.createOrganization({ name: 'Org B' });
    for (const [method, path] of [
      ['GET', `/v1/organizations/${a.orgId}/billing/estimate`],
      ['GET', `/v1/organizations/${a.orgId}/billing/cycles`],
      ['GET', `/v1/organizations/${a.orgId}/billing/cycles/2026-11`],
      ['POST', `/v1/organizations/${a.orgId}/usage`],
    ]) {
      const response = await engine.call(method, path, {
        key: b.key,
        ...(method === 'POST' ? { body: { usageId: 'x', metric: 'seats', quantity: 1 } } : {}),
      });
      expect([path, response.status, response.json.error.code]).toEqual([path, 404, 'not_found']);
    }
    expect((await engine.call('POST', `/v1/admin/organizations/${a.orgId}/billing/run`, { key: a.key, body: OPERATOR })).status).toBe(403);
    expect((await engine.call('GET', `/v1/organizations/${a.orgId}/billing/cycles/nope`, { key: a.key })).status).toBe(404);
    expect((await engine.call('POST', `/v1/organizations/${a.orgId}/usage`, { key: a.key, body: '{"usageId": ' })).status).toBe(400);
  });

  it('applies a plan change from the next cycle, and bills timer-driven cycles, two per run, across continue-as-new', async () => {
    const short = await startEngine({ ...BILLING_OVERRIDES, BILLING_CYCLE: '3 seconds', BILLING_CYCLES_PER_RUN: '2' });
    const { orgId, key } = await short.createOrganization({
      plan: { setupFeeMinor: 1000, monthlyFeeMinor: 2000, usagePrices: [] },
      vatRateBp: 0,
    });
    try {
      await topUp(short, orgId, key, 100000);
      const firstRun = (await short.client.workflow.getHandle(billingWorkflowId(orgId)).describe()).runId;
      const change = await short.call('PUT', `/v1/admin/organizations/${orgId}/billing/plan`, {
        key: ADMIN_KEY,
        body: { ...OPERATOR, plan: { setupFeeMinor: 99999, monthlyFeeMinor: 3000, usagePrices: [] } },
      });
      expect(change.status).toBe(200);
      expect(change.json.pendingPlan).toMatchObject({ monthlyFeeMinor: 3000 });
      const bad = await short.call('PUT', `/v1/admin/organizations/${orgId}/billing/plan`, {
        key: ADMIN_KEY,
        body: { ...OPERATOR, plan: { setupFeeMinor: -1, monthlyFeeMinor: 1 } },
      });
      expect(bad.status).toBe(400);
      expect(
        (
          await short.call('PUT', `/v1/admin/organizations/${orgId}/billing/plan`, {
            key,
            body: { ...OPERATOR, plan: { setupFeeMinor: 0, monthlyFeeMinor: 1 } },
          })
        ).status,
      ).toBe(403);

      const billed = await eventually(
        async () => {
          const all = await cycles(short, orgId);
          return all.filter((c) => c.state === 'paid' && c.invoiceNumber).length >= 3 && all;
        },
        { timeoutMs: 25_000 },
      );
      expect(billed[0].totalMinor).toBe(3000); // setup 10.00 + monthly 20.00 under the old plan
      expect(billed[1].totalMinor).toBe(3000); // monthly 30.00 under the new plan, no setup fee again
      expect(billed[1].lines!.map((l) => l.description)).toEqual(['Monthly service fee']);
      expect(Date.parse(billed[1].startsAt as unknown as string)).toBe(Date.parse(billed[0].endsAt as unknown as string));
      const org = await short.models.Organization.findById(orgId).lean();
      expect(org).toMatchObject({ plan: { monthlyFeeMinor: 3000 }, setupFeeCharged: true });

      // The first run billed two cycles, then continued as new.
      const history = await short.client.workflow.getHandle(billingWorkflowId(orgId), firstRun).fetchHistory();
      const last = history.events!.at(-1)!;
      expect(last.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
      // Charged in the workflow task the timer woke (a local activity, recorded as a marker).
      const charges = history.events!.filter(
        (e) =>
          e.markerRecordedEventAttributes &&
          Object.values(e.markerRecordedEventAttributes.details ?? {}).some((p) =>
            p.payloads?.some((payload) =>
              Buffer.from(payload.data ?? [])
                .toString()
                .includes('"chargeCycle"'),
            ),
          ),
      );
      expect(charges).toHaveLength(2);
      // One patch marker, at the start, stands for every patch (workflows/billing-patches.ts); the runs after
      // it, started by the run itself, record none: no marker or TemporalChangeVersion upsert at a month-end.
      const patchMarkers = (events: typeof history.events) =>
        events!.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').length;
      const changeVersionUpserts = (events: typeof history.events) =>
        events!.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TemporalChangeVersion)
          .length;
      expect(patchMarkers(history.events)).toBe(1);
      expect(changeVersionUpserts(history.events)).toBe(1);
      const secondRun = await short.client.workflow.getHandle(billingWorkflowId(orgId)).fetchHistory();
      expect(secondRun.events!.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length).toBeGreaterThan(
        0,
      );
      expect(patchMarkers(secondRun.events)).toBe(0);
      expect(changeVersionUpserts(secondRun.events)).toBe(0);
      expect((await short.client.workflow.getHandle(billingWorkflowId(orgId)).describe()).runId).not.toBe(firstRun);
      const numbers = billed.slice(0, 3).map((c) => c.invoiceNumber!);
      expect(new Set(numbers).size).toBe(3);
    } finally {
      // Its timers would keep firing every 3 seconds on the shared dev server.
      await short.client.workflow
        .getHandle(billingWorkflowId(orgId))
        .terminate('test over')
        .catch(() => undefined);
      await short.stop();
    }
  });
});
