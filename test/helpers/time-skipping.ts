/**
 * The engine on the time-skipping test server (temporal-test-server, installed by scripts/install-tools.sh):
 * months of billing in seconds. Same shape as test/helpers/engine.ts (a fresh database, the real
 * activities, the Hono app), but with a server of its own per test file: skipped time is global to it.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createActivities } from '../../activities';
import { createApp } from '../../api/app';
import { loadConfig, type Config } from '../../config';
import { toolPath } from '../../scripts/servers';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../workflows/definitions';
import { testDatabase } from './database';
import { apiClient } from './api-client';
import { engineEnv } from './engine';
import { quietRuntime, workflowBundle } from './temporal';

/**
 * The test server accepts custom search attributes once they are registered through the operator service
 * (the dev server gets them as --search-attribute flags); without this, every upsert fails the workflow task.
 */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const { IndexedValueType } = temporal.api.enums.v1;
  const searchAttributes = Object.fromEntries(
    SEARCH_ATTRIBUTE_FLAGS.map((flag) => {
      const [name, type] = flag.split('=');
      return [name, IndexedValueType[`INDEXED_VALUE_TYPE_${type.toUpperCase()}` as keyof typeof IndexedValueType]];
    }),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes });
}

export async function startTimeSkippingEngine(overrides: Partial<Record<keyof Config, string>> = {}) {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: toolPath('temporal-test-server') } },
  });
  await registerSearchAttributes(env);
  const database = await testDatabase();
  const taskQueue = `test-${randomUUID()}`;
  const config = loadConfig(engineEnv(taskQueue, overrides));
  const client = env.client;
  const app = createApp({ models: database.models, config, temporal: client });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities({ models: database.models, config, temporal: client }),
  });
  const running = worker.run();

  const { call, reportCredits, createOrganization } = apiClient(app);

  async function stop() {
    worker.shutdown();
    await running;
    await env.teardown();
    await database.drop();
  }

  return { env, app, config, client, models: database.models, taskQueue, call, reportCredits, createOrganization, stop };
}

export type TimeSkippingEngine = Awaited<ReturnType<typeof startTimeSkippingEngine>>;
