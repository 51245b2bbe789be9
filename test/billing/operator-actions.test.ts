/**
 * Ops' actions on an organization's billing (issue 5), each an Update validated by the billing workflow
 * and kept in its history: retry now, write off a debt, resend a final invoice. Through the admin API and
 * the ops CLI, with real servers; cards through the real Stripe SDK against the Stripe fake.
 *
 * Dunning is short here (one retry two seconds after the due date, then suspension), so an unpaid cycle
 * suspends the organization within seconds and stays unpaid until ops or the customer act.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createLedger } from '../../activities/ledger';
import { UsageError } from '../../scripts/ops';
import { keyEvents } from '../../scripts/ops/story';
import { billingWorkflowId, writeOffDebtUpdate, type BillingStatus } from '../../workflows/definitions';
import { BILLING_OVERRIDES, billingStatus, cycles, expectBooksToBalance, OPERATOR, runCycleNow, saveDefaultCard } from '../helpers/billing';
import { ADMIN_KEY, eventually } from '../helpers/engine';
import { opsCli } from '../helpers/ops';
import { engineWithFakeProvidersForThisFile } from '../helpers/payment-providers';

const { engine, stripe } = engineWithFakeProvidersForThisFile(
  { ...BILLING_OVERRIDES, BILLING_DUNNING: '2 seconds', BILLING_SUSPENDED_RETRY: '1 hour' },
  { beforeStop: expectBooksToBalance },
);

const PLAN = { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] };
const TOTAL = 6050; // 50.00 + 21 % VAT

const admin = (orgId: string, action: string, body: object) =>
  engine.call('POST', `/v1/admin/organizations/${orgId}/billing/${action}`, { key: ADMIN_KEY, body });

const ops = (...argv: string[]) => opsCli(engine, ...argv);

/** The operator updates the billing workflow accepted, as the ops story shows them: the audit log. */
async function audit(orgId: string): Promise<string[]> {
  const history = await engine.client.workflow.getHandle(billingWorkflowId(orgId)).fetchHistory();
  return keyEvents(history.events ?? [])
    .filter((event) => event.event === 'UpdateAccepted' || event.event === 'UpdateCompleted')
    .map((event) => `${event.event} ${event.detail}`);
}

/** A prepaid organization whose first cycle found an empty balance, and which dunning then suspended. */
async function suspendedPrepaidOrganization() {
  const org = await engine.createOrganization({ plan: PLAN });
  expect((await runCycleNow(engine, org.orgId)).debts[0].lastOutcome).toBe('insufficient_funds');
  const status = await eventually(async () =>
    (await billingStatus(engine, org.orgId)).suspended ? billingStatus(engine, org.orgId) : undefined,
  );
  const [due] = await cycles(engine, org.orgId);
  expect(due).toMatchObject({ state: 'due', totalMinor: TOTAL });
  return { ...org, status, cycleId: due.cycleId };
}

describe('retry now', () => {
  it('collects at once what became payable, reactivates the organization, and records who asked', async () => {
    const { orgId, cycleId } = await suspendedPrepaidOrganization();
    // Funds that reached the ledger without telling the workflow (an adjustment by hand, say).
    await createLedger(engine.models).post({
      key: `adjustment:${orgId}`,
      orgId,
      kind: 'adjustment',
      amountMinor: 10000,
      currency: 'EUR',
      description: 'goodwill',
      at: new Date(),
    });

    const response = await admin(orgId, 'retry', { by: 'alice@ops', reason: 'balance adjusted by hand' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ state: 'active', amountDueMinor: 0, suspended: false, debts: [] });
    const [paid] = await cycles(engine, orgId);
    expect(paid).toMatchObject({ cycleId, state: 'paid', paidWith: 'prepaid', invoiceNumber: expect.stringMatching(/^INV-/) });
    expect((await engine.models.Organization.findById(orgId).lean())!.status).toBe('active');
    expect(await audit(orgId)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^UpdateAccepted retryCollection: .*alice@ops.*balance adjusted by hand/)]),
    );
  });

  it('is refused when nothing is owed, and names who and why as required', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    await eventually(async () => (await billingStatus(engine, orgId)).cycle);
    const refused = await admin(orgId, 'retry', OPERATOR);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/nothing is owed/);
    const anonymous = await admin(orgId, 'retry', { reason: 'x' });
    expect(anonymous.status).toBe(400);
    expect(JSON.stringify(anonymous.json)).toMatch(/by/);
    expect(await audit(orgId)).toEqual([]);
  });
});

describe('write off a debt', () => {
  it('stops collecting the cycle, issues no invoice for it, ends the suspension, and keeps who and why', async () => {
    const { orgId, key, cycleId } = await suspendedPrepaidOrganization();

    const { code, output } = await ops(
      'write-off',
      orgId,
      '--cycle',
      cycleId,
      '--by',
      'bob@ops',
      '--reason',
      'disputed, settled by contract',
    );
    expect(code).toBe(0);
    expect(output).toMatch(/active/);
    const status = await billingStatus(engine, orgId);
    expect(status).toMatchObject({ state: 'active', amountDueMinor: 0, suspended: false, debts: [] });

    const [written] = await cycles(engine, orgId);
    expect(written).toMatchObject({
      cycleId,
      state: 'written_off',
      writtenOff: { by: 'bob@ops', reason: 'disputed, settled by contract', amountMinor: TOTAL },
    });
    expect(written.invoiceNumber).toBeUndefined();
    expect(await engine.models.Invoice.countDocuments({ orgId, series: 'final' })).toBe(0);
    expect((await engine.models.Organization.findById(orgId).lean())!.status).toBe('active');
    // The customer sees the cycle as no longer owed; the operator's note stays internal.
    const listed = await engine.call('GET', `/v1/organizations/${orgId}/billing/cycles`, { key });
    expect(listed.json.data.find((c: { cycleId: string }) => c.cycleId === cycleId)).toMatchObject({
      state: 'written_off',
      writtenOffAt: expect.any(String),
    });
    expect(listed.text).not.toMatch(/bob@ops|disputed/);

    expect(await audit(orgId)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^UpdateAccepted writeOffDebt: .*bob@ops.*disputed, settled by contract.*/),
        'UpdateCompleted ok',
      ]),
    );
    // Nothing is owed any more: a second write-off names the unpaid cycles (none).
    const again = await admin(orgId, 'write-off', { ...OPERATOR, cycleId });
    expect(again.status).toBe(404);
    expect(again.json.error.message).toMatch(/is not owed \(unpaid cycles: none\)/);
  });

  it('is validated by the workflow itself: an anonymous request is refused and leaves no trace', async () => {
    const { orgId, cycleId } = await suspendedPrepaidOrganization();
    const handle = engine.client.workflow.getHandle(billingWorkflowId(orgId));
    const refused = await handle
      .executeUpdate(writeOffDebtUpdate, { args: [{ by: ' ', reason: 'no name', cycleId }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/names who asks/);
    expect((await cycles(engine, orgId))[0].state).toBe('due');
    expect((await audit(orgId)).filter((event) => event.includes('writeOffDebt'))).toEqual([]);
    await expect(ops('write-off', orgId, '--by', 'bob', '--reason', 'x')).rejects.toThrow(new UsageError('--cycle is required'));
  });

  it('is refused when the card payment went through at Stripe after all, and the payment is recorded instead', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    const { customerId } = await saveDefaultCard(engine, stripe, orgId, 'authenticationRequired');
    expect((await runCycleNow(engine, orgId)).debts[0].lastOutcome).toBe('authentication_required');
    await eventually(async () => (await billingStatus(engine, orgId)).suspended);
    const [intent] = [...stripe.paymentIntents.values()].filter((pi) => pi.customer === customerId);
    stripe.authenticatePaymentIntent(intent.id); // the customer completed 3-D Secure meanwhile

    const [due] = await cycles(engine, orgId);
    const refused = await admin(orgId, 'write-off', { ...OPERATOR, cycleId: due.cycleId });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/succeeded: it is being recorded as paid; not written off/);
    const paid = await eventually(async () => {
      const [cycle] = await cycles(engine, orgId);
      return cycle.state === 'paid' && cycle.invoiceNumber ? cycle : undefined;
    });
    expect(paid.paidWith).toBe('card');
    expect(paid.writtenOff).toBeUndefined();
    expect([...stripe.paymentIntents.values()].filter((pi) => pi.customer === customerId).map((pi) => pi.status)).toEqual(['succeeded']);
    await eventually(async () => !(await billingStatus(engine, orgId)).suspended);
  });

  it('cancels a card payment still awaiting authentication, so the customer cannot pay a written-off cycle', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    const { customerId } = await saveDefaultCard(engine, stripe, orgId, 'authenticationRequired');
    await runCycleNow(engine, orgId);
    const [due] = await cycles(engine, orgId);
    const response = await admin(orgId, 'write-off', { ...OPERATOR, cycleId: due.cycleId });
    expect(response.status).toBe(200);
    expect((response.json as BillingStatus).debts).toEqual([]);
    expect([...stripe.paymentIntents.values()].filter((pi) => pi.customer === customerId).map((pi) => pi.status)).toEqual(['canceled']);
    expect((await cycles(engine, orgId))[0].state).toBe('written_off');
  });
});

describe('resend a final invoice', () => {
  it('e-mails the invoice again with its PDF to the current billing address, once per resend', async () => {
    const { orgId } = await engine.createOrganization({ plan: PLAN });
    await saveDefaultCard(engine, stripe, orgId, 'visa');
    await runCycleNow(engine, orgId);
    const [paid] = await cycles(engine, orgId);
    const number = paid.invoiceNumber!;
    expect(number).toMatch(/^INV-/);
    await engine.models.Organization.updateOne({ _id: orgId }, { $set: { billingEmail: 'accounts@acme.test' } }); // the customer's new address

    const first = await admin(orgId, 'resend-invoice', { by: 'carol@ops', reason: 'lost in spam', invoiceNumber: number });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ invoiceNumber: number, cycleId: paid.cycleId, to: 'accounts@acme.test' });
    const { code } = await ops('resend-invoice', orgId, '--invoice', number, '--by', 'carol@ops', '--reason', 'once more');
    expect(code).toBe(0);

    const resent = await engine.models.OutboxEmail.find({ orgId, _id: { $regex: /^final-invoice-resent:/ } })
      .sort({ _id: 1 })
      .lean();
    expect(resent.map((e) => [e._id, e.to])).toEqual([
      [`final-invoice-resent:${number}:1`, 'accounts@acme.test'],
      [`final-invoice-resent:${number}:2`, 'accounts@acme.test'],
    ]);
    expect(resent[0].attachments).toEqual([{ filename: `${number}.pdf`, invoiceId: number }]);
    expect(resent[0].subject).toContain(number);
  });

  it("answers 404 for another organization's invoice or an unknown number, and sends nothing", async () => {
    const owner = await engine.createOrganization({ plan: PLAN });
    await saveDefaultCard(engine, stripe, owner.orgId, 'visa');
    await runCycleNow(engine, owner.orgId);
    const [paid] = await cycles(engine, owner.orgId);
    const other = await engine.createOrganization({ plan: PLAN });
    await eventually(async () => (await billingStatus(engine, other.orgId)).cycle);

    for (const invoiceNumber of [paid.invoiceNumber!, 'INV-1999-000001']) {
      const response = await admin(other.orgId, 'resend-invoice', { ...OPERATOR, invoiceNumber });
      expect(response.status).toBe(404);
      expect(response.json.error.message).toMatch(/no final invoice/);
    }
    expect(await engine.models.OutboxEmail.countDocuments({ orgId: other.orgId, _id: { $regex: /^final-invoice-resent:/ } })).toBe(0);
    expect((await admin(other.orgId, 'resend-invoice', { ...OPERATOR })).status).toBe(400);
  });
});
