/**
 * Bank CSV exports, read with csv-parse through a column mapping: a named preset or a mapping file (JSON,
 * validated by `csvMappingSchema`). Every bank names its columns differently; the mapping says which is which.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import {
  currencyAt,
  decimalToMinor,
  electronicIban,
  isoDateAt,
  StatementFormatError,
  type ParsedStatement,
  type StatementEntry,
} from './types';

export const csvMappingSchema = z
  .object({
    name: z.string().min(1),
    delimiter: z.string().length(1).default(','),
    decimalSeparator: z.enum(['.', ',']).default('.'),
    /** Stripped from amounts: "1.234,56" with "." here. */
    thousandsSeparator: z.enum(['.', ',', ' ', "'", '']).default(''),
    dateFormat: z.enum(['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY']).default('YYYY-MM-DD'),
    /** Lines before the header row (an account summary some banks print first). */
    skipLines: z.number().int().min(0).max(50).default(0),
    /** The account when the file has no account column: the export is of one account. */
    account: z.string().optional(),
    /** The currency when the file has no currency column. */
    currency: z.string().length(3).optional(),
    columns: z.object({
      valueDate: z.string().min(1),
      bookingDate: z.string().optional(),
      /** Signed: negative amounts are debits. */
      amount: z.string().min(1),
      currency: z.string().optional(),
      account: z.string().optional(),
      bankReference: z.string().optional(),
      remittance: z.array(z.string()).min(1),
      payerName: z.string().optional(),
      payerIban: z.string().optional(),
    }),
  })
  .refine((m) => m.account || m.columns.account, { message: 'name the account: "account" or "columns.account"' })
  .refine((m) => m.currency || m.columns.currency, { message: 'name the currency: "currency" or "columns.currency"' });

export type CsvMapping = z.input<typeof csvMappingSchema>;

/** Two common shapes: a plain international export, and the semicolon/decimal-comma export of German banks. */
export const CSV_PRESETS = {
  generic: {
    name: 'generic',
    columns: {
      valueDate: 'Value date',
      bookingDate: 'Booking date',
      amount: 'Amount',
      currency: 'Currency',
      account: 'Account IBAN',
      bankReference: 'Bank reference',
      remittance: ['Remittance information'],
      payerName: 'Counterparty name',
      payerIban: 'Counterparty IBAN',
    },
  },
  'de-semicolon': {
    name: 'de-semicolon',
    delimiter: ';',
    decimalSeparator: ',',
    thousandsSeparator: '.',
    dateFormat: 'DD.MM.YYYY',
    columns: {
      valueDate: 'Valutadatum',
      bookingDate: 'Buchungstag',
      amount: 'Betrag',
      currency: 'Waehrung',
      account: 'Auftragskonto',
      bankReference: 'Bankreferenz',
      remittance: ['Verwendungszweck'],
      payerName: 'Beguenstigter/Zahlungspflichtiger',
      payerIban: 'Kontonummer/IBAN',
    },
  },
} satisfies Record<string, CsvMapping>;

export type CsvPreset = keyof typeof CSV_PRESETS;

function isoDate(text: string, format: z.infer<typeof csvMappingSchema>['dateFormat'], where: string): string {
  const value = text.trim();
  const parts = value.split(/[./-]/);
  if (format === 'YYYY-MM-DD') return isoDateAt(value, where);
  if (parts.length !== 3) throw new StatementFormatError(`"${text}" is not a date as ${format}`, where);
  const [a, b, year] = parts;
  const [day, month] = format === 'MM/DD/YYYY' ? [b, a] : [a, b];
  return isoDateAt(`${year.padStart(4, '20')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`, where);
}

export function parseCsv(text: string, input: CsvMapping): ParsedStatement {
  const parsedMapping = csvMappingSchema.safeParse(input);
  if (!parsedMapping.success) {
    const issue = parsedMapping.error.issues[0];
    throw new StatementFormatError(issue.message, `mapping ${issue.path.join('.') || '(root)'}`);
  }
  const mapping = parsedMapping.data;
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: mapping.delimiter,
      columns: true,
      from_line: mapping.skipLines + 1,
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw new StatementFormatError((error as Error).message, lines ? `line ${lines}` : 'header');
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const wanted = [mapping.columns.valueDate, mapping.columns.amount, ...mapping.columns.remittance];
  for (const name of [...wanted, mapping.columns.currency, mapping.columns.account].filter((c): c is string => !!c)) {
    if (records.length > 0 && !header.includes(name)) {
      throw new StatementFormatError(
        `no column "${name}" (mapping ${mapping.name}); the header has ${header.join(', ')}`,
        `line ${mapping.skipLines + 1}`,
      );
    }
  }

  const entries = records.map(({ record, info }): StatementEntry => {
    const where = `line ${info.lines}`;
    const column = (name: string | undefined) => (name ? (record[name] ?? '').trim() : '');
    const currency = currencyAt(
      column(mapping.columns.currency) || mapping.currency,
      `${where}, column ${mapping.columns.currency ?? 'currency'}`,
    );
    const rawAmount = column(mapping.columns.amount)
      .split(mapping.thousandsSeparator || '\u0000')
      .join('');
    const negative = rawAmount.startsWith('-');
    const amountWhere = `${where}, column ${mapping.columns.amount}`;
    const amountMinor = decimalToMinor(rawAmount.replace(/^[-+]/, ''), currency, amountWhere, mapping.decimalSeparator);
    if (amountMinor === 0) throw new StatementFormatError('an amount of zero is not a movement', amountWhere);
    const account = column(mapping.columns.account) || mapping.account || '';
    const bookingDate = column(mapping.columns.bookingDate);
    return {
      location: where,
      accountIban: electronicIban(account),
      bankReference: column(mapping.columns.bankReference) || undefined,
      direction: negative ? 'debit' : 'credit',
      reversal: false,
      amountMinor,
      currency,
      valueDate: isoDate(column(mapping.columns.valueDate), mapping.dateFormat, `${where}, column ${mapping.columns.valueDate}`),
      bookingDate: bookingDate ? isoDate(bookingDate, mapping.dateFormat, `${where}, column ${mapping.columns.bookingDate}`) : undefined,
      remittanceText: mapping.columns.remittance.map(column).filter(Boolean).join('\n'),
      payerName: column(mapping.columns.payerName) || undefined,
      payerIban: column(mapping.columns.payerIban) ? electronicIban(column(mapping.columns.payerIban)) : undefined,
    };
  });
  return { format: 'csv', messageType: `CSV (${mapping.name})`, statementIds: [], entries };
}
