import { firstCycle, isValidTimeZone, localDateTime, nextCycle, startOfLocalDay, wholeDaysBetween } from '../../domain/billing-cycle';

describe("calendar-month cycles in the organization's time zone", () => {
  const brussels = { kind: 'calendar-month', timeZone: 'Europe/Brussels' } as const;

  it('bills the first partial month from activation to local midnight on the 1st, prorated by days', () => {
    const cycle = firstCycle(brussels, new Date('2026-11-25T09:06:00Z'));
    expect(cycle).toEqual({
      id: '2026-11',
      startsAt: '2026-11-25T09:06:00.000Z',
      endsAt: '2026-11-30T23:00:00.000Z', // 1 December 00:00 in Brussels (UTC+1)
      billedDays: 6, // 25..30 November, the activation day counts
      periodDays: 30,
    });
  });

  it('takes the local month, not the UTC one, near midnight', () => {
    // 23:30 UTC on 31 October is already 1 November in Brussels: a full November.
    expect(firstCycle(brussels, new Date('2026-10-31T23:30:00Z'))).toMatchObject({ id: '2026-11', billedDays: 30, periodDays: 30 });
    // 02:00 UTC on 1 November is still 31 October in New York.
    expect(firstCycle({ kind: 'calendar-month', timeZone: 'America/New_York' }, new Date('2026-11-01T02:00:00Z'))).toMatchObject({
      id: '2026-10',
      endsAt: '2026-11-01T04:00:00.000Z', // EDT ends on 1 November 2026 at 02:00 local, after midnight
      billedDays: 1,
      periodDays: 31,
    });
  });

  it('chains full months across DST changes and year ends', () => {
    let cycle = firstCycle(brussels, new Date('2026-11-01T08:00:00Z'));
    const seen = [cycle];
    for (let i = 0; i < 5; i++) seen.push((cycle = nextCycle(brussels, cycle)));
    expect(seen.map((c) => [c.id, c.endsAt, c.billedDays, c.periodDays])).toEqual([
      ['2026-11', '2026-11-30T23:00:00.000Z', 30, 30],
      ['2026-12', '2026-12-31T23:00:00.000Z', 31, 31],
      ['2027-01', '2027-01-31T23:00:00.000Z', 31, 31],
      ['2027-02', '2027-02-28T23:00:00.000Z', 28, 28],
      ['2027-03', '2027-03-31T22:00:00.000Z', 31, 31], // summer time from 28 March: UTC+2
      ['2027-04', '2027-04-30T22:00:00.000Z', 30, 30],
    ]);
    expect(seen[1].startsAt).toBe(seen[0].endsAt);
  });

  it('handles zones east of UTC with half hours and leap years', () => {
    const kolkata = { kind: 'calendar-month', timeZone: 'Asia/Kolkata' } as const;
    const feb = nextCycle(kolkata, { endsAt: '2028-01-31T18:30:00.000Z' });
    expect(feb).toMatchObject({ id: '2028-02', endsAt: '2028-02-29T18:30:00.000Z', periodDays: 29 });
  });

  it('finds the first instant of a day whose midnight DST skips', () => {
    // Santiago moves its clocks from 00:00 to 01:00 on 6 September 2026: the day starts at 01:00 local.
    const start = startOfLocalDay(2026, 9, 6, 'America/Santiago');
    expect(localDateTime(start, 'America/Santiago')).toMatchObject({ year: 2026, month: 9, day: 6, hour: 1, minute: 0 });
    expect(localDateTime(start - 1000, 'America/Santiago')).toMatchObject({ day: 5 });
  });

  it('refuses an unknown time zone', () => {
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(() => firstCycle({ kind: 'calendar-month', timeZone: 'Europe/Atlantis' }, new Date())).toThrow(/unknown time zone/);
  });
});

describe('fixed-length cycles (tests)', () => {
  it('runs back to back from activation, never prorated, with ids from their start', () => {
    const schedule = { kind: 'fixed', lengthMs: 3000 } as const;
    const first = firstCycle(schedule, new Date('2026-11-25T09:06:30Z'));
    expect(first).toEqual({
      id: '20261125T090630Z',
      startsAt: '2026-11-25T09:06:30.000Z',
      endsAt: '2026-11-25T09:06:33.000Z',
      billedDays: 1,
      periodDays: 1,
    });
    expect(nextCycle(schedule, first)).toMatchObject({
      id: '20261125T090633Z',
      startsAt: first.endsAt,
      endsAt: '2026-11-25T09:06:36.000Z',
    });
    expect(() => firstCycle({ kind: 'fixed', lengthMs: 1500 }, new Date())).toThrow(/whole number of seconds/);
  });
});

it('counts whole days overdue', () => {
  const day = 24 * 60 * 60 * 1000;
  expect(wholeDaysBetween(0, day - 1)).toBe(0);
  expect(wholeDaysBetween(0, 3 * day + 5)).toBe(3);
  expect(wholeDaysBetween(10, 0)).toBe(0);
});
