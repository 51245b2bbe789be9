/**
 * Billing cycles: when each one starts and ends, and its id. Pure and deterministic (the caller passes the
 * instant), so the billing workflow may compute them.
 *
 * A production cycle is a calendar month in the organization's IANA time zone: it ends at local midnight
 * on the 1st. Time zones are resolved with `Intl` (the ICU data of the Node runtime, no dependency). Tests
 * use fixed-length cycles (seconds) instead, anchored at activation.
 *
 * Instants cross Temporal payloads as ISO strings (payloads are JSON), so windows carry strings.
 */

export type CycleSchedule =
  | { kind: 'calendar-month'; timeZone: string }
  /** Back-to-back cycles of `lengthMs` from activation: for tests and demos. Whole seconds, at least one. */
  | { kind: 'fixed'; lengthMs: number };

export interface CycleWindow {
  /** "2026-11" for a calendar month (the local month of its start); "20261125T090630Z" for a fixed cycle. */
  id: string;
  /** When service in this cycle starts: activation for the first cycle, else the previous cycle's end. */
  startsAt: string;
  endsAt: string;
  /**
   * The monthly fee is prorated by days: the cycle bills `billedDays` of `periodDays` (both equal for a
   * full cycle). A first calendar month started on the 25th of a 30-day month bills 6 of 30.
   */
  billedDays: number;
  periodDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time at `instant` in `timeZone`. */
export function localDateTime(instant: number, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** Local time minus UTC at `instant`, in ms (e.g. +3 600 000 for Europe/Brussels in winter). */
function offsetMs(instant: number, timeZone: string): number {
  const l = localDateTime(instant, timeZone);
  const wholeSecond = instant - (((instant % 1000) + 1000) % 1000);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - wholeSecond;
}

/**
 * The first instant of a local calendar day: its midnight, or, where a DST change skips midnight (it does
 * in a few zones), the first local time that exists that day.
 */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  let instant = wall - offsetMs(wall, timeZone);
  // Near a DST change the offset at the guess differs from the offset at the answer: correct once.
  instant = wall - offsetMs(instant, timeZone);
  const key = (l: LocalDateTime) => l.year * 10000 + l.month * 100 + l.day;
  const target = year * 10000 + month * 100 + day;
  // A skipped midnight lands on the previous day's evening: step forward to the day's first hour.
  while (key(localDateTime(instant, timeZone)) < target) instant += 60 * 60 * 1000 - (instant % (60 * 60 * 1000));
  // Walk back while the previous minute is still the target day (the guess landed after midnight).
  while (key(localDateTime(instant - 60_000, timeZone)) === target) instant -= 60_000;
  return instant;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const monthCycleId = (year: number, month: number) => `${year}-${pad(month)}`;

function fixedCycleId(startMs: number): string {
  return new Date(startMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function assertSchedule(schedule: CycleSchedule): void {
  if (schedule.kind === 'calendar-month') {
    if (!isValidTimeZone(schedule.timeZone)) throw new Error(`unknown time zone "${schedule.timeZone}"`);
  } else if (!Number.isSafeInteger(schedule.lengthMs) || schedule.lengthMs < 1000 || schedule.lengthMs % 1000 !== 0) {
    throw new Error(`a fixed cycle is a whole number of seconds, at least one; got ${schedule.lengthMs} ms`);
  }
}

/**
 * The cycle an organization activated at `activatedAt` is first billed for: from activation to the end of
 * that local month, billing the days left in it (the activation day counts in full).
 */
export function firstCycle(schedule: CycleSchedule, activatedAt: Date): CycleWindow {
  assertSchedule(schedule);
  const start = activatedAt.getTime();
  if (schedule.kind === 'fixed') {
    return {
      id: fixedCycleId(start),
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + schedule.lengthMs).toISOString(),
      billedDays: 1,
      periodDays: 1,
    };
  }
  const local = localDateTime(start, schedule.timeZone);
  const days = daysInMonth(local.year, local.month);
  const next = local.month === 12 ? { year: local.year + 1, month: 1 } : { year: local.year, month: local.month + 1 };
  return {
    id: monthCycleId(local.year, local.month),
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(startOfLocalDay(next.year, next.month, 1, schedule.timeZone)).toISOString(),
    billedDays: days - local.day + 1,
    periodDays: days,
  };
}

/** The cycle after `previous`: a full period starting where it ended. */
export function nextCycle(schedule: CycleSchedule, previous: Pick<CycleWindow, 'endsAt'>): CycleWindow {
  assertSchedule(schedule);
  const start = Date.parse(previous.endsAt);
  if (schedule.kind === 'fixed') {
    return {
      id: fixedCycleId(start),
      startsAt: previous.endsAt,
      endsAt: new Date(start + schedule.lengthMs).toISOString(),
      billedDays: 1,
      periodDays: 1,
    };
  }
  // The previous end is a local midnight on the 1st; read the month at noon to stay clear of DST edges.
  const local = localDateTime(start + DAY_MS / 2, schedule.timeZone);
  const next = local.month === 12 ? { year: local.year + 1, month: 1 } : { year: local.year, month: local.month + 1 };
  const days = daysInMonth(local.year, local.month);
  return {
    id: monthCycleId(local.year, local.month),
    startsAt: previous.endsAt,
    endsAt: new Date(startOfLocalDay(next.year, next.month, 1, schedule.timeZone)).toISOString(),
    billedDays: days,
    periodDays: days,
  };
}

/** The billing cycle document's id: one per organization and cycle. */
export const billingCycleKey = (orgId: string, cycleId: string) => `${orgId}:${cycleId}`;

/** Whole days from `from` to `to` (0 when `to` is earlier): how long a debt has been overdue. */
export function wholeDaysBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / DAY_MS));
}
