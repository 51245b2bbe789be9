/**
 * The watched folder (BANK_STATEMENT_WATCH_DIR, off when empty): statement files dropped there are imported
 * like uploads, then moved to `processed/` (with the report as `<name>.report.json`) or, when refused whole,
 * to `rejected/` (with `<name>.error.txt`). The folder is polled, not watched through inotify, so files on
 * network shares work too; a file is taken once it has not changed for `settleMs` (a copy still running
 * is left alone). CSV files name their preset: `november.de-semicolon.csv`, `export.generic.csv`.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CSV_PRESETS, StatementFormatError } from '../domain/bank-statements';
import type { Logger } from '../config/logger';
import type { StatementImporter } from './bank-statement-importer';

export interface FolderWatch {
  /** Imports whatever is ready now; resolves once done (the timer calls it too). */
  scan(): Promise<void>;
  stop(): void;
}

export function watchStatementFolder(
  importer: StatementImporter,
  dir: string,
  { logger, intervalMs = 5000, settleMs = 2000 }: { logger?: Logger; intervalMs?: number; settleMs?: number } = {},
): FolderWatch {
  let running: Promise<void> | undefined;

  async function importFile(name: string): Promise<void> {
    const file = path.join(dir, name);
    const preset = Object.keys(CSV_PRESETS).find((p) => name.toLowerCase().endsWith(`.${p}.csv`));
    try {
      const report = await importer.importStatement(await readFile(file), { filename: name, source: 'folder', csv: preset });
      await mkdir(path.join(dir, 'processed'), { recursive: true });
      await writeFile(path.join(dir, 'processed', `${name}.report.json`), JSON.stringify(report, null, 2));
      await rename(file, path.join(dir, 'processed', name));
      logger?.info({ file: name, importId: report.importId, counts: report.counts }, 'bank statement imported from the watched folder');
    } catch (error) {
      if (!(error instanceof StatementFormatError)) throw error;
      await mkdir(path.join(dir, 'rejected'), { recursive: true });
      await writeFile(path.join(dir, 'rejected', `${name}.error.txt`), `refused whole, nothing applied: ${error.message}\n`);
      await rename(file, path.join(dir, 'rejected', name));
      logger?.warn({ file: name, where: error.where }, 'bank statement refused');
    }
  }

  async function scanOnce(): Promise<void> {
    const now = Date.now();
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      const { mtimeMs } = await stat(path.join(dir, entry.name));
      if (now - mtimeMs < settleMs) continue;
      // A failure other than a refusal (database or Temporal down) leaves the file for the next scan.
      await importFile(entry.name).catch((error: Error) =>
        logger?.error({ file: entry.name, err: error }, 'bank statement import failed; retried'),
      );
    }
  }

  const scan = () => (running ??= scanOnce().finally(() => (running = undefined)));
  const timer = setInterval(
    () => void scan().catch((error: Error) => logger?.error({ err: error }, 'watched folder scan failed')),
    intervalMs,
  );
  timer.unref();
  return { scan, stop: () => clearInterval(timer) };
}
