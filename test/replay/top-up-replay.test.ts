/**
 * Histories recorded with RELEASED workflow code replay without non-determinism against today's code, with
 * and without the log interceptors that production bundles add (worker/build-bundle.ts):
 *  - top-up-*.json: the first release of the top-up workflow (commit a768891, before the operator updates of
 *    issue 5), recorded by running that release's API and worker end to end (its test/helpers/engine.ts,
 *    `temporal workflow show --output json`): paid (partial, duplicate and over-payment, a refused cancel),
 *    cancelled, expired after two reminders and a partial payment.
 *  - v2-*.json: every workflow as recorded up to commit 1d8d1ca (one billing cycle per run, every charge and credit a
 *    regular activity), from `npm run record-histories` at that commit; the changes after it are patched.
 *  - v4-billing-cycle-*.json: the billing workflow as last recorded before commit 09e7d41, each patch asked as the run
 *    reached it; later runs ask once, at their start, for all of them (workflows/billing-patches.ts).
 *
 * They live in test/replay/released/, apart from test/replay/histories/ (which `npm run record-histories`
 * wipes and re-records from the current code): never re-record these; add histories of later releases beside them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { buildWorkflowBundle } from '../../worker/build-bundle';
import { workflowBundle } from '../helpers/temporal';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // replay workers log their state changes at INFO
} catch {
  // a Runtime exists already in this process
}

type JsonHistory = { workflowId: string; history: { events: Record<string, unknown>[] } };

const dir = path.join(__dirname, 'released');
/** The files are `temporal workflow show --output json`, as recorded by the CLI. */
const load = (): JsonHistory[] =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as JsonHistory);

/**
 * Proto JSON → History. The SDK's own historyFromJSON (which runReplayHistories calls on JSON) fails here with
 * "type must be a Type": npm installs a separate copy of protobufjs 8 under @temporalio/common and under
 * @temporalio/proto (the root holds protobufjs 7 for grpc), and protojson checks `instanceof` against its own
 * copy. Parsing with the copy that @temporalio/proto's types come from works, whatever the install layout.
 */
const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [require.resolve('@temporalio/proto')] })) as {
  fromJson: (type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }) => temporal.api.history.v1.History;
};
const parsed = (histories: JsonHistory[]) =>
  histories.map(({ workflowId, history }) => ({
    workflowId,
    history: protojson.fromJson(temporal.api.history.v1.History, history, { ignoreUnknownFields: true }),
  }));

async function replay(bundle: { codePath: string } | { code: string }, histories: JsonHistory[]) {
  const results: { workflowId: string; error?: string }[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, parsed(histories))) {
    results.push({ workflowId: result.workflowId, ...(result.error ? { error: String(result.error) } : {}) });
  }
  return results;
}

it('has the recorded histories', () => {
  const histories = load();
  expect(histories.length).toBeGreaterThanOrEqual(16);
  expect(histories.every((h) => h.history.events.length > 0)).toBe(true);
});

it('replays every recorded history with the current workflow code', async () => {
  const histories = load();
  expect(await replay(workflowBundle(), histories)).toEqual(histories.map(({ workflowId }) => ({ workflowId })));
});

it('replays them with the production bundle (workflow interceptors that add activity headers)', async () => {
  const histories = load();
  expect(await replay({ code: await buildWorkflowBundle() }, histories)).toEqual(histories.map(({ workflowId }) => ({ workflowId })));
}, 120_000);

it('would notice a change in the command sequence (the check can fail)', async () => {
  const [history] = load();
  const scheduled = history.history.events.find((event) => event.activityTaskScheduledEventAttributes) as {
    activityTaskScheduledEventAttributes: { activityType: { name: string } };
  };
  scheduled.activityTaskScheduledEventAttributes.activityType.name = 'someOtherActivity';
  const [result] = await replay(workflowBundle(), [history]);
  expect(result.error).toMatch(/[Nn]ondetermin/);
});
