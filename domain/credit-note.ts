/**
 * What a credit note takes back from the final invoice it corrects. An issued invoice is never changed: a
 * credit note lists the lines (or parts of lines) it credits, and reverses their VAT per rate with the same
 * rule as the invoice (domain/invoice-totals.ts: once per rate on the sum of the lines at that rate, half
 * away from zero). What earlier credit notes of the invoice took back is never credited twice, and the
 * credit note that takes the last of a rate takes exactly the VAT left at that rate, so an invoice credited
 * in full in several parts sums back to its own totals to the cent.
 */
import { applyBasisPoints, assertMinorUnits, type Currency } from './money';
import type { InvoiceLine, VatBreakdown } from './invoice-totals';

/** The parts of an invoice a credit note needs. */
export interface CreditableInvoice {
  number: string;
  currency: Currency;
  lines: readonly InvoiceLine[];
  vat: readonly VatBreakdown[];
  totalMinor: number;
}

/** One credited line: `line` is the 0-based index of the invoice line it takes back from. */
export interface CreditNoteLine extends InvoiceLine {
  invoiceLine: number;
}

/** What earlier credit notes of the same invoice took back. */
export interface AlreadyCredited {
  lines: readonly { invoiceLine: number; amountMinor: number }[];
  vat: readonly { vatRateBp: number; baseMinor: number; vatMinor: number }[];
}

export interface CreditNoteTotals {
  currency: Currency;
  lines: CreditNoteLine[];
  subtotalMinor: number;
  vat: VatBreakdown[];
  vatMinor: number;
  totalMinor: number;
}

/** Full: everything not credited yet. Lines: a whole number of units of a line, or an amount of it. */
export type CreditRequest =
  | { kind: 'full' }
  | { kind: 'lines'; lines: readonly { line: number; quantity?: number; amountMinor?: number }[] }
  /** A gross amount taken back at the provider (a refund made in its dashboard), spread over the VAT rates. */
  | { kind: 'gross'; amountMinor: number };

export class CreditNoteError extends Error {
  override name = 'CreditNoteError';
  constructor(
    message: string,
    /** The request field at fault, for the API's answer. */
    readonly field: string,
  ) {
    super(message);
  }
}

const EMPTY: AlreadyCredited = { lines: [], vat: [] };

function remainingPerLine(invoice: CreditableInvoice, credited: AlreadyCredited): number[] {
  const left = invoice.lines.map((line) => line.amountMinor);
  for (const line of credited.lines) left[line.invoiceLine] = (left[line.invoiceLine] ?? 0) - line.amountMinor;
  return left;
}

function remainingPerRate(invoice: CreditableInvoice, credited: AlreadyCredited): Map<number, { baseMinor: number; vatMinor: number }> {
  const left = new Map(invoice.vat.map((v) => [v.vatRateBp, { baseMinor: v.baseMinor, vatMinor: v.vatMinor }]));
  for (const v of credited.vat) {
    const rate = left.get(v.vatRateBp);
    if (rate) left.set(v.vatRateBp, { baseMinor: rate.baseMinor - v.baseMinor, vatMinor: rate.vatMinor - v.vatMinor });
  }
  return left;
}

/** VAT per rate on the credited lines; the last of a rate takes exactly what is left of its VAT. */
function totalsOf(invoice: CreditableInvoice, credited: AlreadyCredited, lines: CreditNoteLine[]): CreditNoteTotals {
  const left = remainingPerRate(invoice, credited);
  const bases = new Map<number, number>();
  for (const line of lines) bases.set(line.vatRateBp, (bases.get(line.vatRateBp) ?? 0) + line.amountMinor);
  const vat = [...bases.entries()]
    .sort(([a], [b]) => a - b)
    .map(([vatRateBp, baseMinor]) => {
      const rest = left.get(vatRateBp) ?? { baseMinor: 0, vatMinor: 0 };
      const computed = applyBasisPoints(baseMinor, vatRateBp);
      const vatMinor = baseMinor === rest.baseMinor ? rest.vatMinor : Math.min(computed, rest.vatMinor);
      return { vatRateBp, baseMinor, vatMinor };
    });
  const subtotalMinor = lines.reduce((acc, l) => acc + l.amountMinor, 0);
  const vatMinor = vat.reduce((acc, v) => acc + v.vatMinor, 0);
  return { currency: invoice.currency, lines, subtotalMinor, vat, vatMinor, totalMinor: assertMinorUnits(subtotalMinor + vatMinor) };
}

function byLines(invoice: CreditableInvoice, credited: AlreadyCredited, request: Extract<CreditRequest, { kind: 'lines' }>) {
  const left = remainingPerLine(invoice, credited);
  if (request.lines.length === 0) throw new CreditNoteError('name at least one line to credit', 'lines');
  const seen = new Set<number>();
  return request.lines.map((asked, i): CreditNoteLine => {
    const field = `lines.${i}`;
    const line = invoice.lines[asked.line];
    if (!Number.isSafeInteger(asked.line) || !line)
      throw new CreditNoteError(`invoice ${invoice.number} has no line ${asked.line}`, `${field}.line`);
    if (seen.has(asked.line)) throw new CreditNoteError(`line ${asked.line} is named twice`, `${field}.line`);
    seen.add(asked.line);
    if ((asked.quantity === undefined) === (asked.amountMinor === undefined))
      throw new CreditNoteError('give either a quantity or an amountMinor', field);
    const byQuantity = asked.quantity !== undefined;
    const quantity = byQuantity ? asked.quantity! : 1;
    if (!Number.isSafeInteger(quantity) || quantity <= 0)
      throw new CreditNoteError('quantity must be a positive integer', `${field}.quantity`);
    const amountMinor = byQuantity ? quantity * line.unitPriceMinor : asked.amountMinor!;
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
      throw new CreditNoteError('amountMinor must be a positive whole number of minor units', `${field}.amountMinor`);
    if (amountMinor > left[asked.line]!) {
      throw new CreditNoteError(
        `line ${asked.line} has ${left[asked.line]} minor units left to credit, not ${amountMinor}`,
        `${field}.${byQuantity ? 'quantity' : 'amountMinor'}`,
      );
    }
    return {
      invoiceLine: asked.line,
      description: line.description,
      quantity,
      unitPriceMinor: byQuantity ? line.unitPriceMinor : amountMinor,
      vatRateBp: line.vatRateBp,
      amountMinor,
    };
  });
}

/** Everything not credited yet, line by line. */
function full(invoice: CreditableInvoice, credited: AlreadyCredited): CreditNoteLine[] {
  const left = remainingPerLine(invoice, credited);
  return invoice.lines.flatMap((line, invoiceLine): CreditNoteLine[] => {
    const amountMinor = left[invoiceLine]!;
    if (amountMinor <= 0) return [];
    const whole = amountMinor === line.amountMinor;
    return [
      {
        invoiceLine,
        description: line.description,
        quantity: whole ? line.quantity : 1,
        unitPriceMinor: whole ? line.unitPriceMinor : amountMinor,
        vatRateBp: line.vatRateBp,
        amountMinor,
      },
    ];
  });
}

/** Splits `amount` in proportion to `weights` (non-negative), the remainder to the largest weights first. */
function spread(amount: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Number((BigInt(w) * BigInt(amount)) / BigInt(sum)));
  let rest = amount - shares.reduce((a, b) => a + b, 0);
  const order = weights.map((_, i) => i).sort((a, b) => weights[b]! - weights[a]!);
  for (const i of order) {
    if (rest === 0) break;
    if (weights[i]! > 0) {
      shares[i]! += 1;
      rest -= 1;
    }
  }
  return shares;
}

/**
 * A gross amount (VAT included) taken back: spread over the VAT rates in proportion to what is left of each,
 * each rate's part split into base (gross ÷ (1 + rate), half up) and VAT (the rest, so the credit note adds
 * up to the amount refunded to the cent), each base spread over that rate's lines. An amount equal to what
 * is left is the full credit.
 */
function gross(invoice: CreditableInvoice, credited: AlreadyCredited, amountMinor: number): CreditNoteTotals {
  const leftTotal = remainingTotal(invoice, credited);
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
    throw new CreditNoteError('amountMinor must be a positive whole number of minor units', 'amountMinor');
  if (amountMinor > leftTotal)
    throw new CreditNoteError(`invoice ${invoice.number} has ${leftTotal} minor units left to credit, not ${amountMinor}`, 'amountMinor');
  if (amountMinor === leftTotal) return totalsOf(invoice, credited, full(invoice, credited));
  const leftLines = remainingPerLine(invoice, credited);
  const rates = [...remainingPerRate(invoice, credited).entries()].sort(([a], [b]) => a - b);
  const parts = spread(
    amountMinor,
    rates.map(([, r]) => r.baseMinor + r.vatMinor),
  );
  const lines: CreditNoteLine[] = [];
  const vat: VatBreakdown[] = [];
  rates.forEach(([vatRateBp, rest], i) => {
    const part = parts[i]!;
    if (part <= 0) return;
    const divisor = BigInt(10000 + vatRateBp);
    let baseMinor = Math.min(rest.baseMinor, Number((BigInt(part) * 20000n + divisor) / (2n * divisor)));
    // Never more VAT back than the invoice has left at this rate.
    if (part - baseMinor > rest.vatMinor) baseMinor = part - rest.vatMinor;
    vat.push({ vatRateBp, baseMinor, vatMinor: part - baseMinor });
    const ofRate = invoice.lines.map((line, index) => ({ line, index })).filter(({ line }) => line.vatRateBp === vatRateBp);
    const bases = spread(
      baseMinor,
      ofRate.map(({ index }) => Math.max(0, leftLines[index]!)),
    );
    ofRate.forEach(({ line, index }, j) => {
      const base = bases[j]!;
      if (base > 0)
        lines.push({ invoiceLine: index, description: line.description, quantity: 1, unitPriceMinor: base, vatRateBp, amountMinor: base });
    });
  });
  const subtotalMinor = lines.reduce((acc, l) => acc + l.amountMinor, 0);
  const vatMinor = vat.reduce((acc, v) => acc + v.vatMinor, 0);
  return { currency: invoice.currency, lines, subtotalMinor, vat, vatMinor, totalMinor: assertMinorUnits(subtotalMinor + vatMinor) };
}

/** What is left to credit on the invoice (VAT included). */
export function remainingTotal(invoice: CreditableInvoice, credited: AlreadyCredited = EMPTY): number {
  const creditedTotal = credited.vat.reduce((acc, v) => acc + v.baseMinor + v.vatMinor, 0);
  return invoice.totalMinor - creditedTotal;
}

/** The credit note's lines and totals, or a CreditNoteError naming the field at fault. */
export function computeCreditNote(invoice: CreditableInvoice, request: CreditRequest, credited: AlreadyCredited = EMPTY): CreditNoteTotals {
  if (remainingTotal(invoice, credited) <= 0)
    throw new CreditNoteError(`invoice ${invoice.number} is already credited in full`, 'invoiceNumber');
  if (request.kind === 'gross') return gross(invoice, credited, request.amountMinor);
  return totalsOf(invoice, credited, request.kind === 'full' ? full(invoice, credited) : byLines(invoice, credited, request));
}

/** Adds a credit note's lines and VAT to what its invoice has had credited so far. */
export function addCredited(credited: AlreadyCredited, note: Pick<CreditNoteTotals, 'lines' | 'vat'>): AlreadyCredited {
  return {
    lines: [...credited.lines, ...note.lines.map(({ invoiceLine, amountMinor }) => ({ invoiceLine, amountMinor }))],
    vat: [...credited.vat, ...note.vat],
  };
}
