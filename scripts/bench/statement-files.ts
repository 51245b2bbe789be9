/**
 * Bank statement files written for the purpose, in each format the engine reads, for the tests and
 * `npm run bench:statements`. Each builder follows its format's layout (camt per version, MT940 fields,
 * the CSV presets' columns), so a file it writes is one a bank could have sent.
 */

export interface StatementLine {
  /** The bank's reference (AcctSvcrRef / MT940 bank reference / CSV column); omitted: the bank gives none. */
  bankRef?: string;
  amountMinor: number;
  currency?: string;
  direction?: 'credit' | 'debit';
  /** camt RvslInd / MT940 RC. */
  reversal?: boolean;
  /** camt RtrInf reason code and text. */
  returnReason?: { code: string; text?: string };
  /** Structured creditor reference (SCOR). */
  scor?: string;
  /** Remittance text, one element (camt Ustrd) or line each. */
  text?: string[];
  payer?: string;
  payerIban?: string;
  endToEndId?: string;
  valueDate?: string;
  /** camt only: a batch booking whose transactions are these. */
  batch?: StatementLine[];
}

export interface StatementSpec {
  iban: string;
  id: string;
  lines: StatementLine[];
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 12345 → "123.45" (two-decimal currencies, as every test currency is). */
export const decimal = (minor: number, separator = '.') => `${Math.floor(minor / 100)}${separator}${String(minor % 100).padStart(2, '0')}`;

function camtTransaction(line: StatementLine, version: number, entryAmount: boolean): string {
  const currency = line.currency ?? 'EUR';
  const party = (name: string) => (version >= 8 ? `<Pty><Nm>${escapeXml(name)}</Nm></Pty>` : `<Nm>${escapeXml(name)}</Nm>`);
  const amount =
    version === 2 || !entryAmount
      ? `<AmtDtls><TxAmt><Amt Ccy="${currency}">${decimal(line.amountMinor)}</Amt></TxAmt></AmtDtls>`
      : `<Amt Ccy="${currency}">${decimal(line.amountMinor)}</Amt>`;
  const refs = [
    line.bankRef ? `<AcctSvcrRef>${escapeXml(line.bankRef)}</AcctSvcrRef>` : '',
    `<EndToEndId>${escapeXml(line.endToEndId ?? 'NOTPROVIDED')}</EndToEndId>`,
  ].join('');
  const parties = [
    line.payer ? `<Dbtr>${party(line.payer)}</Dbtr>` : '',
    line.payerIban ? `<DbtrAcct><Id><IBAN>${line.payerIban}</IBAN></Id></DbtrAcct>` : '',
  ].join('');
  const remittance = [
    ...(line.text ?? []).map((t) => `<Ustrd>${escapeXml(t)}</Ustrd>`),
    line.scor
      ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>${escapeXml(line.scor)}</Ref></CdtrRefInf></Strd>`
      : '',
  ].join('');
  const returned = line.returnReason
    ? `<RtrInf><Rsn><Cd>${line.returnReason.code}</Cd></Rsn>${line.returnReason.text ? `<AddtlInf>${escapeXml(line.returnReason.text)}</AddtlInf>` : ''}</RtrInf>`
    : '';
  return `<TxDtls><Refs>${refs}</Refs>${amount}${parties ? `<RltdPties>${parties}</RltdPties>` : ''}${remittance ? `<RmtInf>${remittance}</RmtInf>` : ''}${returned}</TxDtls>`;
}

function camtEntry(line: StatementLine, version: number): string {
  const currency = line.currency ?? 'EUR';
  const date = line.valueDate ?? '2026-11-25';
  const status = version >= 8 ? '<Sts><Cd>BOOK</Cd></Sts>' : '<Sts>BOOK</Sts>';
  const details = line.batch
    ? line.batch.map((tx) => camtTransaction(tx, version, true)).join('')
    : camtTransaction({ ...line, bankRef: undefined }, version, true);
  return [
    '<Ntry>',
    line.bankRef ? `<NtryRef>${escapeXml(line.bankRef)}</NtryRef>` : '',
    `<Amt Ccy="${currency}">${decimal(line.amountMinor)}</Amt>`,
    `<CdtDbtInd>${line.direction === 'debit' ? 'DBIT' : 'CRDT'}</CdtDbtInd>`,
    line.reversal ? '<RvslInd>true</RvslInd>' : '',
    status,
    `<BookgDt><Dt>${date}</Dt></BookgDt><ValDt><Dt>${date}</Dt></ValDt>`,
    line.bankRef ? `<AcctSvcrRef>${escapeXml(line.bankRef)}</AcctSvcrRef>` : '',
    '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>',
    `<NtryDtls>${line.batch ? `<Btch><NbOfTxs>${line.batch.length}</NbOfTxs></Btch>` : ''}${details}</NtryDtls>`,
    '</Ntry>',
  ].join('');
}

/** A camt.053 statement or camt.054 notification of message version .001.<version>. */
export function camtFile(kind: '053' | '054', version: number, spec: StatementSpec): string {
  const v = String(version).padStart(2, '0');
  const [root, report] = kind === '053' ? ['BkToCstmrStmt', 'Stmt'] : ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.${kind}.001.${v}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    `<${root}>`,
    `<GrpHdr><MsgId>${escapeXml(spec.id)}-MSG</MsgId><CreDtTm>2026-11-25T18:00:00</CreDtTm></GrpHdr>`,
    `<${report}><Id>${escapeXml(spec.id)}</Id><CreDtTm>2026-11-25T18:00:00</CreDtTm>`,
    `<Acct><Id><IBAN>${spec.iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>`,
    ...spec.lines.map((line) => camtEntry(line, version)),
    `</${report}>`,
    `</${root}>`,
    '</Document>',
    '',
  ].join('\n');
}

const yymmdd = (date: string) => date.slice(2).replace(/-/g, '');

/** An MT940 statement in a SWIFT envelope; :86: is structured German style ("?20…"), split over lines of 65. */
export function mt940File(spec: StatementSpec, { envelope = true } = {}): string {
  const lines: string[] = [];
  if (envelope) lines.push('{1:F01EXAMPLEBXXX0000000000}{2:O9400000000000EXAMPLEBXXXX00000000000000000000N}{4:');
  lines.push(`:20:${spec.id}`, `:25:${spec.iban}`, ':28C:00001/001', ':60F:C261124EUR1000,00');
  for (const line of spec.lines) {
    const mark = line.direction === 'debit' ? (line.reversal ? 'RC' : 'D') : line.reversal ? 'RD' : 'C';
    const date = yymmdd(line.valueDate ?? '2026-11-25');
    lines.push(`:61:${date}${date.slice(2)}${mark}${decimal(line.amountMinor, ',')}NTRFNONREF${line.bankRef ? `//${line.bankRef}` : ''}`);
    const subfields = [
      '166',
      '?00GUTSCHRIFT',
      ...(line.text ?? []).flatMap((t, i) => (t.match(/.{1,27}/g) ?? ['']).map((chunk, j) => `?${20 + i * 2 + j}${chunk}`)),
      ...(line.payerIban ? [`?31${line.payerIban}`] : []),
      ...(line.payer ? [`?32${line.payer.slice(0, 27)}`] : []),
    ].join('');
    const info = subfields.match(/.{1,65}/g) ?? [''];
    lines.push(`:86:${info[0]}`, ...info.slice(1));
  }
  lines.push(':62F:C261125EUR1000,00');
  lines.push(envelope ? '-}' : '-');
  return `${lines.join('\r\n')}\r\n`;
}

/** A CSV export in one of the presets' layouts. */
export function csvFile(preset: 'generic' | 'de-semicolon', spec: StatementSpec): string {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  if (preset === 'generic') {
    const header =
      'Booking date,Value date,Amount,Currency,Account IBAN,Bank reference,Remittance information,Counterparty name,Counterparty IBAN';
    const rows = spec.lines.map((l) =>
      [
        l.valueDate ?? '2026-11-25',
        l.valueDate ?? '2026-11-25',
        `${l.direction === 'debit' ? '-' : ''}${decimal(l.amountMinor)}`,
        l.currency ?? 'EUR',
        spec.iban,
        l.bankRef ?? '',
        quote((l.text ?? []).join(' ')),
        quote(l.payer ?? ''),
        l.payerIban ?? '',
      ].join(','),
    );
    return `${[header, ...rows].join('\n')}\n`;
  }
  const german = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
  const thousands = (minor: number) => {
    const [whole, fraction] = decimal(minor, ',').split(',');
    return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${fraction}`;
  };
  const header =
    'Auftragskonto;Buchungstag;Valutadatum;Buchungstext;Verwendungszweck;Beguenstigter/Zahlungspflichtiger;Kontonummer/IBAN;Betrag;Waehrung;Bankreferenz';
  const rows = spec.lines.map((l) =>
    [
      spec.iban,
      german(l.valueDate ?? '2026-11-25'),
      german(l.valueDate ?? '2026-11-25'),
      l.direction === 'debit' ? 'LASTSCHRIFT' : 'GUTSCHRIFT',
      quote((l.text ?? []).join(' ')),
      quote(l.payer ?? ''),
      l.payerIban ?? '',
      `${l.direction === 'debit' ? '-' : ''}${thousands(l.amountMinor)}`,
      l.currency ?? 'EUR',
      l.bankRef ?? '',
    ].join(';'),
  );
  return `${[header, ...rows].join('\n')}\n`;
}
