/**
 * `npm run check-books` against books the engine wrote (top-ups, a paid cycle, an unpaid one): clean, it
 * exits 0; with a planted breach of each kind it names them and exits non-zero.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { checkBooks } from '../../scripts/check-books';
import { BILLING_OVERRIDES, runCycleNow, topUp } from '../helpers/billing';
import { engineForThisFile } from '../helpers/engine';

const engine = engineForThisFile(BILLING_OVERRIDES);

function checkBooksCommand(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/check-books.ts'],
      { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, MONGODB_URI: engine.workerEnv.MONGODB_URI } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it('passes on the books the engine keeps, and fails naming each planted breach', async () => {
  const paid = await engine.createOrganization();
  await topUp(engine, paid.orgId, paid.key, 40000);
  await topUp(engine, paid.orgId, paid.key, 1234);
  await engine.call('POST', `/v1/organizations/${paid.orgId}/usage`, {
    key: paid.key,
    body: { usageId: 'u1', metric: 'seats', quantity: 3 },
  });
  await runCycleNow(engine, paid.orgId);
  const unpaid = await engine.createOrganization({ vatId: 'DE136695976' });
  expect((await runCycleNow(engine, unpaid.orgId)).state).toBe('awaiting_funds');

  const clean = await checkBooksCommand();
  expect(clean).toMatchObject({ code: 0, stderr: '' });
  expect(clean.stdout).toMatch(/books OK: 2 organizations, 3 ledger entries, 3 invoices, 4 billing cycles/);

  // Plant one breach of each kind.
  const entry = (await engine.models.LedgerEntry.findOne({ orgId: paid.orgId, seq: 2 }).lean())!;
  await engine.models.LedgerEntry.updateOne({ _id: entry._id }, { $set: { balanceAfterMinor: entry.balanceAfterMinor + 1 } });
  const final = (await engine.models.Invoice.findOne({ series: 'final' }).lean())!;
  await engine.models.Invoice.updateOne({ _id: final._id }, { $set: { totalMinor: final.totalMinor - 1 } });
  const proforma = (await engine.models.Invoice.findOne({ series: 'proforma', sequence: 2 }).lean())!;
  await engine.models.Invoice.deleteOne({ _id: proforma._id });
  await engine.models.Invoice.create({
    ...proforma,
    _id: proforma._id.replace(/\d{6}$/, '000004'),
    number: proforma.number.replace(/\d{6}$/, '000004'),
    sequence: 4,
    key: 'proforma:planted',
  });

  const { breaches } = await checkBooks(engine.models);
  expect(breaches.map((b) => b.check).sort()).toEqual(['cycle', 'invoice', 'ledger', 'ledger', 'numbering']);
  const broken = await checkBooksCommand();
  expect(broken.code).toBe(1);
  expect(broken.stderr).toMatch(/BREACH \[ledger\] .*#2 .*balanceAfter/);
  expect(broken.stderr).toMatch(/BREACH \[ledger\] .*entries sum to .* but the balance is|BREACH \[ledger\] .*#3/);
  expect(broken.stderr).toMatch(new RegExp(`BREACH \\[invoice\\] ${final._id}: total`));
  expect(broken.stderr).toMatch(/BREACH \[numbering\] PF-\d{4}-000004: proforma-\d{4} jumps from 1 to 4/);
  expect(broken.stderr).toMatch(/BREACH \[cycle\] .*its invoice .* says/);
});
