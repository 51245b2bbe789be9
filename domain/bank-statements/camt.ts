/**
 * ISO 20022 camt.053 (bank-to-customer statement) and camt.054 (debit/credit notification), versions
 * .001.02 to .001.13, read with saxes (./xml.ts) into the typed shapes below. Only the elements the engine
 * needs are mapped; every other element is ignored, so a bank's optional extras never break an import.
 */
import {
  currencyAt,
  decimalToMinor,
  electronicIban,
  isoDateAt,
  StatementFormatError,
  type ParsedStatement,
  type StatementEntry,
} from './types';
import { readXml } from './xml';

type Text = string | { '#text'?: string };
interface Amount {
  '#text'?: string;
  '@_Ccy'?: string;
}
interface DateChoice {
  Dt?: string;
  DtTm?: string;
}
interface Party {
  Nm?: string;
  /** camt .001.08 and later wrap the party: Dbtr/Pty/Nm. */
  Pty?: { Nm?: string };
}
interface TransactionDetails {
  Refs?: { AcctSvcrRef?: string; EndToEndId?: string };
  Amt?: Amount;
  AmtDtls?: { TxAmt?: { Amt?: Amount } };
  RltdPties?: { Dbtr?: Party; DbtrAcct?: { Id?: { IBAN?: string } } };
  RmtInf?: {
    Ustrd?: Text[];
    Strd?: { CdtrRefInf?: { Tp?: { CdOrPrtry?: { Cd?: string } }; Ref?: string } }[];
  };
  RtrInf?: { Rsn?: { Cd?: string; Prtry?: string }; AddtlInf?: Text[] };
}
interface Entry {
  NtryRef?: string;
  AcctSvcrRef?: string;
  Amt?: Amount;
  CdtDbtInd?: string;
  RvslInd?: string;
  /** A code up to .001.07, a choice (Sts/Cd) from .001.08. */
  Sts?: string | { Cd?: string; Prtry?: string };
  BookgDt?: DateChoice;
  ValDt?: DateChoice;
  NtryDtls?: { TxDtls?: TransactionDetails[] }[];
}
interface Report {
  Id?: string;
  Acct?: { Id?: { IBAN?: string; Othr?: { Id?: string } }; Ccy?: string };
  Ntry?: Entry[];
}
interface CamtDocument {
  BkToCstmrStmt?: { Stmt?: Report[] };
  BkToCstmrDbtCdtNtfctn?: { Ntfctn?: Report[] };
}

const ARRAYS = new Set(['Stmt', 'Ntfctn', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'AddtlInf']);
const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.001\.(\d{2})$/;
const MIN_VERSION = 2;
const MAX_VERSION = 13;

const text = (value: Text | undefined): string => (typeof value === 'string' ? value : (value?.['#text'] ?? '')).trim();

/** The message type the root element declares, e.g. "camt.053.001.08", or a refusal naming it. */
function messageTypeOf(rootName: string, namespace: string): { format: 'camt.053' | 'camt.054'; messageType: string } {
  if (rootName !== 'Document') throw new StatementFormatError('the root element is not an ISO 20022 Document', rootName || 'root');
  const match = NAMESPACE.exec(namespace);
  const version = match ? Number(match[2]) : 0;
  if (!match || version < MIN_VERSION || version > MAX_VERSION) {
    throw new StatementFormatError(
      `unknown message "${namespace}"; camt.053 and camt.054 versions .001.02 to .001.13 are read`,
      'Document/@xmlns',
    );
  }
  return { format: match[1] as 'camt.053' | 'camt.054', messageType: `${match[1]}.001.${match[2]}` };
}

function amountAt(amount: Amount | undefined, where: string) {
  if (!amount) throw new StatementFormatError('missing', where);
  const currency = currencyAt(amount['@_Ccy'], `${where}/@Ccy`);
  return { currency, amountMinor: decimalToMinor(text(amount), currency, where) };
}

const dateOf = (choice: DateChoice | undefined) => choice?.Dt ?? choice?.DtTm;
const statusOf = (entry: Entry) => (typeof entry.Sts === 'string' ? entry.Sts : (entry.Sts?.Cd ?? entry.Sts?.Prtry));

function transactionFields(details: TransactionDetails | undefined) {
  const remittance = details?.RmtInf;
  const scor = remittance?.Strd?.map((s) => s.CdtrRefInf).find((ref) => ref?.Tp?.CdOrPrtry?.Cd?.trim() === 'SCOR' && ref.Ref);
  const debtor = details?.RltdPties?.Dbtr;
  const returnInfo = details?.RtrInf;
  const endToEndId = details?.Refs?.EndToEndId?.trim();
  const reason = returnInfo
    ? [returnInfo.Rsn?.Cd ?? returnInfo.Rsn?.Prtry, ...(returnInfo.AddtlInf ?? []).map(text)].filter(Boolean).join(' ')
    : undefined;
  return {
    structuredReference: scor?.Ref?.trim(),
    remittanceText: (remittance?.Ustrd ?? []).map(text).join('\n'),
    payerName: (debtor?.Pty?.Nm ?? debtor?.Nm)?.trim(),
    payerIban: details?.RltdPties?.DbtrAcct?.Id?.IBAN ? electronicIban(details.RltdPties.DbtrAcct.Id.IBAN) : undefined,
    endToEndId: endToEndId && endToEndId !== 'NOTPROVIDED' ? endToEndId : undefined,
    returned: returnInfo !== undefined,
    returnReason: reason || (returnInfo ? 'returned' : undefined),
  };
}

function entriesOf(entry: Entry, accountIban: string, where: string): StatementEntry[] {
  const direction = entry.CdtDbtInd?.trim();
  if (direction !== 'CRDT' && direction !== 'DBIT') {
    throw new StatementFormatError(`"${entry.CdtDbtInd ?? ''}" is neither CRDT nor DBIT`, `${where}/CdtDbtInd`);
  }
  const total = amountAt(entry.Amt, `${where}/Amt`);
  const valueDate = isoDateAt(dateOf(entry.ValDt) ?? dateOf(entry.BookgDt), `${where}/ValDt`);
  const bookingDate = dateOf(entry.BookgDt) ? isoDateAt(dateOf(entry.BookgDt), `${where}/BookgDt`) : undefined;
  const entryReference = (entry.AcctSvcrRef ?? entry.NtryRef)?.trim() || undefined;
  const details = (entry.NtryDtls ?? []).flatMap((d) => d.TxDtls ?? []);
  const base = {
    accountIban,
    direction: direction === 'CRDT' ? ('credit' as const) : ('debit' as const),
    valueDate,
    bookingDate,
  };
  const reversed = entry.RvslInd?.trim() === 'true';
  /** One transaction of the entry, with its own amount, place and reference. */
  const transaction = (
    tx: TransactionDetails | undefined,
    amount: ReturnType<typeof amountAt>,
    location: string,
    bankReference?: string,
  ) => {
    const { returned, ...fields } = transactionFields(tx);
    return {
      ...base,
      ...amount,
      ...fields,
      location,
      bankReference,
      reversal: reversed || returned,
      returnReason: fields.returnReason ?? (reversed ? 'reversed by the bank' : undefined),
    };
  };
  if (details.length <= 1) return [transaction(details[0], total, where, details[0]?.Refs?.AcctSvcrRef?.trim() || entryReference)];
  // A batch booking: one entry, one transaction per TxDtls, each with its own amount.
  return details.map((tx, i) => {
    const at = `${where}/NtryDtls/TxDtls[${i + 1}]`;
    const amount = amountAt(tx.Amt ?? tx.AmtDtls?.TxAmt?.Amt, `${at}/Amt`);
    if (amount.currency !== total.currency) throw new StatementFormatError(`currency differs from the entry's ${total.currency}`, at);
    return transaction(tx, amount, at, tx.Refs?.AcctSvcrRef?.trim() || (entryReference ? `${entryReference}#${i + 1}` : undefined));
  });
}

export function parseCamt(xml: string): ParsedStatement {
  const { rootName, namespace, root } = readXml(xml, ARRAYS);
  const { format, messageType } = messageTypeOf(rootName, namespace);
  const document = root as CamtDocument;
  const [container, reports] =
    format === 'camt.053'
      ? ['BkToCstmrStmt/Stmt', document.BkToCstmrStmt?.Stmt]
      : ['BkToCstmrDbtCdtNtfctn/Ntfctn', document.BkToCstmrDbtCdtNtfctn?.Ntfctn];
  if (!reports?.length) throw new StatementFormatError(`a ${format} names at least one report`, `Document/${container}`);

  const entries: StatementEntry[] = [];
  const statementIds: string[] = [];
  reports.forEach((report, r) => {
    const where = `${container.split('/')[1]}[${r + 1}]`;
    const iban = report.Acct?.Id?.IBAN;
    if (!iban) throw new StatementFormatError('the account is not identified by an IBAN', `${where}/Acct/Id/IBAN`);
    if (report.Id) statementIds.push(report.Id.trim());
    (report.Ntry ?? []).forEach((entry, n) => {
      const status = statusOf(entry)?.trim();
      // Pending or informational entries are not money on the account yet: the booked one will follow.
      if (status && status !== 'BOOK') return;
      entries.push(...entriesOf(entry, electronicIban(iban), `${where}/Ntry[${n + 1}]`));
    });
  });
  return { format, messageType, statementIds, entries };
}
