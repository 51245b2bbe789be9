/**
 * Back-off of a failing webhook delivery: the first retry after `initialMs`, each next one twice as long,
 * never longer than `maxMs`, spread by ±10 % (`jitter` in [0, 1)) so that the events of an endpoint that came
 * back do not all retry in the same instant. Pure: the workflow passes its deterministic random number in.
 */
export function retryDelayMs(attempts: number, { initialMs, maxMs }: { initialMs: number; maxMs: number }, jitter: number): number {
  const base = Math.min(initialMs * 2 ** Math.max(attempts - 1, 0), maxMs);
  return Math.round(base * (0.9 + 0.2 * jitter));
}

/** An event still failing `giveUpAfterMs` after its first failure ends the endpoint's retries. */
export const retriesExhausted = (firstFailureAt: number | undefined, now: number, giveUpAfterMs: number) =>
  firstFailureAt !== undefined && now - firstFailureAt >= giveUpAfterMs;
