import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { ledgerSum } from '../../activities/ledger';
import { keyEvents } from '../../scripts/ops/story';
import { markPaidByHandUpdate, resendProformaUpdate, topUpStatusQuery } from '../../workflows/definitions';
import { bankCredit } from '../helpers/api-client';
import { orderTopUp } from '../helpers/billing';
import { ADMIN_KEY, engineForThisFile, eventually } from '../helpers/engine';

const engine = engineForThisFile();

const admin = (path: string, body: unknown, key = ADMIN_KEY) => engine.call('POST', `/v1/admin/top-ups/${path}`, { key, body });

async function order(amountMinor = 10000) {
  const org = await engine.createOrganization({ billingEmail: `billing-${Math.random().toString(36).slice(2)}@acme.test` });
  return { ...org, ...(await orderTopUp(engine, org, amountMinor)) };
}

async function updatesInHistory(workflowId: string) {
  const history = await engine.client.workflow.getHandle(workflowId).fetchHistory();
  return keyEvents(history.events ?? []).filter((event) => event.event === 'UpdateAccepted' && !event.detail.startsWith('proformaIssued'));
}

describe('mark a top-up paid by hand', () => {
  it('credits a transfer the bank reported with a wrong reference, once, and records who and why in the history', async () => {
    const { orgId, key, orderId, workflowId, paymentReference } = await order(10000);
    const unmatched = await engine.reportCredits([bankCredit(`wrong-ref-${orderId}`, 4000, 'RF18539007547034')]);
    expect(unmatched.json.results[0]).toMatchObject({ status: 'unmatched' });
    const payment = {
      by: 'alice@ops',
      reason: 'payer quoted the proforma number instead of the reference',
      bankTxId: `wrong-ref-${orderId}`,
      amountMinor: 4000,
    };

    expect((await admin(`${orderId}/mark-paid`, payment, key)).status).toBe(403);
    const noName = await admin(`${orderId}/mark-paid`, { ...payment, by: ' ' });
    expect(noName.status).toBe(400);
    expect(noName.json.error.field).toBe('by');
    const wrongAmount = await admin(`${orderId}/mark-paid`, { ...payment, amountMinor: 5000 });
    expect(wrongAmount.status).toBe(409);
    expect(wrongAmount.json.error.message).toMatch(/reported .* as 4000 EUR/);
    expect((await admin('top_does_not_exist/mark-paid', payment)).status).toBe(404);

    const marked = await admin(`${orderId}/mark-paid`, payment);
    expect(marked.status).toBe(200);
    expect(marked.json).toMatchObject({ orderId, orgId, state: 'partially_paid', receivedMinor: 4000, creditedTxIds: [payment.bankTxId] });
    const record = await engine.models.BankCredit.findById(payment.bankTxId).lean();
    expect(record).toMatchObject({ status: 'matched', orgId, topUpOrderId: orderId });
    expect(record!.reason).toContain('alice@ops');

    // Twice by hand is refused; the bank later reporting it properly is a duplicate: credited once.
    const again = await admin(`${orderId}/mark-paid`, payment);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already credited/);
    const reported = await engine.reportCredits([bankCredit(payment.bankTxId, 4000, paymentReference)]);
    expect(reported.json.results[0]).toMatchObject({ status: 'matched', duplicate: true });

    // A transfer the bank never reported (a cheque): recorded as matched too, and it pays the order.
    const cheque = await admin(`${workflowId}/mark-paid`.replace('/', '%2F'), {
      ...payment,
      bankTxId: `cheque-${orderId}`,
      amountMinor: 6000,
      valueDate: '2026-11-24',
    });
    expect(cheque.status).toBe(200);
    expect(cheque.json).toMatchObject({ state: 'paid', receivedMinor: 10000 });
    expect(await engine.models.BankCredit.findById(`cheque-${orderId}`).lean()).toMatchObject({
      status: 'matched',
      valueDate: '2026-11-24',
      amountMinor: 6000,
    });
    await eventually(
      async () => (await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key })).json.balance.amountMinor === 10000,
    );
    expect(await ledgerSum(engine.models, orgId)).toBe(10000);

    // Closed: the workflow is gone, the action is refused.
    await engine.client.workflow.getHandle(workflowId).result();
    expect((await admin(`${orderId}/mark-paid`, { ...payment, bankTxId: 'late-by-hand' })).status).toBe(409);

    const audit = await updatesInHistory(workflowId);
    expect(audit.map((event) => event.detail)).toEqual([
      expect.stringMatching(/^markPaidByHand: .*"by":"alice@ops".*"reason":"payer quoted the proforma number.*"amountMinor":4000/),
      expect.stringMatching(/^markPaidByHand: .*"bankTxId":"cheque-/),
    ]);
  });

  it('is validated by the workflow itself, whatever the caller', async () => {
    const { workflowId } = await order(10000);
    const handle = engine.client.workflow.getHandle(workflowId);
    const refusal = async (payment: Record<string, unknown>) => {
      const error = await handle.executeUpdate(markPaidByHandUpdate, { args: [payment as never] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      return (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
    };
    expect(await refusal({ by: 'bob', reason: '', bankTxId: 'x', amountMinor: 1 })).toMatchObject({ type: 'InvalidInput' });
    expect(await refusal({ by: 'bob', reason: 'r', bankTxId: 'x', amountMinor: 1.5 })).toMatchObject({ type: 'InvalidInput' });
    expect(await refusal({ by: 'bob', reason: 'r', bankTxId: 'x', amountMinor: 100, valueDate: '25/11/2026' })).toMatchObject({
      type: 'InvalidInput',
    });
    // Refused updates leave no trace in the history; the order is untouched.
    expect(await updatesInHistory(workflowId)).toEqual([]);
    expect(await handle.query(topUpStatusQuery)).toMatchObject({ state: 'awaiting_payment', receivedMinor: 0 });
  });
});

describe('resend the proforma, cancel', () => {
  it('e-mails the proforma again to the current billing address, each resend once; refuses after cancellation', async () => {
    const { orgId, orderId, workflowId } = await order(20000);
    await engine.models.Organization.updateOne({ _id: orgId }, { $set: { billingEmail: 'new-accounts@acme.test' } });

    const first = await admin(`${orderId}/resend-proforma`, { by: 'carol', reason: 'customer changed accountant' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ state: 'awaiting_payment', proformaResends: 1 });
    const second = await engine.client.workflow
      .getHandle(workflowId)
      .executeUpdate(resendProformaUpdate, { args: [{ by: 'carol', reason: 'asked again' }] });
    expect(second.proformaResends).toBe(2);

    const emails = await engine.models.OutboxEmail.find({ orgId }).sort({ createdAt: 1 }).lean();
    expect(emails.map((e) => e._id)).toEqual([
      `proforma-issued:${orderId}`,
      `proforma-resent:${orderId}:1`,
      `proforma-resent:${orderId}:2`,
    ]);
    expect(emails[1]).toMatchObject({ to: 'new-accounts@acme.test', subject: emails[0].subject });
    expect(emails[1].attachments).toEqual([expect.objectContaining({ invoiceId: emails[0].attachments[0].invoiceId })]);

    const cancelled = await admin(`${orderId}/cancel`, { by: 'carol', reason: 'customer ordered twice' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.state).toBe('cancelled');
    expect((await engine.models.TopUpOrder.findById(orderId).lean())!.closeReason).toBe('customer ordered twice (by carol)');
    expect((await admin(`${orderId}/resend-proforma`, { by: 'carol', reason: 'again' })).status).toBe(409);
    expect((await admin(`${orderId}/cancel`, { by: 'carol', reason: 'again' })).status).toBe(409);

    const audit = (await updatesInHistory(workflowId)).map((event) => event.detail);
    expect(audit).toEqual([
      expect.stringMatching(/^resendProforma: .*"by":"carol".*"reason":"customer changed accountant"/),
      expect.stringMatching(/^resendProforma: .*"reason":"asked again"/),
      expect.stringMatching(/^cancelTopUp: .*"by":"carol".*"reason":"customer ordered twice"/),
    ]);
  });
});
