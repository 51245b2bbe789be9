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
import { signBankPayload } from '../../api/middleware/bank-signature';
import { loadConfig, type Config } from '../../config';
import { toolPath } from '../../scripts/servers';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../workflows/definitions';
import { testDatabase } from './database';
import { ADMIN_KEY, BANK_SECRET } from './engine';
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
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: toolPath('temporal-test-server') } } });
  await registerSearchAttributes(env);
  const database = await testDatabase();
  const taskQueue = `test-${randomUUID()}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    ADMIN_API_KEY: ADMIN_KEY,
    BANK_WEBHOOK_SECRET: BANK_SECRET,
    TEMPORAL_TASK_QUEUE: taskQueue,
    RESEND_API_KEY: '',
    ...overrides,
  });
  const client = env.client;
  const app = createApp({ models: database.models, config, temporal: client });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createActivities({ models: database.models, config, temporal: client }),
  });
  const running = worker.run();

  async function call(method: string, path: string, { key, body, headers = {} }: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const response = await app.request(path, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text, headers: response.headers };
  }

  async function reportCredits(credits: unknown[]) {
    const body = JSON.stringify({ credits });
    const timestamp = Math.floor(Date.now() / 1000); // the bank signs with real time, whatever the server's clock says
    return call('POST', '/v1/bank/credits', { body, headers: { 'x-bank-timestamp': String(timestamp), 'x-bank-signature': signBankPayload(BANK_SECRET, timestamp, body) } });
  }

  async function createOrganization(fields: Record<string, unknown> = {}) {
    const response = await call('POST', '/v1/organizations', {
      key: ADMIN_KEY,
      body: {
        name: 'Acme Telephony',
        billingEmail: 'billing@acme.test',
        currency: 'EUR',
        vatRateBp: 2100,
        plan: { setupFeeMinor: 10000, monthlyFeeMinor: 5000, usagePrices: [{ metric: 'seats', unit: 'seat', unitPriceMinor: 300 }] },
        ...fields,
      },
    });
    if (response.status !== 201) throw new Error(`create organization: ${response.status} ${response.text}`);
    return { orgId: response.json.organization.id as string, key: response.json.apiKey as string };
  }

  async function stop() {
    worker.shutdown();
    await running;
    await env.teardown();
    await database.drop();
  }

  return { env, app, config, client, models: database.models, taskQueue, call, reportCredits, createOrganization, stop };
}

export type TimeSkippingEngine = Awaited<ReturnType<typeof startTimeSkippingEngine>>;
