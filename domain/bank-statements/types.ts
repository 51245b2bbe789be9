import { CURRENCY_EXPONENTS, isCurrency, type Currency } from '../money';

export type StatementFormat = 'camt.053' | 'camt.054' | 'mt940' | 'csv';

/** One booked movement on one of the provider's accounts, as the bank reported it. */
export interface StatementEntry {
  /** Where it is in the file, for errors and reports: "Stmt[1]/Ntry[3]" or "line 12". */
  location: string;
  /** The account it was booked on, IBAN in electronic form (no spaces). */
  accountIban: string;
  /** The bank's own reference (camt AcctSvcrRef or NtryRef, MT940 bank reference), when it gives one. */
  bankReference?: string;
  direction: 'credit' | 'debit';
  /** A reversal or return of an earlier movement (camt RvslInd or RtrInf, MT940 RC/RD). */
  reversal: boolean;
  /** Why it was returned or reversed, as the bank said it (reason code and text). */
  returnReason?: string;
  amountMinor: number;
  currency: Currency;
  /** YYYY-MM-DD */
  valueDate: string;
  bookingDate?: string;
  /** camt RmtInf/Strd/CdtrRefInf/Ref with type SCOR. */
  structuredReference?: string;
  /** Unstructured remittance text (camt Ustrd, MT940 :86:, a CSV column), line breaks kept. */
  remittanceText: string;
  payerName?: string;
  payerIban?: string;
  endToEndId?: string;
}

export interface ParsedStatement {
  format: StatementFormat;
  /** The message's version where the format has one, e.g. "camt.053.001.08". */
  messageType: string;
  /** The bank's statement or notification ids, for the import report. */
  statementIds: string[];
  entries: StatementEntry[];
}

/** A file that cannot be read as a statement: refused whole, naming where. */
export class StatementFormatError extends Error {
  override name = 'StatementFormatError';
  constructor(
    message: string,
    /** "line 12", "line 3, column 7" or an element path such as "Stmt[1]/Ntry[2]/Amt". */
    readonly where: string,
  ) {
    super(`${where}: ${message}`);
  }
}

/** "1234.5" in `currency` → 123450 minor units, without floating point; refuses more decimals than the currency has. */
export function decimalToMinor(text: string, currency: Currency, where: string, separator: '.' | ',' = '.'): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  const trimmed = text.trim();
  const [whole, fraction = '', ...rest] = trimmed.split(separator);
  if (rest.length > 0 || !/^\d+$/.test(whole) || !/^\d*$/.test(fraction) || fraction.length > exponent) {
    throw new StatementFormatError(`"${text}" is not an amount in ${currency} (at most ${exponent} decimals)`, where);
  }
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) throw new StatementFormatError(`amount "${text}" is too large`, where);
  return minor;
}

export function currencyAt(code: string | undefined, where: string): Currency {
  const trimmed = code?.trim() ?? '';
  if (!isCurrency(trimmed)) throw new StatementFormatError(`currency "${trimmed}" is not one the engine bills in`, where);
  return trimmed;
}

export function isoDateAt(text: string | undefined, where: string): string {
  const date = text?.trim().slice(0, 10) ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new StatementFormatError(`"${text ?? ''}" is not a date`, where);
  }
  return date;
}

/** IBANs in electronic form: no spaces, upper case. */
export const electronicIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();
