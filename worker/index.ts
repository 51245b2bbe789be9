import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig, type Config } from '../config';
import { connectDatabase } from '../models';

/** The workflow bundle is built once per process: prebuilt when WORKFLOW_BUNDLE_PATH names one, else at start-up. */
export function workflowSource(codePath: string | undefined): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return codePath ? { workflowBundle: { codePath } } : { workflowsPath: require.resolve('../workflows') };
}

export async function createWorker(config: Config) {
  const { db, models } = await connectDatabase(config.MONGODB_URI, config.MONGODB_POOL_SIZE);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflowSource(config.WORKFLOW_BUNDLE_PATH),
    activities: createActivities({ models, config }),
    maxConcurrentActivityTaskExecutions: 200,
    maxConcurrentWorkflowTaskExecutions: 100,
    maxCachedWorkflows: 2000,
  });
  const close = async () => {
    await connection.close();
    await db.close();
  };
  return { worker, close };
}

if (require.main === module) {
  const config = loadConfig();
  createWorker(config)
    .then(async ({ worker, close }) => {
      console.log(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
      await worker.run(); // stops on SIGINT/SIGTERM (the SDK installs the handlers)
      await close();
    })
    .catch((error) => {
      console.error('worker failed:', error);
      process.exit(1);
    });
}
