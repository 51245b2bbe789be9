import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEventRecorder } from '../../activities/events';
import { loadConfig } from '../../config';
import { createStatementImporter } from '../../api/bank-statement-importer';
import { watchStatementFolder } from '../../api/statement-folder';
import { formatRfReference } from '../../domain/rf-reference';
import { runOps } from '../../scripts/ops';
import { importStatementFiles } from '../../scripts/ops/import-statement';
import { Writable } from 'node:stream';
import { readLedgerHead } from '../../models/ledger-entry';
import { camtFile, csvFile, mt940File, type StatementLine } from '../../scripts/bench/statement-files';
import { ADMIN_KEY, engineForThisFile, eventually } from '../helpers/engine';

const OURS = 'BE71096123456769'; // SELLER_IBAN's default, in electronic form
const SECOND = 'DE89370400440532013000';
const FOREIGN = 'FR1420041010050500013M02606';

const engine = engineForThisFile({ BANK_ACCOUNT_IBANS: SECOND });

async function order(key: string, orgId: string, amountMinor: number) {
  const response = await engine.call('POST', `/v1/organizations/${orgId}/top-ups`, { key, body: { amountMinor, currency: 'EUR' } });
  expect(response.status).toBe(201);
  return response.json as { orderId: string; paymentReference: string; proforma: { number: string } };
}

async function upload(file: string, query = '', contentType = 'application/xml') {
  const response = await engine.app.request(`/v1/admin/bank-statements${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': contentType },
    body: file,
  });
  return { status: response.status, json: (await response.json()) as Json };
}

// biome-ignore lint/suspicious/noExplicitAny: an answer's JSON, checked field by field by the tests
type Json = any;

const orderState = async (orderId: string) => engine.models.TopUpOrder.findById(orderId).lean();
const balanceOf = async (orgId: string) => (await readLedgerHead(engine.models, orgId)).balanceMinor;

describe('bank statements in', () => {
  it('credits each rung once, lists the unmatched with suggestions, and credits nothing twice across files and formats', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Ladder Telephony GmbH' });
    const [o1, o2, o3, o4] = [
      await order(key, orgId, 10000),
      await order(key, orgId, 20000),
      await order(key, orgId, 5000),
      await order(key, orgId, 7000),
    ];
    const spaced = formatRfReference(o2.paymentReference).toLowerCase();
    const lines: StatementLine[] = [
      { bankRef: 'L-1', amountMinor: 10000, scor: o1.paymentReference, payer: 'Ladder Telephony' },
      { bankRef: 'L-2', amountMinor: 20000, text: [`Top-up ${spaced.slice(0, 9)}`, `${spaced.slice(9)} many thanks`] },
      { bankRef: 'L-3', amountMinor: 5000, text: [`Proforma ${o3.proforma.number}`] },
      { bankRef: 'L-4', amountMinor: 7000, text: ['for our telephone service'], payer: 'LADDER TELEPHONY' },
      { bankRef: 'L-1', amountMinor: 10000, scor: o1.paymentReference },
      { bankRef: 'L-5', amountMinor: 1500, direction: 'debit', text: ['Bank fees'] },
    ];
    const file = camtFile('053', 8, { iban: OURS, id: 'L-STMT-1', lines });

    const first = await upload(file, '?filename=november.xml');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ format: 'camt.053', messageType: 'camt.053.001.08', filename: 'november.xml', runs: 1 });
    expect(first.json.counts).toEqual({ read: 6, credited: 3, duplicate: 1, unmatched: 1, returned: 0, debit: 1, 'other-account': 0 });
    expect(first.json.totals).toEqual([
      { currency: 'EUR', creditedMinor: 35000, duplicateMinor: 10000, unmatchedMinor: 7000, returnedMinor: 0, debitMinor: 1500 },
    ]);
    const byRef = Object.fromEntries(first.json.entries.map((e: { location: string }) => [e.location, e]));
    expect(byRef['Stmt[1]/Ntry[1]']).toMatchObject({ outcome: 'credited', rung: 'structured-reference', orderId: o1.orderId });
    expect(byRef['Stmt[1]/Ntry[2]']).toMatchObject({ outcome: 'credited', rung: 'reference-in-text', orderId: o2.orderId });
    expect(byRef['Stmt[1]/Ntry[3]']).toMatchObject({ outcome: 'credited', rung: 'proforma-number', orderId: o3.orderId });
    const unmatched = byRef['Stmt[1]/Ntry[4]'];
    expect(unmatched).toMatchObject({ outcome: 'unmatched', reason: expect.stringMatching(/no RF reference or proforma number/) });
    expect(unmatched.suggestions[0]).toMatchObject({ orderId: o4.orderId, why: expect.stringMatching(/same amount.*named like/) });
    expect(byRef['Stmt[1]/Ntry[5]']).toMatchObject({ outcome: 'duplicate', reason: 'repeated in this file' });

    await eventually(async () => (await balanceOf(orgId)) === 35000);
    for (const o of [o1, o2, o3]) await eventually(async () => (await orderState(o.orderId))?.state === 'paid');
    expect((await engine.models.BankCredit.findById('L-4').lean())?.status).toBe('unmatched'); // never applied by itself
    const told = await engine.models.Event.find({ type: 'bank_credit.unmatched', 'data.bankCredit.bankTxId': 'L-4' }).lean();
    expect(told.map((e) => e.data.bankCredit)).toEqual([
      expect.objectContaining({ amountMinor: 7000, currency: 'EUR', status: 'unmatched', reason: unmatched.reason }),
    ]);

    // The same file again: nothing new.
    const again = await upload(file);
    expect(again.json).toMatchObject({ runs: 2, counts: { read: 6, credited: 0, duplicate: 5, unmatched: 0 } });

    // An event per import, the second run included: the report's counts and totals, a platform fact.
    const imported = await engine.models.Event.find({
      type: 'bank_statement.imported',
      'data.bankStatementImport.importId': first.json.importId,
    })
      .sort({ sequence: 1 })
      .lean();
    expect(imported.map((e) => e.data.bankStatementImport)).toEqual([
      expect.objectContaining({ runs: 1, source: 'api', filename: 'november.xml', counts: first.json.counts, totals: first.json.totals }),
      expect.objectContaining({ runs: 2, source: 'api', counts: again.json.counts }),
    ]);
    expect(imported.every((e) => e.orgId == null)).toBe(true);
    expect(imported[0].data.bankStatementImport.entries).toBeUndefined();
    expect(await engine.models.Event.countDocuments({ type: 'bank_credit.unmatched', 'data.bankCredit.bankTxId': 'L-4' })).toBe(1);

    // An overlapping MT940 of the same account: L-2 again, and one new credit for o4 with its reference in a multi-line :86:.
    const mt940 = mt940File({
      iban: OURS,
      id: 'L-MT940',
      lines: [
        { bankRef: 'L-2', amountMinor: 20000, text: [`Top-up ${o2.paymentReference}`] },
        { bankRef: 'L-6', amountMinor: 3000, text: ['Part payment of', formatRfReference(o4.paymentReference)] },
      ],
    });
    const overlap = await upload(mt940, '', 'text/plain');
    expect(overlap.json.counts).toMatchObject({ read: 2, credited: 1, duplicate: 1 });
    expect(overlap.json.entries[1]).toMatchObject({ rung: 'reference-in-text', orderId: o4.orderId });

    // The JSON push shares the identity on the primary account: the bank's reference is its bankTxId.
    const pushed = await engine.reportCredits([
      { bankTxId: 'L-6', amountMinor: 3000, currency: 'EUR', reference: o4.paymentReference, valueDate: '2026-11-25' },
    ]);
    expect(pushed.json.results[0]).toMatchObject({ duplicate: true });

    // Another account of ours is read (qualified identity), a foreign one is not ours.
    const second = await upload(
      camtFile('054', 4, { iban: SECOND, id: 'N-1', lines: [{ bankRef: 'L-1', amountMinor: 1000, scor: o4.paymentReference }] }),
    );
    expect(second.json.entries[0]).toMatchObject({ outcome: 'credited', bankTxId: `${SECOND}:L-1` });
    const foreign = await upload(
      camtFile('053', 2, { iban: FOREIGN, id: 'F-1', lines: [{ bankRef: 'F-1', amountMinor: 999, scor: o4.paymentReference }] }),
    );
    expect(foreign.json.counts).toMatchObject({ read: 1, credited: 0, 'other-account': 1 });
    expect(await engine.models.BankCredit.exists({ _id: 'F-1' })).toBeNull();

    await eventually(async () => (await balanceOf(orgId)) === 39000);
    await eventually(async () => (await orderState(o4.orderId))?.receivedMinor === 4000);
    expect(await engine.models.LedgerEntry.countDocuments({ orgId, kind: 'top_up_credit' })).toBe(5);
    expect(await engine.models.BankStatementImport.countDocuments()).toBeGreaterThanOrEqual(4);
  });

  it('credits nothing twice across overlapping files without bank references (content hash), yet two equal transfers stay two', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'No Reference Bank Customer' });
    const o = await order(key, orgId, 10000);
    const x: StatementLine = { amountMinor: 4000, text: [`Top-up ${o.paymentReference}`], payer: 'No Reference' };
    const y: StatementLine = { amountMinor: 3000, text: [`Top-up ${o.paymentReference}`], payer: 'No Reference' };
    const csv = (lines: StatementLine[]) => upload(csvFile('generic', { iban: OURS, id: 'H', lines }), '?csv=generic', 'text/csv');

    const first = await csv([x]);
    expect(first.json.counts).toMatchObject({ read: 1, credited: 1 });
    expect(first.json.entries[0].bankTxId).toMatch(/^hash:[0-9a-f]{32}$/);
    // The next export overlaps: x again (elsewhere in the file), and two equal transfers of 30.00 on one day.
    const overlap = await csv([y, x, y]);
    expect(overlap.json.counts).toMatchObject({ read: 3, credited: 2, duplicate: 1 });
    expect(overlap.json.entries[1]).toMatchObject({ outcome: 'duplicate', bankTxId: first.json.entries[0].bankTxId });
    expect(overlap.json.entries[0].bankTxId).not.toBe(overlap.json.entries[2].bankTxId);
    expect((await csv([y, x, y])).json.counts).toMatchObject({ credited: 0, duplicate: 3 });

    await eventually(async () => (await orderState(o.orderId))?.state === 'paid');
    expect(await balanceOf(orgId)).toBe(10000);
    expect(await engine.models.LedgerEntry.countDocuments({ orgId, kind: 'top_up_credit' })).toBe(3);
  });

  it('counts each of concurrent imports of one file, with an event each', async () => {
    const file = camtFile('053', 8, { iban: OURS, id: 'C', lines: [{ bankRef: 'CONC-1', amountMinor: 100, direction: 'debit' }] });
    const reports = await Promise.all(Array.from({ length: 4 }, () => upload(file)));
    expect(reports.map((r) => r.json.runs).sort()).toEqual([1, 2, 3, 4]);
    const importId = reports[0].json.importId;
    expect((await engine.models.BankStatementImport.findById(importId).lean())?.runs).toBe(4);
    expect(
      await engine.models.Event.countDocuments({ type: 'bank_statement.imported', 'data.bankStatementImport.importId': importId }),
    ).toBe(4);
  });

  it('refuses a malformed file whole, naming the element or line, and applies nothing from it', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Broken Files Ltd' });
    const o = await order(key, orgId, 10000);
    const good = { bankRef: 'M-1', amountMinor: 10000, scor: o.paymentReference };
    const xml = camtFile('053', 6, { iban: OURS, id: 'M', lines: [good, { bankRef: 'M-2', amountMinor: 500 }] }).replace(
      '<Amt Ccy="EUR">5.00</Amt><CdtDbtInd>',
      '<CdtDbtInd>',
    );
    const refused = await upload(xml);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'invalid_statement', field: 'Stmt[1]/Ntry[2]/Amt' });
    expect(refused.json.error.message).toMatch(/refused whole, nothing applied/);

    const notXml = camtFile('053', 6, { iban: OURS, id: 'M', lines: [good] }).replace('</Ntry>', '</Entry>');
    expect((await upload(notXml)).json.error.field).toMatch(/^line \d+, column \d+$/);
    const mt940 = mt940File({ iban: OURS, id: 'M', lines: [good] }).replace('C100,00NTRF', 'C100.00NTRF');
    expect((await upload(mt940, '', 'text/plain')).json.error.field).toMatch(/^line \d+$/);
    const csv = await upload('a,b\n1,2\n', '', 'text/csv');
    expect(csv.json.error.field).toBe('line 1'); // a CSV without its mapping

    expect(await engine.models.BankCredit.exists({ _id: 'M-1' })).toBeNull();
    expect(await engine.models.BankStatementImport.exists({ filename: undefined, statementIds: 'M' })).toBeNull();
    expect((await orderState(o.orderId))?.receivedMinor).toBe(0);
  });

  it('reverses a returned credit: a ledger debit with the reason, the order back to partially paid, the customer and ops told', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Returns Inc' });
    const o = await order(key, orgId, 20000);
    const paid = await upload(
      camtFile('053', 8, {
        iban: OURS,
        id: 'R-1',
        lines: [
          { bankRef: 'R-1', amountMinor: 10000, scor: o.paymentReference },
          { bankRef: 'R-2', amountMinor: 10000, scor: o.paymentReference, endToEndId: 'E2E-R-2' },
        ],
      }),
    );
    expect(paid.json.counts.credited).toBe(2);
    await eventually(async () => (await orderState(o.orderId))?.state === 'paid');

    const returned = camtFile('053', 8, {
      iban: OURS,
      id: 'R-2',
      lines: [
        {
          bankRef: 'R-9',
          amountMinor: 10000,
          direction: 'debit',
          reversal: true,
          endToEndId: 'E2E-R-2',
          returnReason: { code: 'MD06', text: 'Refund requested by the payer' },
        },
      ],
    });
    const report = await upload(returned);
    expect(report.json.counts).toMatchObject({ returned: 1 });
    expect(report.json.entries[0]).toMatchObject({ outcome: 'returned', orderId: o.orderId, reason: 'MD06 Refund requested by the payer' });

    await eventually(async () => {
      const reopened = await orderState(o.orderId);
      return reopened?.state === 'partially_paid' && reopened.receivedMinor === 10000;
    });
    expect(await balanceOf(orgId)).toBe(10000);
    const debit = await engine.models.LedgerEntry.findOne({ orgId, kind: 'top_up_reversal' }).lean();
    expect(debit).toMatchObject({ amountMinor: -10000, key: 'bank-reversal:R-2' });
    expect(debit?.description).toMatch(/MD06 Refund requested by the payer/);
    expect((await engine.models.BankCredit.findById('R-2').lean())?.status).toBe('reversed');
    const proforma = await engine.models.Invoice.findOne({ topUpOrderId: o.orderId }).lean();
    expect(proforma?.status).toBe('issued');
    const mails = await engine.call('GET', `/v1/dev/outbox?orgId=${orgId}`, { key: ADMIN_KEY });
    expect(mails.json.data.map((m: { subject: string }) => m.subject)).toContainEqual(
      expect.stringMatching(/^Transfer returned: 100.00 EUR/),
    );
    const ops = await engine.call('GET', '/v1/admin/bank-credits?status=reversed', { key: ADMIN_KEY });
    expect(ops.json.data.map((c: { bankTxId: string }) => c.bankTxId)).toContain('R-2');

    // The same return reported again takes nothing more.
    expect((await upload(returned)).json.counts).toMatchObject({ duplicate: 1, returned: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await engine.models.LedgerEntry.countDocuments({ orgId, kind: 'top_up_reversal' })).toBe(1);
    const reversals = await engine.models.Event.find({ orgId, type: 'bank_credit.reversed' }).lean();
    expect(reversals.map((e) => e.data)).toEqual([
      expect.objectContaining({ bankCredit: expect.objectContaining({ bankTxId: 'R-2', status: 'reversed' }), topUpId: o.orderId }),
    ]);
  });

  it('matches an unmatched credit to an order (audited update) and records one returned to the payer', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Queue Works' });
    const o = await order(key, orgId, 8000);
    const report = await upload(
      csvFile('generic', {
        iban: OURS,
        id: 'Q',
        lines: [
          { bankRef: 'Q-1', amountMinor: 8000, text: ['telephone november'], payer: 'Queue Works' },
          { bankRef: 'Q-2', amountMinor: 1234, text: ['no idea'] },
        ],
      }),
      '?csv=generic',
      'text/csv',
    );
    expect(report.json.counts).toMatchObject({ unmatched: 2 });

    const match = await engine.call('POST', '/v1/admin/bank-credits/Q-1/match', {
      key: ADMIN_KEY,
      body: { orderId: o.orderId, by: 'alice@ops', reason: 'payer named' },
    });
    expect(match.status).toBe(200);
    expect(match.json).toMatchObject({ status: 'matched', orderId: o.orderId });
    await eventually(async () => (await orderState(o.orderId))?.state === 'paid');
    expect(await balanceOf(orgId)).toBe(8000);
    const history = await engine.client.workflow.getHandle(`top-up/${o.orderId}`).fetchHistory();
    const updates = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)).toContain('markPaidByHand');

    const back = await engine.call('POST', '/v1/admin/bank-credits/Q-2/return', {
      key: ADMIN_KEY,
      body: { by: 'bob@ops', reason: 'unknown payer' },
    });
    expect(back.json).toMatchObject({ status: 'returned' });
    expect((await engine.models.BankCredit.findById('Q-2').lean())?.returned).toMatchObject({ by: 'bob@ops', reason: 'unknown payer' });
    expect(
      (await engine.call('POST', '/v1/admin/bank-credits/Q-2/return', { key: ADMIN_KEY, body: { by: 'bob', reason: 'x' } })).status,
    ).toBe(409);
    expect(
      (
        await engine.call('POST', '/v1/admin/bank-credits/Q-2/match', {
          key: ADMIN_KEY,
          body: { orderId: o.orderId, by: 'a', reason: 'b' },
        })
      ).status,
    ).toBe(409);
    expect((await engine.call('POST', '/v1/admin/bank-credits/Q-1/return', { key, body: { by: 'a', reason: 'b' } })).status).toBe(403);
  });

  it('decides an unmatched credit once: a match and a return racing for it, one wins and the other is refused', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Race Works' });
    const o = await order(key, orgId, 700);
    const report = await upload(
      csvFile('generic', { iban: OURS, id: 'RACE', lines: [{ bankRef: 'RACE-1', amountMinor: 700, text: ['no idea'] }] }),
      '?csv=generic',
      'text/csv',
    );
    expect(report.json.counts).toMatchObject({ unmatched: 1 });
    const [matched, returned] = await Promise.all([
      engine.call('POST', '/v1/admin/bank-credits/RACE-1/match', {
        key: ADMIN_KEY,
        body: { orderId: o.orderId, by: 'alice', reason: 'race' },
      }),
      engine.call('POST', '/v1/admin/bank-credits/RACE-1/return', { key: ADMIN_KEY, body: { by: 'bob', reason: 'race' } }),
    ]);
    expect([matched.status, returned.status].sort()).toEqual([200, 409]);
    const credit = await engine.models.BankCredit.findById('RACE-1').lean();
    expect(credit?.status).toBe(matched.status === 200 ? 'matched' : 'returned');
    expect(await balanceOf(orgId)).toBe(matched.status === 200 ? 700 : 0);
  });

  it('takes multipart uploads with a mapping file, a 10 MB statement, and refuses files over the limit with 413', async () => {
    const csv = ['Date;Amount;Memo', '25.11.2026;12,50;hello'].join('\n');
    const form = new FormData();
    form.set('file', new Blob([csv]), 'export.csv');
    form.set(
      'mapping',
      JSON.stringify({
        name: 'tiny',
        delimiter: ';',
        decimalSeparator: ',',
        dateFormat: 'DD.MM.YYYY',
        account: OURS,
        currency: 'EUR',
        columns: { valueDate: 'Date', amount: 'Amount', remittance: ['Memo'] },
      }),
    );
    const multipart = await engine.app.request('/v1/admin/bank-statements', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      body: form,
    });
    const body = (await multipart.json()) as Json;
    expect(multipart.status).toBe(200);
    expect(body).toMatchObject({ filename: 'export.csv', format: 'csv', counts: { read: 1, unmatched: 1 } });

    const lines: StatementLine[] = Array.from({ length: 12000 }, (_, i) => ({
      bankRef: `BIG-${i}`,
      amountMinor: 100 + i,
      direction: 'debit' as const,
      payer: `Supplier number ${i} with a long registered company name`,
      text: [`Invoice ${i} `.padEnd(140, '.'), 'second remittance line'.padEnd(140, '.')],
    }));
    const big = camtFile('053', 8, { iban: OURS, id: 'BIG', lines });
    expect(big.length).toBeGreaterThan(10_000_000);
    const imported = await upload(big);
    expect(imported.status).toBe(200);
    expect(imported.json.counts).toMatchObject({ read: 12000, debit: 12000 });

    const tooBig = await upload('x'.repeat(engine.config.BANK_STATEMENT_MAX_BYTES + 1));
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe('payload_too_large');
  }, 120_000);

  it('imports from the ops CLI (summary table, refused files named) and from the watched folder', async () => {
    const { orgId, key } = await engine.createOrganization({ name: 'Cli And Folder BV' });
    const [viaCli, viaFolder] = [await order(key, orgId, 4000), await order(key, orgId, 6000)];
    const dir = await mkdtemp(path.join(tmpdir(), 'statements-'));
    const good = path.join(dir, 'cli.sta');
    await writeFile(
      good,
      mt940File({ iban: OURS, id: 'CLI', lines: [{ bankRef: 'CLI-1', amountMinor: 4000, text: [`Top-up ${viaCli.paymentReference}`] }] }),
    );
    const bad = path.join(dir, 'bad.xml');
    await writeFile(bad, '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>');
    let out = '';
    const deps = {
      client: engine.client,
      config: engine.config,
      models: async () => engine.models,
      out: (text: string) => void (out += text),
    };
    expect(await runOps(['import-statement', good, bad], deps)).toBe(1);
    // One row per file with every count of the report, totals per currency, then the unmatched queue.
    expect(out).toMatch(/file\s+format\s+read\s+credited\s+duplicate\s+unmatched\s+returned\s+debit\s+other account\s+note/);
    expect(out).toMatch(/cli\.sta\s+MT940\s+1\s+1\s+0\s+0\s+0\s+0\s+0\n/);
    expect(out).toMatch(/currency\s+creditedMinor\s+duplicateMinor\s+unmatchedMinor\s+returnedMinor\s+debitMinor/);
    expect(out).toMatch(/Unmatched \(match with POST/);
    expect(out).toMatch(/bad\.xml\s+refused\s+.*line 1/);
    expect(out).toMatch(/EUR\s+4000/);
    await eventually(async () => (await orderState(viaCli.orderId))?.state === 'paid');

    // The progress bar, drawn on a stream that is not a terminal: file, bar, entries done of all.
    const drawn: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        drawn.push(String(chunk));
        done();
      },
    });
    const fees = path.join(dir, 'fees.sta');
    const debits = [1, 2, 3].map((i) => ({ bankRef: `FEE-${i}`, amountMinor: i * 100, direction: 'debit' as const }));
    await writeFile(fees, mt940File({ iban: OURS, id: 'FEES', lines: debits }));
    const [feesImported] = await importStatementFiles([fees], { ...deps, models: engine.models, progress: stream });
    expect(feesImported.report?.counts).toMatchObject({ read: 3, debit: 3 });
    expect(drawn.join('')).toMatch(/fees\.sta \[[^\]]+\] 3\/3 entries/);

    // The folder is off unless BANK_STATEMENT_WATCH_DIR names one (api/server.ts starts no watch then).
    expect(loadConfig({ NODE_ENV: 'test' }).BANK_STATEMENT_WATCH_DIR).toBe('');
    const inbox = await mkdtemp(path.join(tmpdir(), 'watched-'));
    await writeFile(
      path.join(inbox, 'november.generic.csv'),
      csvFile('generic', { iban: OURS, id: 'F', lines: [{ bankRef: 'FOLDER-1', amountMinor: 6000, text: [viaFolder.paymentReference] }] }),
    );
    await writeFile(path.join(inbox, 'broken.xml'), '<Document/>');
    const watch = watchStatementFolder(
      createStatementImporter({
        models: engine.models,
        config: engine.config,
        temporal: engine.client,
        events: createEventRecorder({ models: engine.models, config: engine.config, temporal: engine.client }),
      }),
      inbox,
      { settleMs: 0, intervalMs: 60_000 },
    );
    try {
      await watch.scan();
    } finally {
      watch.stop();
    }
    expect((await readdir(inbox)).sort()).toEqual(['processed', 'rejected']);
    expect((await readdir(path.join(inbox, 'processed'))).sort()).toEqual(['november.generic.csv', 'november.generic.csv.report.json']);
    const report = JSON.parse(await readFile(path.join(inbox, 'processed', 'november.generic.csv.report.json'), 'utf8'));
    expect(report.counts).toMatchObject({ credited: 1 });
    const events = await engine.models.Event.find({
      type: 'bank_statement.imported',
      'data.bankStatementImport.source': { $in: ['cli', 'folder'] },
    }).lean();
    expect(events.map((e) => [e.data.bankStatementImport.source, e.data.bankStatementImport.filename]).sort()).toEqual([
      ['cli', 'cli.sta'],
      ['cli', 'fees.sta'],
      ['folder', 'november.generic.csv'],
    ]);
    expect(await readFile(path.join(inbox, 'rejected', 'broken.xml.error.txt'), 'utf8')).toMatch(/refused whole/);
    await eventually(async () => (await orderState(viaFolder.orderId))?.state === 'paid');
  });
});
