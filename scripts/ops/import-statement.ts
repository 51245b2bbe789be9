/**
 * `npm run ops -- import-statement FILE…`: imports bank statement files with the engine's own importer
 * (api/bank-statement-importer.ts), a progress bar on stderr per file, then a summary table: one row per
 * file, totals per currency, and the entries that need a human (unmatched, with suggestions).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { SingleBar, Presets } from 'cli-progress';
import type { Config } from '../../config';
import { createEventRecorder } from '../../activities/events';
import { createStatementImporter, type ImportReport } from '../../api/bank-statement-importer';
import { StatementFormatError, type CsvMapping } from '../../domain/bank-statements';
import type { Models } from '../../models';
import { renderTable } from './table';

export interface ImportedFile {
  file: string;
  report?: ImportReport;
  /** Why the file was refused whole (nothing from it applied). */
  refused?: string;
}

export async function importStatementFiles(
  files: readonly string[],
  deps: {
    client: Client;
    config: Config;
    models: Models;
    csv?: string;
    mapping?: string;
    /** A progress bar on stderr (true), or on this stream, drawn there even when it is not a terminal. */
    progress?: boolean | NodeJS.WritableStream;
  },
): Promise<ImportedFile[]> {
  const { models, config, client: temporal } = deps;
  const importer = createStatementImporter({ models, config, temporal, events: createEventRecorder({ models, config, temporal }) });
  const csv: CsvMapping | string | undefined = deps.mapping ? (JSON.parse(await readFile(deps.mapping, 'utf8')) as CsvMapping) : deps.csv;
  const results: ImportedFile[] = [];
  for (const file of files) {
    const stream = deps.progress === true ? process.stderr : deps.progress || undefined;
    const bar = stream
      ? new SingleBar(
          { format: `${path.basename(file)} [{bar}] {value}/{total} entries`, stream, noTTYOutput: deps.progress !== true },
          Presets.shades_classic,
        )
      : undefined;
    let started = false;
    try {
      const report = await importer.importStatement(await readFile(file), {
        filename: path.basename(file),
        source: 'cli',
        csv,
        onProgress: (done, total) => {
          if (!started) bar?.start(total, 0);
          started = true;
          bar?.update(done);
        },
      });
      results.push({ file, report });
    } catch (error) {
      if (!(error instanceof StatementFormatError)) throw error;
      results.push({ file, refused: error.message });
    } finally {
      bar?.stop();
    }
  }
  return results;
}

export function importSummary(results: readonly ImportedFile[]): string {
  const files = renderTable(
    results.map(({ file, report, refused }) => ({
      file: path.basename(file),
      format: report?.messageType ?? 'refused',
      read: report?.counts.read,
      credited: report?.counts.credited,
      duplicate: report?.counts.duplicate,
      unmatched: report?.counts.unmatched,
      returned: report?.counts.returned,
      debit: report?.counts.debit,
      'other account': report?.counts['other-account'],
      note: refused ?? (report && report.runs > 1 ? `imported ${report.runs} times` : ''),
    })),
    undefined,
    { maxWidth: 120 },
  );
  const totals = new Map<string, Record<string, number>>();
  for (const { report } of results) {
    for (const t of report?.totals ?? []) {
      const sum = totals.get(t.currency) ?? { creditedMinor: 0, duplicateMinor: 0, unmatchedMinor: 0, returnedMinor: 0, debitMinor: 0 };
      for (const key of Object.keys(sum)) sum[key] += t[key as keyof typeof t] as number;
      totals.set(t.currency, sum);
    }
  }
  const currencyTable = renderTable([...totals.entries()].map(([currency, sums]) => ({ currency, ...sums })));
  const unmatched = results.flatMap(({ file, report }) =>
    (report?.entries ?? [])
      .filter((e) => e.outcome === 'unmatched')
      .map((e) => ({
        file: path.basename(file),
        where: e.location,
        bankTxId: e.bankTxId,
        amountMinor: e.amountMinor,
        currency: e.currency,
        reason: e.reason,
        suggestions: (e.suggestions ?? []).map((s) => `${s.proformaNumber} (${s.why})`).join('; '),
      })),
  );
  return `${files}\nTotals per currency (minor units)\n${currencyTable}\nUnmatched (match with POST /v1/admin/bank-credits/{id}/match)\n${renderTable(unmatched, undefined, { maxWidth: 100 })}`;
}
