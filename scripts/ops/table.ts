/** Plain-text tables for the ops CLI: a header, a rule, one row per line, cells cut to a readable width. */

export type Cell = string | number | boolean | Date | null | undefined;

export function formatCell(value: Cell, maxWidth = 60): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (value instanceof Date) text = value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  else text = String(value);
  text = text.replace(/\s+/g, ' ');
  return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
}

export function renderTable(rows: readonly Record<string, Cell>[], columns?: readonly string[], { maxWidth = 60 } = {}): string {
  const keys = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((row) => keys.map((key) => formatCell(row[key], maxWidth)));
  const widths = keys.map((key, i) => Math.max(key.length, ...cells.map((line) => line[i].length)));
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line([...keys]), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

/** "3d 4h", "5h 12m", "42s": how long ago, for an age column. */
export function formatAge(from: Date, now = new Date()): string {
  let seconds = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  if (days) return `${days}d ${hours}h`;
  if (hours) return `${hours}h ${minutes}m`;
  if (minutes) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}
