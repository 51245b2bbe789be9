import { ActivityFailure, ApplicationFailure, patched, proxyLocalActivities } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';

/** Local attempts before the regular activity takes over. */
const LOCAL_ATTEMPTS = 3;

/**
 * An activity run first in the workflow task that woke the workflow (a local activity), and, if that keeps
 * failing, as a regular activity. When many workflows wake at once (month-end timers, a bank's batch of
 * credits) and the work takes milliseconds, this saves the server an activity task and the worker a second
 * workflow task per workflow. A failing one ends up as the regular activity: retried on its own schedule,
 * visible as pending (and to `npm run ops -- failing`). Only for idempotent activities: a local attempt
 * and a regular one may both run.
 *
 * `activities` is the workflow's proxyActivities object: the regular activity is `activities[activityType]`.
 * A refusal (an ApplicationFailure of one of the `refusals` types) is thrown at once, as the regular
 * activity would have. Runs recorded before `patchId` existed replay with the regular activity alone.
 */
export function localFirst<A extends object, K extends keyof A & string>(
  patchId: string,
  activities: A,
  activityType: K,
  { startToCloseTimeout, refusals }: { startToCloseTimeout: Duration; refusals: string[] },
): A[K] {
  type Run = (...args: unknown[]) => Promise<unknown>;
  const regular = activities[activityType] as Run;
  const local = proxyLocalActivities<Record<string, Run>>({
    startToCloseTimeout,
    retry: { initialInterval: '1 second', maximumAttempts: LOCAL_ATTEMPTS, nonRetryableErrorTypes: refusals },
  })[activityType];
  const run: Run = async (...args) => {
    if (!patched(patchId)) return regular(...args);
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
