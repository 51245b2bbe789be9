/**
 * The PayPal approval workflow on the dev server with its real activities, which call the PayPal fake
 * through the real SDK. Short timeouts are passed in as workflow input.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { createActivities } from '../../activities';
import type { Models } from '../../models';
import {
  cancelPayPalSetupUpdate,
  paypalApprovalSignal,
  paypalSetupStartedUpdate,
  paypalSetupStatusQuery,
  searchAttributes,
  type PayPalSetupInput,
} from '../../workflows/definitions';
import { startFakePayPal, type FakePayPal } from '../fakes/paypal';
import { testDatabase } from '../helpers/database';
import { eventually } from '../helpers/engine';
import { createTestOrganization, providerConfig, stripeMock } from '../helpers/payment-providers';
import { testClient, withWorker } from '../helpers/temporal';

let models: Models;
let drop: () => Promise<void>;
let paypal: FakePayPal;
let client: Client;
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  ({ models, drop } = await testDatabase());
  paypal = await startFakePayPal();
  activities = createActivities({ models, config: providerConfig(paypal, stripeMock()) });
  ({ client } = await testClient());
});
afterAll(async () => {
  await paypal.close();
  await drop();
  await (await testClient()).close();
});

/** Starts a set-up as the API does (update-with-start), answering the approval URL. */
async function start(taskQueue: string, orgId: string, approvalTimeout = '1 hour') {
  const workflowId = `paypal-setup/${orgId}`;
  const input: PayPalSetupInput = { orgId, publicBaseUrl: 'https://billing.example.test', approvalTimeout, makeDefault: true };
  const status = await client.workflow.executeUpdateWithStart(paypalSetupStartedUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation('paypalApprovalWorkflow', {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  return { handle: client.workflow.getHandle(workflowId), status };
}

/** The attempt id PayPal's redirect carries back in our return URL's path. */
const attemptOf = (redirect: string) => /\/v1\/paypal\/setup\/[^/]+\/([0-9a-f]{32})\/(return|cancel)/.exec(redirect)![1];

describe('paypalApprovalWorkflow', () => {
  it('approved: vaults the approved token, saves it as the default method and e-mails once', async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      expect(status).toMatchObject({
        state: 'awaiting_approval',
        approvalUrl: expect.stringContaining('approval_session_id='),
        setupTokenId: expect.any(String),
      });
      const redirect = paypal.approve(status.setupTokenId!, { email: 'ap@acme.test' });
      expect(redirect).toMatch(/^https:\/\/billing\.example\.test\/v1\/paypal\/setup\//);

      await handle.signal(paypalApprovalSignal, { source: 'return', attemptId: attemptOf(redirect), setupTokenId: status.setupTokenId });
      const result = await handle.result();
      expect(result).toMatchObject({ state: 'active', approvalsIgnored: 0, duplicateApprovals: 0 });
      const { typedSearchAttributes } = await handle.describe();
      expect([typedSearchAttributes.get(searchAttributes.orgId), typedSearchAttributes.get(searchAttributes.state)]).toEqual([
        orgId,
        'active',
      ]);
      const token = [...paypal.paymentTokens.values()].find((t) => t.customer.merchant_customer_id === orgId)!;
      expect(result.method).toEqual({
        methodId: `paypal_${token.id}`,
        kind: 'paypal',
        isDefault: true,
        billingAgreementNumber: token.id,
        payerEmail: 'ap@acme.test',
      });

      const org = await models.Organization.findById(orgId).lean();
      expect(org).toMatchObject({ defaultPaymentMethod: 'paypal', defaultPaymentMethodId: `paypal_${token.id}` });
      const emails = await models.OutboxEmail.find({ orgId }).lean();
      expect(emails.map((e) => e._id)).toEqual([`payment-method-added:paypal_${token.id}`]);
      expect(emails[0].text).toContain(`Billing agreement number: ${token.id}`);
      expect(result).not.toHaveProperty('approvalUrl');
    });
  });

  it("handles duplicate approvals once: the return page twice and PayPal's webhook make one token", async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      const attemptId = attemptOf(paypal.approve(status.setupTokenId!));
      await handle.signal(paypalApprovalSignal, { source: 'return', attemptId, setupTokenId: status.setupTokenId });
      await handle.signal(paypalApprovalSignal, { source: 'return', attemptId, setupTokenId: status.setupTokenId });
      const result = await handle.result();
      expect(result.state).toBe('active');
      expect(result.duplicateApprovals).toBe(1);
      expect(paypal.countRequests('POST', '/v3/vault/payment-tokens')).toBe([...paypal.paymentTokens.values()].length);
      expect([...paypal.paymentTokens.values()].filter((t) => t.customer.merchant_customer_id === orgId)).toHaveLength(1);
      expect(await models.PaymentMethod.countDocuments({ orgId })).toBe(1);
      expect(await models.OutboxEmail.countDocuments({ orgId })).toBe(1);
    });
  });

  it("acts on PayPal's webhook when it comes first, and only for a token PayPal says is this organization's", async () => {
    const orgId = await createTestOrganization(models);
    const other = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      // A token of another organization (say, a forged or misrouted event) is ignored.
      const { status: otherStatus } = await start(taskQueue, other);
      paypal.approve(otherStatus.setupTokenId!);
      const foreign = await activities.createPayPalPaymentToken({ setupTokenId: otherStatus.setupTokenId!, requestId: `test:${other}` });

      const { handle, status } = await start(taskQueue, orgId);
      await handle.signal(paypalApprovalSignal, { source: 'webhook', paymentTokenId: foreign.paymentTokenId, eventId: 'WH-1' });
      // So is a token PayPal does not know (deleted since): the attempt goes on.
      await handle.signal(paypalApprovalSignal, { source: 'webhook', paymentTokenId: 'deletedtoken', eventId: 'WH-0' });
      await eventually(async () => (await handle.query(paypalSetupStatusQuery)).approvalsIgnored === 2);
      expect((await handle.query(paypalSetupStatusQuery)).state).toBe('awaiting_approval');

      paypal.approve(status.setupTokenId!);
      const own = await activities.createPayPalPaymentToken({ setupTokenId: status.setupTokenId!, requestId: `test:${orgId}` });
      await handle.signal(paypalApprovalSignal, { source: 'webhook', paymentTokenId: own.paymentTokenId, eventId: 'WH-2' });
      const result = await handle.result();
      expect(result).toMatchObject({ state: 'active', approvalsIgnored: 2, method: { billingAgreementNumber: own.paymentTokenId } });
      await client.workflow
        .getHandle(`paypal-setup/${other}`)
        .executeUpdate(cancelPayPalSetupUpdate, { args: [{ by: 'test', reason: 'done' }] });
    });
  });

  it('ignores a return PayPal has not approved, or a link from another attempt, and keeps waiting', async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      const attemptId = attemptOf(paypal.cancelAtPayPal(status.setupTokenId!)); // the same attempt id, without approving
      await handle.signal(paypalApprovalSignal, { source: 'return', attemptId, setupTokenId: status.setupTokenId });
      await handle.signal(paypalApprovalSignal, {
        source: 'return',
        attemptId: randomUUID().replace(/-/g, ''),
        setupTokenId: status.setupTokenId,
      });
      await eventually(async () => (await handle.query(paypalSetupStatusQuery)).approvalsIgnored === 2);
      expect((await handle.query(paypalSetupStatusQuery)).state).toBe('awaiting_approval');
      expect(paypal.countRequests('POST', '/v3/vault/payment-tokens')).toBe(paypal.paymentTokens.size); // none for this org

      paypal.approve(status.setupTokenId!);
      await handle.signal(paypalApprovalSignal, { source: 'return', attemptId, setupTokenId: status.setupTokenId });
      expect((await handle.result()).state).toBe('active');
    });
  });

  it("cancelled: ends the attempt without vaulting; only the attempt's own link may cancel it", async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      const attemptId = attemptOf(paypal.cancelAtPayPal(status.setupTokenId!));
      await expect(
        handle.executeUpdate(cancelPayPalSetupUpdate, {
          args: [{ by: 'payer', reason: 'cancelled at PayPal', attemptId: 'f'.repeat(32) }],
        }),
      ).rejects.toMatchObject({ cause: { type: 'NotFound', message: expect.stringMatching(/earlier PayPal set-up/) } });
      const cancelled = await handle.executeUpdate(cancelPayPalSetupUpdate, {
        args: [{ by: 'payer', reason: 'cancelled at PayPal', attemptId }],
      });
      expect(cancelled.state).toBe('cancelled');
      expect((await handle.result()).state).toBe('cancelled');
      expect(await models.PaymentMethod.countDocuments({ orgId })).toBe(0);
      await expect(handle.executeUpdate(cancelPayPalSetupUpdate, { args: [{ by: 'x', reason: 'y' }] })).rejects.toThrow(); // the workflow has ended
    });
  });

  it('timed out: expires after the approval timeout it was given, unless PayPal says the payer approved', async () => {
    const orgId = await createTestOrganization(models);
    const approvedOrg = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId, '2 seconds');
      expect(Date.parse(status.expiresAt!) - Date.now()).toBeLessThanOrEqual(2_000);
      // This payer approved at PayPal but never came back to the return URL.
      const approved = await start(taskQueue, approvedOrg, '2 seconds');
      paypal.approve(approved.status.setupTokenId!);

      const started = Date.now();
      const result = await handle.result();
      expect(result).toMatchObject({ state: 'expired', approvalsIgnored: 0 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(await models.PaymentMethod.countDocuments({ orgId })).toBe(0);
      expect((await approved.handle.result()).state).toBe('active');
      expect(await models.PaymentMethod.countDocuments({ orgId: approvedOrg })).toBe(1);
    });
  });

  it('a second start while one is pending returns the pending attempt', async () => {
    const orgId = await createTestOrganization(models);
    await withWorker(activities, async (taskQueue) => {
      const first = await start(taskQueue, orgId);
      const second = await start(taskQueue, orgId);
      expect(second.status.setupTokenId).toBe(first.status.setupTokenId);
      expect((await first.handle.describe()).runId).toBe((await second.handle.describe()).runId);
      await first.handle.executeUpdate(cancelPayPalSetupUpdate, { args: [{ by: 'test', reason: 'done' }] });
    });
  });

  it('provider error retried: a PayPal 500 on the setup token is retried with the same PayPal-Request-Id', async () => {
    const orgId = await createTestOrganization(models);
    const before = paypal.setupTokens.size;
    paypal.failNext({ method: 'POST', path: '/v3/vault/setup-tokens' }, 500);
    await withWorker(activities, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      expect(status.state).toBe('awaiting_approval');
      const attempts = paypal.requests.filter(
        (r) => r.path === '/v3/vault/setup-tokens' && (r.body as any)?.customer?.merchant_customer_id === orgId,
      );
      expect(attempts.map((r) => r.status)).toEqual([500, 201]);
      expect(new Set(attempts.map((r) => r.headers['paypal-request-id'])).size).toBe(1);
      expect(paypal.setupTokens.size).toBe(before + 1);
      await handle.executeUpdate(cancelPayPalSetupUpdate, { args: [{ by: 'test', reason: 'done' }] });
    });
  });

  it('fails cleanly when PayPal refuses the set-up, and says why', async () => {
    const orgId = await createTestOrganization(models);
    const refusing = createActivities({
      models,
      config: providerConfig(paypal, stripeMock(), { PAYPAL_CLIENT_SECRET: 'wrong-secret-0000' }),
    });
    await withWorker(refusing, async (taskQueue) => {
      const { handle, status } = await start(taskQueue, orgId);
      expect(status).toMatchObject({ state: 'failed', error: { code: 'invalid_client' } });
      expect((await handle.result()).state).toBe('failed');
    });
  });
});
