/**
 * SWIFT MT940 customer statements, as banks export them (with or without the {1:}{2:}{4: envelope), one or
 * more statements per file. Fields start with ":TAG:" at the start of a line and continue on the lines
 * that follow, so a multi-line :86: is read whole. Amounts are read as decimal text, never as floats.
 */
import { currencyAt, decimalToMinor, electronicIban, StatementFormatError, type ParsedStatement, type StatementEntry } from './types';
import type { Currency } from '../money';

interface Field {
  tag: string;
  value: string;
  line: number;
}

/** :61: value date, optional entry date, mark (C, D, RC, RD), funds code, amount, type, customer ref, //bank ref. */
const STATEMENT_LINE = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d+,\d*)([NSF][A-Z0-9]{3})([^/\n]*?)(?:\/\/([^\n]*))?(?:\n([\s\S]*))?$/;
const BALANCE = /^([CD])(\d{6})([A-Z]{3})(\d+,\d*)$/;

function fieldsOf(text: string): Field[] {
  const fields: Field[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    const tagged = /^:(\d{2}[A-Z]?):(.*)$/.exec(line);
    if (tagged) fields.push({ tag: tagged[1], value: tagged[2], line: i + 1 });
    else if (line === '-' || line === '-}' || line === '' || line.startsWith('{')) {
      if (line.startsWith('-')) fields.push({ tag: 'end', value: '', line: i + 1 });
    } else if (fields.length > 0 && fields[fields.length - 1].tag !== 'end') fields[fields.length - 1].value += `\n${line}`;
    else throw new StatementFormatError(`"${line.slice(0, 40)}" is outside any field`, `line ${i + 1}`);
  });
  return fields;
}

const dateFromYymmdd = (yymmdd: string) => `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;

/** The remittance text and payer of a :86:, structured (German "?20…" subfields) or free text. */
function informationOf(value: string): { remittanceText: string; payerName?: string; payerIban?: string } {
  const flat = value.replace(/\n/g, '');
  if (!/^\d{3}\?/.test(flat)) return { remittanceText: value };
  const subfields = new Map<string, string>();
  for (const part of flat.split('?').slice(1)) subfields.set(part.slice(0, 2), (subfields.get(part.slice(0, 2)) ?? '') + part.slice(2));
  const pick = (codes: string[]) =>
    codes
      .map((code) => subfields.get(code))
      .filter(Boolean)
      .join('\n');
  const remittance = pick(['20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '60', '61', '62', '63']);
  return { remittanceText: remittance, payerName: pick(['32', '33']) || undefined, payerIban: subfields.get('31') || undefined };
}

export function parseMt940(text: string): ParsedStatement {
  const fields = fieldsOf(text);
  if (!fields.some((f) => f.tag === '61' || f.tag === '20')) throw new StatementFormatError('no MT940 statement (:20:) found', 'line 1');
  const entries: StatementEntry[] = [];
  const statementIds: string[] = [];
  let account: string | undefined;
  let currency: Currency | undefined;
  let pending: StatementEntry | undefined;

  for (const field of fields) {
    const where = `line ${field.line}`;
    switch (field.tag) {
      case '20':
        statementIds.push(field.value.trim());
        account = undefined;
        currency = undefined;
        break;
      case '25': {
        const iban = electronicIban(field.value.split('\n')[0]).replace(/^.*\//, '');
        if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) throw new StatementFormatError(`account "${field.value}" is not an IBAN`, where);
        account = iban;
        break;
      }
      case '60F':
      case '60M': {
        const balance = BALANCE.exec(field.value.trim());
        if (!balance) throw new StatementFormatError(`opening balance "${field.value}" is not C/D, date, currency, amount`, where);
        currency = currencyAt(balance[3], where);
        break;
      }
      case '61': {
        if (!account || !currency) throw new StatementFormatError(':61: before the account (:25:) and opening balance (:60F:)', where);
        const line = STATEMENT_LINE.exec(field.value);
        if (!line) throw new StatementFormatError(`statement line "${field.value.split('\n')[0]}" is not in MT940 :61: form`, where);
        const [, valueDate, , mark, , amount, , , bankRef] = line;
        const reference = bankRef?.trim();
        pending = {
          location: where,
          accountIban: account,
          bankReference: reference && reference !== 'NONREF' ? reference : undefined,
          // RC reverses a credit (money leaves), RD reverses a debit (money comes back).
          direction: mark === 'C' || mark === 'RD' ? 'credit' : 'debit',
          reversal: mark === 'RC' || mark === 'RD',
          returnReason: mark === 'RC' || mark === 'RD' ? 'reversed by the bank' : undefined,
          amountMinor: decimalToMinor(amount, currency, where, ','),
          currency,
          valueDate: dateFromYymmdd(valueDate),
          remittanceText: '',
        };
        entries.push(pending);
        break;
      }
      case '86':
        if (pending) Object.assign(pending, informationOf(field.value));
        pending = undefined;
        break;
      case 'end':
        pending = undefined;
        break;
      default:
        break;
    }
  }
  for (const entry of entries) if (entry.payerIban) entry.payerIban = electronicIban(entry.payerIban);
  return { format: 'mt940', messageType: 'MT940', statementIds, entries };
}
