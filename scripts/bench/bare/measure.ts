/**
 * What the Temporal server gives a bare one-activity workflow: N started at once, timed until every one has
 * completed. The worker runs with the engine's worker tuning and stack-trace setting (worker/index.ts), in this process.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../../config';
import { applyWorkflowStackTraces, workerTuning } from '../../../worker';
import { startTemporalDevServer } from '../../servers';
import { inParallel } from '../harness';
import { costWindow, type WindowCost } from '../process-stats';

export interface BareWorkflowRate {
  count: number;
  ms: number;
  perSecond: number;
}

export async function measureBareWorkflows(client: Client, address: string, count: number): Promise<BareWorkflowRate> {
  const taskQueue = `bare-${Date.now()}`;
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflow'), logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address });
  applyWorkflowStackTraces(loadConfig());
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

export interface FreshServerBaseline extends BareWorkflowRate {
  /** CPU seconds of the fresh Temporal server and of this process (where the bare worker runs) while measured. */
  costs: WindowCost[];
}

/**
 * The baseline on a Temporal dev server of its own, started like the engine's: a server that already holds
 * the billing run's executions is slower for everything, which would flatter billing's ratio.
 */
export async function measureBareOnFreshServer(count: number, logDir: string): Promise<FreshServerBaseline> {
  const server = await startTemporalDevServer({ logDir: path.join(logDir, 'baseline') });
  const connection = await Connection.connect({ address: server.address });
  try {
    const costs = costWindow([{ name: 'temporal (baseline)', pid: server.pid }]);
    const ownCpuBefore = process.cpuUsage();
    const rate = await measureBareWorkflows(new Client({ connection }), server.address, count);
    const own = process.cpuUsage(ownCpuBefore);
    return { ...rate, costs: [...costs.end(), { name: 'bare worker', cpuSeconds: (own.user + own.system) / 1e6, peakRssMb: 0 }] };
  } finally {
    await connection.close();
    await server.stop();
  }
}
