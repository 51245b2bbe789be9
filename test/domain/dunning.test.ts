import { afterFailedAttempt, assertDunningPolicy } from '../../domain/dunning';

const day = 24 * 60 * 60 * 1000;
const policy = { retryAfterMs: [1 * day, 3 * day, 7 * day], suspendedRetryMs: 7 * day };

describe('dunning', () => {
  it('retries on the schedule counted from the due date, then suspends', () => {
    const dueAt = 1_000_000;
    expect(afterFailedAttempt({ dueAt, scheduledAttemptsMade: 1, policy, now: dueAt })).toEqual({
      nextAttemptAt: dueAt + day,
      suspend: false,
    });
    expect(afterFailedAttempt({ dueAt, scheduledAttemptsMade: 2, policy, now: dueAt + day })).toEqual({
      nextAttemptAt: dueAt + 3 * day,
      suspend: false,
    });
    expect(afterFailedAttempt({ dueAt, scheduledAttemptsMade: 3, policy, now: dueAt + 3 * day })).toEqual({
      nextAttemptAt: dueAt + 7 * day,
      suspend: false,
    });
    expect(afterFailedAttempt({ dueAt, scheduledAttemptsMade: 4, policy, now: dueAt + 7 * day })).toEqual({
      nextAttemptAt: dueAt + 14 * day,
      suspend: true,
    });
  });

  it('never schedules in the past (a late attempt retries after now)', () => {
    expect(afterFailedAttempt({ dueAt: 0, scheduledAttemptsMade: 1, policy, now: 2 * day }).nextAttemptAt).toBe(2 * day);
  });

  it('refuses a schedule that is not increasing', () => {
    expect(() => assertDunningPolicy({ retryAfterMs: [3 * day, day], suspendedRetryMs: day })).toThrow(/increasing/);
    expect(() => assertDunningPolicy({ retryAfterMs: [], suspendedRetryMs: 0 })).toThrow(/positive/);
    expect(() => assertDunningPolicy(policy)).not.toThrow();
  });
});
