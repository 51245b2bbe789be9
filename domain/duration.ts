/**
 * Durations as Temporal reads them: a number of milliseconds, or a string in the `ms` package's syntax
 * ("30 days", "90s", "1.5h"), the same package and rules Temporal applies to its own duration options.
 * Pure, so workflows may parse the durations their (possibly older) inputs carry as strings.
 */
import ms, { type StringValue } from 'ms';

export type Duration = number | string;

export function durationMs(value: Duration): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`not a duration: ${value}`);
    return value;
  }
  const parsed = value.length <= 100 ? ms(value.trim() as StringValue) : Number.NaN;
  if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed < 0) throw new TypeError(`not a duration: "${value}"`);
  return parsed;
}

const UNITS: [string, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** The exact inverse for whole units ("3 days", "90 minutes"), for inputs that are still typed as text. */
export function durationText(milliseconds: number): string {
  for (const [unit, size] of UNITS) {
    if (milliseconds > 0 && milliseconds % size === 0) {
      const count = milliseconds / size;
      return `${count} ${unit}${count === 1 ? '' : 's'}`;
    }
  }
  return `${milliseconds} ms`;
}
