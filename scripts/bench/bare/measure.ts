/**
 * What the Temporal server gives a bare one-activity workflow: N started at once, timed until every one has
 * completed. The worker runs with the engine's worker tuning (worker/index.ts), in this process.
 */
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../../config';
import { workerTuning } from '../../../worker';
import { inParallel } from '../harness';

export interface BareWorkflowRate {
  count: number;
  ms: number;
  perSecond: number;
}

export async function measureBareWorkflows(client: Client, address: string, count: number): Promise<BareWorkflowRate> {
  const taskQueue = `bare-${Date.now()}`;
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflow'), logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: bundle,
    activities: { noop: async () => undefined },
    ...workerTuning(loadConfig()),
  });
  try {
    return await worker.runUntil(async () => {
      const started = Date.now();
      // Started as fast as the billing bench closes cycles (100 requests in flight), then awaited.
      const handles = await inParallel(
        Array.from({ length: count }, (_, i) => `${taskQueue}-${i}`),
        100,
        (workflowId) => client.workflow.start('bareWorkflow', { workflowId, taskQueue }),
      );
      await inParallel(handles, 200, (handle) => handle.result());
      const ms = Date.now() - started;
      return { count, ms, perSecond: (count * 1000) / ms };
    });
  } finally {
    await connection.close();
  }
}
