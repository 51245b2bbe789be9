/**
 * Dunning: when to try a failed cycle payment again, and when to give up and suspend the organization.
 * Pure, so the billing workflow decides with it and the tests pin it down.
 *
 * Scheduled attempts happen at the due date (the cycle's close) and then `retryAfterMs[i]` after it, e.g.
 * [1 day, 3 days, 7 days]. Each failed scheduled attempt sends a reminder; when the last one fails the
 * organization is suspended, and from then on the debt is retried every `suspendedRetryMs` (a fixed card,
 * a top-up) and at once whenever the balance is credited or the payment method changes.
 */

export interface DunningPolicy {
  /** Delays after the due date, increasing: one scheduled retry each. */
  retryAfterMs: number[];
  suspendedRetryMs: number;
}

export interface DunningStep {
  /** When to try next. */
  nextAttemptAt: number;
  /** True once the scheduled attempts are used up: suspend (if not already). */
  suspend: boolean;
}

export function assertDunningPolicy(policy: DunningPolicy): void {
  const ok = policy.retryAfterMs.every((ms, i) => Number.isSafeInteger(ms) && ms > 0 && (i === 0 || ms > policy.retryAfterMs[i - 1]));
  if (!ok) throw new Error('dunning retry delays must be positive and increasing');
  if (!Number.isSafeInteger(policy.suspendedRetryMs) || policy.suspendedRetryMs <= 0)
    throw new Error('the suspended retry interval must be positive');
}

/**
 * After a failed attempt: `scheduledAttemptsMade` counts the scheduled attempts made so far (the one at the
 * due date included); attempts triggered by a signal do not count, so they never bring suspension closer.
 */
export function afterFailedAttempt(input: {
  dueAt: number;
  scheduledAttemptsMade: number;
  policy: DunningPolicy;
  now: number;
}): DunningStep {
  const { policy } = input;
  const retry = policy.retryAfterMs[input.scheduledAttemptsMade - 1];
  if (retry !== undefined) return { nextAttemptAt: Math.max(input.dueAt + retry, input.now), suspend: false };
  return { nextAttemptAt: input.now + policy.suspendedRetryMs, suspend: true };
}
