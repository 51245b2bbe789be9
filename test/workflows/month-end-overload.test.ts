/**
 * A month-end in miniature: many workflows wake at the same instant and each runs its work local-first,
 * on a worker with few local-activity slots and a slow activity. The work a workflow task waits for must
 * never outlive the task: no workflow task may time out, and none may be kept alive by heartbeats (Core
 * completes a task that waits on a local activity at 80 % of its timeout and asks for a new one: each such
 * heartbeat is a task more for the server and the worker, which is how the real month-end overloaded).
 */
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { testClient, withWorker } from '../helpers/temporal';

const WORKFLOWS = 40;
const TASK_TIMEOUT = '4 seconds';

jest.setTimeout(120_000);

test('workflows that wake together never wait on a queued local activity past their task timeout', async () => {
  const { client, close } = await testClient();
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./fixtures/wake-together'),
    logger: new DefaultLogger('WARN'),
  });
  let ranLocally = 0;
  const activities = {
    async work() {
      await new Promise((resolve) => setTimeout(resolve, 400)); // the charge, PDF and e-mail of one organization
      ranLocally += 1;
      return 'done';
    },
  };
  try {
    const histories = await withWorker(
      activities,
      async (taskQueue) => {
        const wakeAtMs = Date.now() + 3000;
        const handles = await Promise.all(
          Array.from({ length: WORKFLOWS }, (_, i) =>
            client.workflow.start('wakeTogether', {
              workflowId: `${taskQueue}-${i}`,
              taskQueue,
              args: [wakeAtMs],
              workflowTaskTimeout: TASK_TIMEOUT,
            }),
          ),
        );
        await Promise.all(handles.map((handle) => handle.result()));
        return Promise.all(handles.map((handle) => handle.fetchHistory()));
      },
      { workflowBundle, maxConcurrentLocalActivityExecutions: 2 },
    );
    const count = (events: NonNullable<(typeof histories)[number]['events']>, has: (e: (typeof events)[number]) => unknown) =>
      events.filter(has).length;
    const timedOut = histories.map((h) => count(h.events ?? [], (e) => e.workflowTaskTimedOutEventAttributes));
    // Start → timer; timer fired → local work (or, when the local slots are full, the regular activity);
    // activity completed → done. Anything more is a heartbeat or a retried task.
    const completedTasks = histories.map((h) => count(h.events ?? [], (e) => e.workflowTaskCompletedEventAttributes));
    expect(timedOut.reduce((a, b) => a + b, 0)).toBe(0);
    expect(Math.max(...completedTasks)).toBeLessThanOrEqual(3);
    expect(ranLocally).toBeGreaterThan(0); // the fast path still serves what the slots can take
  } finally {
    await close();
  }
});
