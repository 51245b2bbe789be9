import {
  matchCandidates,
  nameSimilarity,
  parseStatement,
  proformaNumbersIn,
  rfReferencesIn,
  StatementFormatError,
  suggestOrders,
  type CsvMapping,
} from '../../domain/bank-statements';
import { createRfReference } from '../../domain/rf-reference';
import { entryIds } from '../../models/bank-statement-entry';
import { camtFile, csvFile, mt940File, type StatementSpec } from '../../scripts/bench/statement-files';

const IBAN = 'BE71096123456769';
const REF = createRfReference('PF2026000001'); // RF…PF2026000001

const spec: StatementSpec = {
  iban: IBAN,
  id: 'STMT-2026-11-25',
  lines: [
    { bankRef: 'BR-1', amountMinor: 15000, scor: REF, payer: 'ACME GmbH', payerIban: 'DE89370400440532013000', endToEndId: 'E2E-1' },
    { bankRef: 'BR-2', amountMinor: 2000, direction: 'debit', text: ['Bank fees November'] },
    { bankRef: 'BR-3', amountMinor: 15000, direction: 'debit', reversal: true, returnReason: { code: 'AC04', text: 'Closed account' } },
    {
      bankRef: 'BR-4',
      amountMinor: 300,
      batch: [
        { bankRef: 'BR-4-1', amountMinor: 100, text: ['first'] },
        { amountMinor: 200, text: ['second'] },
      ],
    },
  ],
};

function refusal(run: () => unknown): StatementFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatementFormatError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('camt.053 and camt.054', () => {
  // Every version banks send today (.001.02 to .001.08) and the later ones the parser accepts (to .001.13), of
  // both messages: each has its own fixture.
  const VERSIONS = ['02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13'] as const;
  it.each((['053', '054'] as const).flatMap((kind) => VERSIONS.map((version) => [kind, version] as const)))(
    'reads camt.%s.001.%s: amounts, direction, references, payer, return reason, batch bookings',
    (kind, version) => {
      const parsed = parseStatement(camtFile(kind, Number(version), spec));
      expect(parsed.format).toBe(`camt.${kind}`);
      expect(parsed.messageType).toBe(`camt.${kind}.001.${version}`);
      expect(parsed.statementIds).toEqual(['STMT-2026-11-25']);
      expect(parsed.entries).toHaveLength(5);
      const [credit, fee, reversal, first, second] = parsed.entries;
      expect(credit).toMatchObject({
        location: 'Stmt[1]/Ntry[1]'.replace('Stmt', kind === '053' ? 'Stmt' : 'Ntfctn'),
        accountIban: IBAN,
        bankReference: 'BR-1',
        direction: 'credit',
        reversal: false,
        amountMinor: 15000,
        currency: 'EUR',
        valueDate: '2026-11-25',
        structuredReference: REF,
        payerName: 'ACME GmbH',
        payerIban: 'DE89370400440532013000',
        endToEndId: 'E2E-1',
      });
      expect(fee).toMatchObject({ direction: 'debit', reversal: false, amountMinor: 2000, remittanceText: 'Bank fees November' });
      expect(reversal).toMatchObject({ direction: 'debit', reversal: true, returnReason: 'AC04 Closed account' });
      expect(first).toMatchObject({ amountMinor: 100, bankReference: 'BR-4-1', remittanceText: 'first' });
      expect(second).toMatchObject({ amountMinor: 200, bankReference: 'BR-4#2', remittanceText: 'second' });
    },
  );

  it.each([3, 8])('reads a return by RtrInf alone (no reversal indicator) as a reversal, in .001.0%i', (version) => {
    // SEPA returns (pacs.004) often reach the statement as a plain DBIT whose only sign is RtrInf.
    const returned = { bankRef: 'RT-1', amountMinor: 15000, direction: 'debit' as const, returnReason: { code: 'AC04', text: 'Closed' } };
    const [entry] = parseStatement(camtFile('053', version, { iban: IBAN, id: 'RT', lines: [returned] })).entries;
    expect(entry).toMatchObject({ direction: 'debit', reversal: true, returnReason: 'AC04 Closed', bankReference: 'RT-1' });
  });

  it('reads a namespace prefix and skips entries that are not booked', () => {
    const xml = camtFile('053', 8, spec)
      .replace('<Document xmlns=', '<c:Document xmlns:c=')
      .replace('</Document>', '</c:Document>')
      .replace(/<(\/?)(?!c:|\?|\/c:)([A-Za-z])/g, '<$1c:$2')
      .replace('<c:Sts><c:Cd>BOOK</c:Cd></c:Sts>', '<c:Sts><c:Cd>PDNG</c:Cd></c:Sts>');
    const parsed = parseStatement(xml);
    expect(parsed.entries.map((e) => e.bankReference)).toEqual(['BR-2', 'BR-3', 'BR-4-1', 'BR-4#2']);
  });

  it('refuses malformed XML naming the line, and a missing element naming its path', () => {
    const broken = camtFile('053', 8, spec).replace('</CdtDbtInd>', '</CdtDbtIndX>');
    const xmlError = refusal(() => parseStatement(broken));
    expect(xmlError.where).toMatch(/^line \d+, column \d+$/);
    expect(xmlError.message).toMatch(/unexpected close tag.*inside Document\/BkToCstmrStmt\/Stmt\/Ntry/);

    const noAmount = camtFile('053', 8, spec).replace('<Amt Ccy="EUR">20.00</Amt>', '');
    expect(refusal(() => parseStatement(noAmount)).where).toBe('Stmt[1]/Ntry[2]/Amt');
    const badAmount = camtFile('053', 8, spec).replace('<Amt Ccy="EUR">20.00</Amt>', '<Amt Ccy="EUR">20.001</Amt>');
    expect(refusal(() => parseStatement(badAmount)).message).toMatch(/Stmt\[1\]\/Ntry\[2\]\/Amt: "20.001" is not an amount in EUR/);
    const unknown = camtFile('053', 8, spec).replace('camt.053.001.08', 'camt.052.001.08');
    expect(refusal(() => parseStatement(unknown)).where).toBe('Document/@xmlns');
    const noIban = camtFile('053', 8, spec).replace(`<IBAN>${IBAN}</IBAN>`, '<Othr><Id>123</Id></Othr>');
    expect(refusal(() => parseStatement(noIban)).where).toBe('Stmt[1]/Acct/Id/IBAN');
  });

  // The bound is loose: this machine's two cores are shared, and parsing alone measured 1–13 s under load.
  it('reads a 10 MB statement whole', () => {
    const lines = Array.from({ length: 10500 }, (_, i) => ({
      bankRef: `BIG-${i}`,
      amountMinor: 1000 + i,
      scor: REF,
      payer: `Payer number ${i} with a long registered company name for padding`,
      text: [`Top-up ${REF} invoice ${i} `.padEnd(140, '.'), 'second remittance line'.padEnd(140, '.')],
    }));
    const xml = camtFile('053', 8, { iban: IBAN, id: 'BIG', lines });
    expect(xml.length).toBeGreaterThan(10_000_000);
    const started = performance.now();
    const parsed = parseStatement(xml);
    const seconds = (performance.now() - started) / 1000;
    expect(parsed.entries).toHaveLength(10500);
    expect(parsed.entries[9999]).toMatchObject({ bankReference: 'BIG-9999', amountMinor: 10999 });
    expect(seconds).toBeLessThan(30);
  }, 60_000);
});

describe('MT940', () => {
  it('reads statements with a multi-line :86:, reversals and the SWIFT envelope', () => {
    const text = mt940File({
      ...spec,
      lines: [
        {
          bankRef: 'MT-1',
          amountMinor: 12345,
          text: ['Top-up RF18 PF20', `${REF.slice(8)} thanks`],
          payer: 'ACME GMBH',
          payerIban: 'DE89370400440532013000',
        },
        { bankRef: 'MT-2', amountMinor: 500, direction: 'debit', text: ['fees'] },
        { amountMinor: 12345, direction: 'debit', reversal: true, text: ['RETURN AC04'] },
      ],
    });
    expect(text.split('\r\n').filter((l) => l && !l.startsWith(':')).length).toBeGreaterThan(1); // continuation lines
    const parsed = parseStatement(text);
    expect(parsed).toMatchObject({ format: 'mt940', statementIds: ['STMT-2026-11-25'] });
    expect(parsed.entries).toHaveLength(3);
    expect(parsed.entries[0]).toMatchObject({
      accountIban: IBAN,
      bankReference: 'MT-1',
      direction: 'credit',
      amountMinor: 12345,
      payerName: 'ACME GMBH',
      payerIban: 'DE89370400440532013000',
      valueDate: '2026-11-25',
    });
    expect(parsed.entries[0].remittanceText).toContain('Top-up RF18 PF20');
    expect(parsed.entries[1]).toMatchObject({ direction: 'debit', reversal: false, amountMinor: 500 });
    expect(parsed.entries[2]).toMatchObject({ direction: 'debit', reversal: true, bankReference: undefined });
  });

  it('reads free-text :86: over several lines', () => {
    const text = [
      ':20:S2',
      `:25:${IBAN}`,
      ':28C:1/1',
      ':60F:C261124EUR0,00',
      ':61:2611251125C10,50NTRFNONREF//X1',
      ':86:Payment for',
      'PF-2026-000042',
      'ACME',
      ':62F:C261125EUR10,50',
      '-',
    ].join('\n');
    const [entry] = parseStatement(text).entries;
    expect(entry).toMatchObject({ amountMinor: 1050, remittanceText: 'Payment for\nPF-2026-000042\nACME', bankReference: 'X1' });
  });

  it('refuses a malformed statement line naming it', () => {
    const text = [':20:S2', `:25:${IBAN}`, ':60F:C261124EUR0,00', ':61:2611251125C10.50NTRF', ':62F:C261125EUR10,50', '-'].join('\n');
    const error = refusal(() => parseStatement(text));
    expect(error.where).toBe('line 4');
    expect(error.message).toMatch(/:61:/);
  });
});

describe('CSV', () => {
  it.each(['generic', 'de-semicolon'] as const)('reads the %s preset', (preset) => {
    const text = csvFile(preset, {
      ...spec,
      lines: [
        { bankRef: 'C-1', amountMinor: 123456, text: [`Top-up ${REF}`], payer: 'ACME GmbH' },
        { bankRef: 'C-2', amountMinor: 990, direction: 'debit', text: ['fees'] },
      ],
    });
    const parsed = parseStatement(text, { csv: preset });
    expect(parsed.entries).toEqual([
      expect.objectContaining({
        bankReference: 'C-1',
        direction: 'credit',
        amountMinor: 123456,
        payerName: 'ACME GmbH',
        accountIban: IBAN,
      }),
      expect.objectContaining({ bankReference: 'C-2', direction: 'debit', amountMinor: 990, location: 'line 3' }),
    ]);
  });

  it('reads with a mapping file (fixed account and currency, a preamble, two remittance columns)', () => {
    const mapping: CsvMapping = {
      name: 'my-bank',
      delimiter: '\t',
      dateFormat: 'DD/MM/YYYY',
      skipLines: 2,
      account: 'BE71 0961 2345 6769',
      currency: 'EUR',
      columns: { valueDate: 'Date', amount: 'Amount', remittance: ['Memo 1', 'Memo 2'], payerName: 'From' },
    };
    const text = [
      'My Bank export',
      'Account BE71 0961 2345 6769',
      'Date\tAmount\tMemo 1\tMemo 2\tFrom',
      `25/11/2026\t42.00\tTop-up\t${REF}\tACME`,
    ].join('\n');
    const [entry] = parseStatement(text, { csv: mapping }).entries;
    expect(entry).toMatchObject({
      accountIban: IBAN,
      amountMinor: 4200,
      valueDate: '2026-11-25',
      remittanceText: `Top-up\n${REF}`,
      payerName: 'ACME',
    });
    expect(entry.bankReference).toBeUndefined();
  });

  it('refuses a bad amount naming line and column, and an unknown column naming the header', () => {
    const text = csvFile('generic', {
      ...spec,
      lines: [
        { bankRef: 'C-1', amountMinor: 100 },
        { bankRef: 'C-2', amountMinor: 100 },
      ],
    }).replace(',1.00,EUR,BE71096123456769,C-2', ',1.0x,EUR,BE71096123456769,C-2');
    expect(refusal(() => parseStatement(text, { csv: 'generic' })).where).toBe('line 3, column Amount');
    const mapping = { name: 'x', account: IBAN, currency: 'EUR', columns: { valueDate: 'Datum', amount: 'Amount', remittance: ['Memo'] } };
    expect(refusal(() => parseStatement(text, { csv: mapping })).message).toMatch(/no column "Datum"/);
    expect(refusal(() => parseStatement(text)).where).toBe('line 1');
  });
});

describe('entry identity', () => {
  it('is the bank reference on the primary account, IBAN-qualified on others, a numbered content hash without one', () => {
    const base = {
      direction: 'credit' as const,
      reversal: false,
      amountMinor: 100,
      currency: 'EUR' as const,
      valueDate: '2026-11-25',
      remittanceText: 'x',
    };
    const entries = [
      { ...base, location: 'a', accountIban: IBAN, bankReference: 'R1' },
      { ...base, location: 'b', accountIban: 'DE89370400440532013000', bankReference: 'R1' },
      { ...base, location: 'c', accountIban: IBAN },
      { ...base, location: 'd', accountIban: IBAN },
      { ...base, location: 'e', accountIban: IBAN, bankReference: 'R1', direction: 'debit' as const, reversal: true },
    ];
    const ids = entryIds(entries, IBAN);
    expect(ids[0]).toBe('R1');
    expect(ids[1]).toBe('DE89370400440532013000:R1');
    expect(ids[2]).toMatch(/^hash:[0-9a-f]{32}$/);
    expect(ids[3]).toMatch(/^hash:/);
    expect(ids[3]).not.toBe(ids[2]); // two equal transfers on one day stay two
    expect(entryIds(entries.slice(2, 4), IBAN)).toEqual(ids.slice(2, 4)); // …and the same two in an overlapping file
    expect(ids[4]).toBe('reversal:R1');
  });
});

describe('matching ladder', () => {
  it('rung 1: a structured SCOR reference with valid check digits', () => {
    expect(matchCandidates({ structuredReference: REF, remittanceText: '' })).toEqual([{ rung: 'structured-reference', reference: REF }]);
    const badCheck = `RF00${REF.slice(4)}`;
    expect(matchCandidates({ structuredReference: badCheck, remittanceText: '' })).toEqual([]);
  });

  it('rung 2: an RF reference in the text, across spaces, case and line breaks, check digits verified', () => {
    const spaced = `${REF.slice(0, 4)} ${REF.slice(4, 8)}\n${REF.slice(8, 12).toLowerCase()} ${REF.slice(12)} thanks`;
    expect(rfReferencesIn(`Top-up ${spaced}`)).toContain(REF);
    expect(matchCandidates({ remittanceText: `Top-up ${spaced}` })[0]).toEqual({ rung: 'reference-in-text', reference: REF });
    const typo = REF.slice(0, -1) + (REF.endsWith('1') ? '2' : '1');
    expect(rfReferencesIn(`pay ${typo}`)).not.toContain(typo);
  });

  it('rung 3: the proforma number in the text', () => {
    expect(proformaNumbersIn('invoice PF-2026-000042, and pf 2026 43')).toEqual(['PF-2026-000042', 'PF-2026-000043']);
    expect(matchCandidates({ remittanceText: 'for PF-2026-000042' })).toEqual([
      { rung: 'proforma-number', proformaNumber: 'PF-2026-000042' },
    ]);
  });

  it('rung 4: suggestions by amount and payer name, never more than five', () => {
    const open = [
      {
        orderId: 'o1',
        orgId: 'a',
        proformaNumber: 'PF-2026-000001',
        amountMinor: 5000,
        receivedMinor: 0,
        currency: 'EUR',
        buyerName: 'Acme GmbH',
      },
      {
        orderId: 'o2',
        orgId: 'b',
        proformaNumber: 'PF-2026-000002',
        amountMinor: 7000,
        receivedMinor: 2000,
        currency: 'EUR',
        buyerName: 'Globex',
      },
      {
        orderId: 'o3',
        orgId: 'c',
        proformaNumber: 'PF-2026-000003',
        amountMinor: 5000,
        receivedMinor: 0,
        currency: 'USD',
        buyerName: 'Acme',
      },
      {
        orderId: 'o4',
        orgId: 'd',
        proformaNumber: 'PF-2026-000004',
        amountMinor: 9000,
        receivedMinor: 0,
        currency: 'EUR',
        buyerName: 'ACME Ltd.',
      },
    ];
    const suggestions = suggestOrders({ amountMinor: 5000, currency: 'EUR', payerName: 'ACME GMBH' }, open);
    expect(suggestions.map((s) => s.orderId)).toEqual(['o1', 'o2', 'o4']);
    expect(suggestions[0].why).toMatch(/same amount.*named like "Acme GmbH"/);
    expect(suggestions[1].why).toBe('same amount and currency'); // 70.00 − 20.00 still owed
    expect(nameSimilarity('Société Générale SA', 'SOCIETE GENERALE')).toBe(1);
    expect(nameSimilarity('Initech', 'Globex')).toBe(0);
  });
});
