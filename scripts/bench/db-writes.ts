/**
 * `npm run bench:db-writes`: what one write costs the database, by shape, on FerretDB v1 (the local and
 * test database). A month-end writes several documents per organization; this measures the lever a bulk
 * month-end would pull: FerretDB's own CPU per document for single inserts, ordered insertMany batches,
 * updates by `_id`, and bulkWrite batches of such updates. BENCH_DOCS (default 2000) documents per shape.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startFerretDb, stopAll } from '../servers';
import { BENCH_LOG_DIR } from './harness';

const N = Number(process.env.BENCH_DOCS ?? 2000);

/** A process's CPU time (user + system) in milliseconds, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-db-writes-'));
  const ferretdb = await startFerretDb({ dataDir, logDir: BENCH_LOG_DIR });
  const connection = await mongoose.createConnection(`${ferretdb.uri}bench`).asPromise();
  try {
    const docs = connection.db!.collection<{ _id: string } & Record<string, unknown>>('docs');
    const entry = (id: string, i: number) => ({
      _id: id,
      orgId: `org-${i}`,
      amountMinor: 2500,
      currency: 'EUR',
      kind: 'cycle_charge',
      description: 'Billing cycle 2026-11',
      at: new Date(),
    });
    async function measure(shape: string, run: () => Promise<void>) {
      const cpu = cpuMs(ferretdb.pid);
      const started = performance.now();
      await run();
      const spent = cpuMs(ferretdb.pid) - cpu;
      console.log(
        `${shape.padEnd(32)} ${(performance.now() - started).toFixed(0).padStart(6)} ms wall, FerretDB CPU ${(spent / N).toFixed(2)} ms per document`,
      );
    }
    await measure(`insertOne × ${N}`, async () => {
      for (let i = 0; i < N; i++) await docs.insertOne(entry(`one:${i}`, i));
    });
    for (const batch of [8, 32, 100]) {
      await measure(`insertMany, ${batch} per command`, async () => {
        for (let i = 0; i < N; i += batch)
          await docs.insertMany(
            Array.from({ length: Math.min(batch, N - i) }, (_, j) => entry(`many${batch}:${i + j}`, i + j)),
            { ordered: true },
          );
      });
    }
    await measure(`updateOne by _id × ${N}`, async () => {
      for (let i = 0; i < N; i++) await docs.updateOne({ _id: `one:${i}` }, { $set: { state: 'paid' } });
    });
    await measure('bulkWrite, 32 updates per command', async () => {
      for (let i = 0; i < N; i += 32)
        await docs.bulkWrite(
          Array.from({ length: Math.min(32, N - i) }, (_, j) => ({
            updateOne: { filter: { _id: `many32:${i + j}` }, update: { $set: { state: 'paid' } } },
          })),
          { ordered: false },
        );
    });
    await measure(`findOne by _id × ${N}`, async () => {
      for (let i = 0; i < N; i++) await docs.findOne({ _id: `one:${i}` });
    });
    // What a final invoice's PDF (invoice_pdfs) and its e-mail's HTML part (outbox_emails) weigh.
    const pdf = Buffer.alloc(30_000, 7);
    const html = 'x'.repeat(10_000);
    await measure(`insertOne of a 30 KB binary × ${N}`, async () => {
      for (let i = 0; i < N; i++) await docs.insertOne({ ...entry(`pdf:${i}`, i), pdf });
    });
    await measure('insertMany of a 30 KB binary, 32', async () => {
      for (let i = 0; i < N; i += 32)
        await docs.insertMany(Array.from({ length: Math.min(32, N - i) }, (_, j) => ({ ...entry(`pdf32:${i + j}`, i + j), pdf })));
    });
    await measure(`insertOne of a 10 KB string × ${N}`, async () => {
      for (let i = 0; i < N; i++) await docs.insertOne({ ...entry(`html:${i}`, i), html });
    });
  } finally {
    await connection.close();
    await stopAll([ferretdb]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
