/** `npm run ops -- export …`: the finance exports of reports/finance-exports.ts, to stdout or a file, with a progress bar. */
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import type { Config } from '../../config';
import type { Models } from '../../models';
import { invoicesExport, ledgerExport, vatReport, type CsvExport } from '../../reports/finance-exports';

export const EXPORTS = ['invoices', 'ledger', 'vat'] as const;

class ExportUsageError extends Error {}

function period(from: string | undefined, to: string | undefined) {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!from || !to || !day.test(from) || !day.test(to)) throw new ExportUsageError('--from and --to are days, YYYY-MM-DD');
  const period = { from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) };
  if (Number.isNaN(period.from.getTime()) || Number.isNaN(period.to.getTime()) || period.from >= period.to)
    throw new ExportUsageError('--to must be a day after --from');
  return period;
}

/** Writes the CSV; answers how many documents it read. */
export async function exportCsv(
  models: Models,
  config: Pick<Config, 'SELLER_VAT_ID'>,
  what: (typeof EXPORTS)[number],
  options: { from?: string; to?: string; orgId?: string; out?: string; write: (text: string) => void; progress?: NodeJS.WritableStream },
): Promise<number> {
  const exported: CsvExport =
    what === 'ledger'
      ? ledgerExport(models, options.orgId)
      : what === 'invoices'
        ? invoicesExport(models, period(options.from, options.to))
        : vatReport(models, period(options.from, options.to), config.SELLER_VAT_ID);
  const total = await exported.total();
  const bar = options.progress
    ? new SingleBar({
        stream: options.progress,
        format: `export ${what} [{bar}] {value}/{total} documents`,
        noTTYOutput: false,
        etaBuffer: 100,
      })
    : undefined;
  bar?.start(total, 0);
  let read = 0;
  const source = await exported.stream(() => {
    read += 1;
    if (read % 100 === 0) bar?.update(read);
  });
  const sink = options.out
    ? createWriteStream(options.out)
    : new Writable({
        write(chunk: Buffer, _encoding, done) {
          options.write(chunk.toString('utf8'));
          done();
        },
      });
  await pipeline(source, sink);
  bar?.update(read);
  bar?.stop();
  return read;
}

export { ExportUsageError };
