/**
 * "Run now" asked on a run's last cycle, while the run is about to hand over to the next one: it must be
 * answered at once and must not hold the hand-over (continue-as-new waits for every handler to finish). The
 * close it asked for is carried to the next run, which closes that cycle at the time asked.
 *
 * Each run bills one cycle here. The window is made wide by holding the payment-problem notice the first
 * close sends: by then the run has opened its next cycle (a cycle this run will never close) but has not
 * handed over yet. "Run now" lands in that window.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { billingWorkflowId } from '../../workflows/definitions';
import { BILLING_OVERRIDES, cycles, OPERATOR } from '../helpers/billing';
import { ADMIN_KEY, eventually, startEngine, type Engine } from '../helpers/engine';
import { quietRuntime, testClient, workflowBundle } from '../helpers/temporal';

let engine: Engine;
let worker: { worker: Worker; running: Promise<void>; connection: NativeConnection };
let noticeHeld!: () => void;
const noticeReached = new Promise<void>((resolve) => (noticeHeld = resolve));
let releaseNotice!: () => void;
const noticeReleased = new Promise<void>((resolve) => (releaseNotice = resolve));

beforeAll(async () => {
  quietRuntime();
  engine = await startEngine(
    { ...BILLING_OVERRIDES, BILLING_CYCLE: '10 seconds', BILLING_CYCLES_PER_RUN: '1' },
    { inProcessWorker: false },
  );
  const activities = createActivities({ models: engine.models, config: engine.config, temporal: engine.client });
  let holding = false;
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const created = await Worker.create({
    connection,
    taskQueue: engine.taskQueue,
    workflowBundle: workflowBundle(),
    activities: {
      ...activities,
      async notifyPaymentProblem(input: Parameters<typeof activities.notifyPaymentProblem>[0]) {
        if (!holding) {
          holding = true;
          noticeHeld();
          await noticeReleased;
        }
        return activities.notifyPaymentProblem(input);
      },
    },
  });
  worker = { worker: created, connection, running: created.run() };
});
afterAll(async () => {
  releaseNotice();
  await engine.client.workflow
    .getHandle(billingWorkflowId(orgId))
    .terminate('test over')
    .catch(() => undefined);
  worker.worker.shutdown();
  await worker.running;
  await worker.connection.close();
  await engine.stop();
  await (await testClient()).close();
});

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
  await within(noticeReached, 30_000, 'the first close');
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
  releaseNotice(); // the run may hand over now

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
