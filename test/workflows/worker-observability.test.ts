/**
 * The worker process as deployed: bundling the workflows (with their interceptors) at start-up, logging JSON
 * through pino with workflowId and orgId, serving Temporal's Prometheus metrics and a readiness probe.
 */
import { freePort } from '../../scripts/servers';
import { bankCredit } from '../helpers/api-client';
import { engineForThisFile, eventually } from '../helpers/engine';
import { startWorkerProcess } from '../helpers/worker-process';

const engine = engineForThisFile({}, { inProcessWorker: false });

jest.setTimeout(180_000);

it('logs JSON lines carrying workflowId and orgId, serves metrics and readiness, and stops cleanly', async () => {
  const [metricsPort, healthPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...engine.workerEnv,
    LOG_LEVEL: 'debug',
    WORKER_METRICS_PORT: String(metricsPort),
    WORKER_HEALTH_PORT: String(healthPort),
  };
  delete env.WORKFLOW_BUNDLE_PATH; // bundle from source, as a deployment without a prebuilt bundle does
  const { child, output, exited } = startWorkerProcess(env);
  const lines = () =>
    output.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  try {
    await eventually(async () => output.stdout.includes('worker polling'), { timeoutMs: 120_000, intervalMs: 250 });
    const ready = await fetch(`http://127.0.0.1:${healthPort}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', worker: 'RUNNING', database: 'ok' });
    expect((await fetch(`http://127.0.0.1:${healthPort}/health`)).status).toBe(200);

    const { orgId, key } = await engine.createOrganization();
    const order = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor: 7000, currency: 'EUR' } });
    expect(order.status).toBe(201);
    const { workflowId, paymentReference } = order.json;
    // Off by default (WORKER_WORKFLOW_STACK_TRACES): the patched SDK records no promise stack traces.
    await expect(engine.client.workflow.getHandle(workflowId).query('__stack_trace')).rejects.toThrow(/stack traces are not enabled/);
    await engine.reportCredits([bankCredit(`obs-${orgId}`, 7000, paymentReference)]);
    await engine.client.workflow.getHandle(workflowId).result();

    const completed = await eventually(async () =>
      lines().find((line) => line.msg === 'Activity completed' && line.activityType === 'creditTopUp'),
    );
    expect(completed).toMatchObject({ level: 'debug', service: 'worker', workflowId, workflowType: 'topUpWorkflow', orgId });
    const workflowDone = await eventually(async () =>
      lines().find((line) => line.msg === 'Workflow completed' && line.workflowId === workflowId),
    );
    expect(workflowDone).toMatchObject({ workflowType: 'topUpWorkflow', orgId });
    // Every line is JSON (parsed above); every activity and workflow line of this run names the organization,
    // except the SDK's "Workflow started" and "Activity started", written before any interceptor sees the
    // arguments. Core's own lines stay at WARN.
    expect(lines().filter((line) => line.sdkComponent === 'core' && line.level !== 'warn' && line.level !== 'error')).toEqual([]);
    const ours = lines().filter(
      (line) => line.workflowId === workflowId && line.msg !== 'Activity started' && line.msg !== 'Workflow started',
    );
    expect(ours.map((line) => line.msg)).toEqual(expect.arrayContaining(['Activity completed', 'Workflow completed']));
    expect(ours.filter((line) => line.orgId !== orgId)).toEqual([]);

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(
        `temporal_(local_)?activity_execution_latency\\w*\\{[^}]*activity_type="creditTopUp"[^}]*task_queue="${engine.taskQueue}"`,
      ),
    );
    expect(metrics).toMatch(/temporal_workflow_completed\{[^}]*workflow_type="topUpWorkflow"/);
    // The series the README points operators at.
    for (const name of [
      'temporal_workflow_task_schedule_to_start_latency',
      'temporal_activity_schedule_to_start_latency',
      'temporal_worker_task_slots_available',
      'temporal_sticky_cache_size',
    ]) {
      expect(metrics).toContain(name);
    }
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(lines().at(-1)).toMatchObject({ msg: 'worker stopped' });
  // Logs go to stdout; stderr holds at most Node's own warnings (e.g. a mongoose schema warning).
  expect(output.stderr.split('\n').filter((line) => line && !/Warning|--trace-warnings/.test(line))).toEqual([]);
});
