/**
 * "Run now" asked on a run's last cycle, while the run is about to hand over to the next one: it must be
 * answered at once and must not hold the hand-over (continue-as-new waits for every handler to finish). The
 * close it asked for is carried to the next run, which closes that cycle at the time asked.
 *
 * Each run bills one cycle here. The window is made wide by holding the payment-problem notice the first
 * close sends: by then the run has opened its next cycle (a cycle this run will never close) but has not
 * handed over yet. "Run now" lands in that window.
 */
import { billingWorkflowId } from '../../workflows/definitions';
import { BILLING_OVERRIDES, cycles, OPERATOR } from '../helpers/billing';
import { ADMIN_KEY, engineForThisFile, eventually, holdFirstCall } from '../helpers/engine';
import { quietRuntime } from '../helpers/temporal';

const notice = holdFirstCall();
beforeAll(quietRuntime);
const engine = engineForThisFile(
  { ...BILLING_OVERRIDES, BILLING_CYCLE: '10 seconds', BILLING_CYCLES_PER_RUN: '1' },
  {
    replaceActivities: (real) => ({ notifyPaymentProblem: notice.wrap(real.notifyPaymentProblem) }),
    beforeStop: async () => {
      notice.release();
      await engine.client.workflow
        .getHandle(billingWorkflowId(orgId))
        .terminate('test over')
        .catch(() => undefined);
    },
  },
);

let orgId = '';
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

it('answers a "run now" that lands while a run hands over, and the next run closes that cycle', async () => {
  ({ orgId } = await engine.createOrganization({ plan: { setupFeeMinor: 0, monthlyFeeMinor: 5000, usagePrices: [] } }));
  const handle = engine.client.workflow.getHandle(billingWorkflowId(orgId));
  const firstRunId = (await handle.describe()).runId;

  // The first cycle closed by itself, unpaid (no balance); the run has opened the next cycle, its last act.
  await within(notice.reached, 30_000, 'the first close');
  const [first, next] = await eventually(async () => {
    const found = await cycles(engine, orgId);
    return found.length === 2 && found;
  });
  expect(first.state).toBe('due');
  expect(next.state).toBe('open');

  const askedAt = Date.now();
  const run = engine.call('POST', `/v1/admin/organizations/${orgId}/billing/run`, { key: ADMIN_KEY, body: OPERATOR });
  await eventually(async () => {
    const { events } = await handle.fetchHistory();
    return events?.some((event) => event.workflowExecutionUpdateAcceptedEventAttributes);
  });
  notice.release(); // the run may hand over now

  const answered = await within(run, 10_000, 'run now');
  expect(answered.status).toBe(202);
  expect(answered.json.chargingCycleId).toBe(next.cycleId);

  // The run handed over, and the next run closed the cycle at the cut-off asked for, before its own end.
  await eventually(async () => (await handle.describe()).runId !== firstRunId, { timeoutMs: 10_000 });
  const closed = await eventually(async () => {
    const found = (await cycles(engine, orgId)).find((cycle) => cycle.cycleId === next.cycleId);
    return found?.state === 'due' && found;
  });
  expect(closed.usageUntil!.getTime()).toBeGreaterThanOrEqual(askedAt - 1000);
  expect(closed.usageUntil!.getTime()).toBeLessThan(next.endsAt.getTime());
}, 60_000);
