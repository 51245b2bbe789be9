import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Activities } from '../../activities';
import { UsageError } from '../../scripts/ops';
import { declaredQueryNames, sanitize, statusQueryFor } from '../../scripts/ops/story';
import { formatAge, renderTable } from '../../scripts/ops/table';
import { findFailingActivities, openPaymentsQuery } from '../../scripts/ops/visibility';
import { topUpWorkflowId, type TopUpInput } from '../../workflows/definitions';
import { orderTopUp } from '../helpers/billing';
import { ADMIN_KEY, engineForThisFile, eventually } from '../helpers/engine';
import { opsCli } from '../helpers/ops';
import { withWorker } from '../helpers/temporal';

const engine = engineForThisFile();
const ops = (...argv: string[]) => opsCli(engine, ...argv);

async function order(amountMinor = 10000) {
  const org = await engine.createOrganization();
  return { ...org, ...(await orderTopUp(engine, org, amountMinor)) };
}

describe('building blocks', () => {
  it('builds the visibility query the README shows for the Web UI', () => {
    const now = new Date('2026-11-25T00:00:00Z');
    expect(openPaymentsQuery({ type: 'topUpWorkflow', states: ['awaiting_payment'], olderThan: '7d' }, now)).toBe(
      'ExecutionStatus="Running" AND WorkflowType="topUpWorkflow" AND BillingState="awaiting_payment" AND StartTime < "2026-11-18T00:00:00.000Z"',
    );
    expect(
      openPaymentsQuery({ states: ['awaiting_payment', 'partially_paid'], orgId: 'org_"x', where: 'BillingDaysOverdue > 14' }, now),
    ).toBe(
      'ExecutionStatus="Running" AND BillingState IN ("awaiting_payment", "partially_paid") AND BillingOrgId="org_\\"x" AND (BillingDaysOverdue > 14)',
    );
    expect(() => openPaymentsQuery({ olderThan: 'a week' }, now)).toThrow();
  });

  it("picks each workflow type's status query from workflows/definitions.ts by name", () => {
    const declared = declaredQueryNames();
    expect(declared).toContain('topUpStatus');
    expect(statusQueryFor('topUpWorkflow', declared)).toBe('topUpStatus');
    expect(statusQueryFor('billingCycleWorkflow', ['billingStatus', 'topUpStatus'])).toBe('billingStatus');
    expect(statusQueryFor('paypalSetupWorkflow', ['paypalSetupStatus', 'cardSetupStatus'])).toBe('paypalSetupStatus');
    expect(statusQueryFor('someWorkflow', ['status'])).toBe('status');
    expect(statusQueryFor('lateTopUpCreditsWorkflow', ['topUpStatus'])).toBeUndefined();
  });

  it('renders tables, ages, and hides secrets', () => {
    expect(
      renderTable([
        { a: 'x', bb: 12 },
        { a: 'longer', bb: undefined },
      ]),
    ).toBe('a       bb\n------  --\nx       12\nlonger\n');
    expect(renderTable([])).toBe('(none)\n');
    expect(formatAge(new Date('2026-11-20T10:00:00Z'), new Date('2026-11-25T12:30:00Z'))).toBe('5d 2h');
    expect(sanitize({ clientSecret: 'seti_x_secret_y', nested: [{ apiKey: 'k', id: 1 }] })).toEqual({
      clientSecret: '[redacted]',
      nested: [{ apiKey: '[redacted]', id: 1 }],
    });
  });
});

describe('npm run ops', () => {
  it('stuck: lists open payments by state, organization and age', async () => {
    const { orgId, workflowId, paymentReference } = await order();
    const listed = await eventually(async () => {
      const result = await ops('stuck', '--org', orgId, '--state', 'awaiting_payment,partially_paid', '--type', 'topUpWorkflow');
      return result.output.includes(workflowId) && result;
    });
    expect(listed.code).toBe(0);
    const [header, rule, row] = listed.output.split('\n');
    expect(header).toMatch(/^workflowId\s+type\s+orgId\s+state\s+paymentReference\s+started\s+age$/);
    expect(rule).toMatch(/^-+ +-+/);
    expect(row).toContain(`${workflowId}  topUpWorkflow  ${orgId}  awaiting_payment  ${paymentReference}`);
    expect(listed.output).toContain('1 open payment(s); query: ExecutionStatus="Running" AND WorkflowType="topUpWorkflow"');

    expect((await ops('stuck', '--org', orgId, '--state', 'paid')).output).toContain('(none)');
    expect((await ops('stuck', '--org', orgId, '--older-than', '30d')).output).toContain('(none)');
    const json = JSON.parse((await ops('stuck', '--org', orgId, '--json')).output);
    expect(json.payments).toEqual([expect.objectContaining({ workflowId, orgId, state: 'awaiting_payment', paymentReference })]);
  });

  it('story: state from the status query, key history events with operator updates, DB records and e-mails', async () => {
    const { orgId, orderId, workflowId, paymentReference } = await order(10000);
    await engine.reportCredits([
      { bankTxId: `story-${orderId}`, amountMinor: 2500, currency: 'EUR', reference: paymentReference, valueDate: '2026-11-25' },
    ]);
    await eventually(async () => (await engine.models.TopUpOrder.findById(orderId).lean())?.state === 'partially_paid');
    const resent = await ops('resend-proforma', orderId, '--by', 'dave', '--reason', 'lost in spam');
    expect(resent.code).toBe(0);
    expect(resent.output).toMatch(/partially_paid/);

    const { code, output } = await ops('story', orderId); // a bare order id is accepted
    expect(code).toBe(0);
    expect(output).toContain(`${workflowId} (topUpWorkflow, RUNNING)`);
    expect(output).toContain(`/namespaces/default/workflows/${encodeURIComponent(workflowId)}/`);
    expect(output).toContain('State (query topUpStatus)');
    expect(output).toMatch(/"state": "partially_paid",\s+"amountMinor": 10000,\s+"receivedMinor": 2500/);
    for (const line of [
      /WorkflowStarted\s+topUpWorkflow on test-/,
      /ActivityScheduled\s+issueTopUpProforma/,
      /SearchAttributes\s+BillingOrgId=org_\w+ BillingState=issuing/,
      /SearchAttributes\s+BillingState=awaiting_payment/,
      new RegExp(`Signal\\s+bankCredit: .*"bankTxId":"story-${orderId}"`),
      /(Local)?ActivityCompleted\s+creditTopUp/,
      /UpdateAccepted\s+resendProforma: .*"by":"dave","reason":"lost in spam"/,
      /ActivityCompleted\s+resendTopUpProforma/,
      /TimerStarted\s+(6d 23h|7d 0h)/,
    ]) {
      expect(output).toMatch(line);
    }
    expect(output).toMatch(/Order\nfield\s+value\n-+\s+-+\norderId\s+top_/);
    expect(output).toMatch(new RegExp(`\\d+\\s+bank-credit:story-${orderId}\\s+top_up_credit\\s+2500\\s+2500`));
    expect(output).toContain(`proforma-resent:${orderId}:1`);
    expect(output).toContain(`funds-received:story-${orderId}`);
    expect(output).toMatch(new RegExp(`story-${orderId}\\s+2500\\s+matched`));

    const json = JSON.parse((await ops('story', workflowId, '--json')).output);
    expect(json).toMatchObject({
      orgId,
      state: 'partially_paid',
      query: { name: 'topUpStatus', result: { receivedMinor: 2500, proformaResends: 1 } },
    });
  });

  it('failing: finds a running workflow whose activity keeps failing, with its last failure', async () => {
    const orderId = `top_failing_${randomUUID().slice(0, 8)}`;
    const workflowId = topUpWorkflowId(orderId);
    const broken = {
      issueTopUpProforma: async () => {
        throw new Error('PDF renderer unavailable');
      },
    } as unknown as Partial<Activities>;
    await withWorker(broken, async (taskQueue) => {
      const input: TopUpInput = { orderId, orgId: 'org_failing', amountMinor: 100, currency: 'EUR', expiry: '30 days', reminders: [] };
      const handle = await engine.client.workflow.start('topUpWorkflow', { workflowId, taskQueue, args: [input] });
      try {
        const rows = await eventually(
          async () => {
            const found = (await findFailingActivities(engine.client, { type: 'topUpWorkflow' })).filter(
              (row) => row.workflowId === workflowId && row.attempt >= 2,
            );
            return found.length > 0 && found;
          },
          { timeoutMs: 30_000, intervalMs: 500 },
        );
        expect(rows[0]).toMatchObject({
          workflowId,
          type: 'topUpWorkflow',
          orgId: 'org_failing',
          state: 'issuing',
          activity: 'issueTopUpProforma',
          lastFailure: 'PDF renderer unavailable',
        });
        const { output } = await ops('failing', '--type', 'topUpWorkflow');
        expect(output).toMatch(
          new RegExp(`${workflowId}\\s+topUpWorkflow\\s+org_failing\\s+issuing\\s+issueTopUpProforma\\s+\\d+\\s+PDF renderer unavailable`),
        );
        // The story shows the pending activity and its failure too.
        expect((await ops('story', workflowId)).output).toMatch(/issueTopUpProforma\s+\d+\s+\w+\s+PDF renderer unavailable/);
      } finally {
        await handle.terminate('test over');
      }
    });
  });

  it('update: sends any declared update with who and why; the workflow validates it', async () => {
    const { workflowId, paymentReference, orderId } = await order();
    const { code, output } = await ops('update', workflowId, 'resendProforma', '--by', 'erin', '--reason', 'bounced', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ state: 'awaiting_payment', proformaResends: 1 });
    await engine.reportCredits([
      { bankTxId: `upd-${orderId}`, amountMinor: 100, currency: 'EUR', reference: paymentReference, valueDate: '2026-11-25' },
    ]);
    await eventually(async () => (await engine.models.TopUpOrder.findById(orderId).lean())?.state === 'partially_paid');
    await expect(ops('update', workflowId, 'cancelTopUp', '--by', 'erin', '--reason', 'r')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/received a payment/),
    });
    await expect(ops('update', workflowId, 'noSuchUpdate', '--by', 'erin', '--reason', 'r')).rejects.toThrow(
      /not an update in workflows\/definitions.ts: .*cancelTopUp/,
    );
    await expect(ops('update', workflowId, 'resendProforma', '--by', 'erin', '--reason', 'r', '--fields', '[1]')).rejects.toThrow(
      '--fields must be a JSON object',
    );
  });

  it('refuses usage mistakes and reports refused actions', async () => {
    await expect(ops('frobnicate')).rejects.toThrow(UsageError);
    await expect(ops('cancel', 'top_x', '--reason', 'no name')).rejects.toThrow('--by is required');
    await expect(ops('mark-paid', 'top_x', '--by', 'a', '--reason', 'b', '--bank-tx-id', 't', '--amount-minor', '-5')).rejects.toThrow(
      '--amount-minor',
    );
    await expect(ops('cancel', 'top_does_not_exist', '--by', 'a', '--reason', 'b')).rejects.toMatchObject({ code: 'not_found' });
    expect((await ops('help')).output).toContain('Usage: npm run ops');
  });

  it('runs as `npm run ops` against the configured servers, printing a table', async () => {
    const { orgId, workflowId } = await order();
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'scripts/ops.ts', ...args],
          { cwd: path.resolve(__dirname, '../..'), env: engine.workerEnv },
          (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
        );
      });
    const listed = await eventually(async () => {
      const result = await run('stuck', '--org', orgId);
      return result.stdout.includes(workflowId) && result;
    });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^workflowId\s+type\s+orgId/);
    const usage = await run('stuck', '--no-such-option');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run ops');
    const refused = await run('cancel', 'top_nope', '--by', 'x', '--reason', 'y');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('top-up order not found (not_found)');
    expect(ADMIN_KEY).toBeTruthy();
  });
});
