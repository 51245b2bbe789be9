import { ActivityFailure, ApplicationFailure, patched, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';

/** Local attempts before the regular activity takes over. */
const LOCAL_ATTEMPTS = 3;
/**
 * How long a local attempt may wait for a free local-activity slot, as a share of the workflow task timeout.
 * Core keeps a task that waits on a local activity alive by completing it at 80 % of its timeout and asking for
 * a new one; when thousands of workflows wake at once (month-end) the slots are full and every waiting task
 * would heartbeat, multiplying the tasks the server and worker handle exactly when they are busiest. Past half
 * the timeout the work goes to the regular activity instead: the server's task queue holds it, not a task.
 */
const SLOT_WAIT_SHARE_OF_TASK_TIMEOUT = 0.5;

/**
 * An activity run first in the workflow task that woke the workflow (a local activity), and, if that keeps
 * failing, as a regular activity. When many workflows wake at once (month-end timers, a bank's batch of
 * credits) and the work takes milliseconds, this saves the server an activity task and the worker a second
 * workflow task per workflow. A failing one ends up as the regular activity: retried on its own schedule,
 * visible as pending (and to `npm run ops -- failing`); so does one that cannot get a local slot in time (see
 * SLOT_WAIT_SHARE_OF_TASK_TIMEOUT). Only for idempotent activities: a local attempt
 * and a regular one may both run.
 *
 * `activities` is the workflow's proxyActivities object: the regular activity is `activities[activityType]`.
 * A refusal (an ApplicationFailure of one of the `refusals` types) is thrown at once, as the regular
 * activity would have. Runs recorded before `patchId` existed replay with the regular activity alone;
 * `isPatched` is the run's own patch check where it has one (workflows/billing-patches.ts).
 */
export function localFirst<A extends object, K extends keyof A & string>(
  patchId: string,
  activities: A,
  activityType: K,
  {
    startToCloseTimeout,
    refusals,
    isPatched = patched,
  }: { startToCloseTimeout: Duration; refusals: string[]; isPatched?: (patchId: string) => boolean },
): A[K] {
  type Run = (...args: unknown[]) => Promise<unknown>;
  const regular = activities[activityType] as Run;
  const local = proxyLocalActivities<Record<string, Run>>({
    startToCloseTimeout,
    scheduleToStartTimeout: Math.floor(workflowInfo().taskTimeoutMs * SLOT_WAIT_SHARE_OF_TASK_TIMEOUT),
    retry: { initialInterval: '1 second', maximumAttempts: LOCAL_ATTEMPTS, nonRetryableErrorTypes: refusals },
  })[activityType];
  const run: Run = async (...args) => {
    if (!isPatched(patchId)) return regular(...args);
    try {
      return await local(...args);
    } catch (error) {
      const refused =
        error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && refusals.includes(error.cause.type ?? '');
      if (refused) throw error;
      return regular(...args);
    }
  };
  return run as A[K];
}
