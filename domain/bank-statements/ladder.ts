/**
 * The matching ladder: which order a credit pays, tried in a fixed order of confidence. The rungs are
 * pure; the caller resolves each candidate against the proformas (one lookup by `_id` each) and stops at
 * the first that names an order. A credit no rung matches gets suggestions for ops, never applied by itself.
 */
import { formatInvoiceNumber } from '../invoice-number';
import { isValidRfReference, normalizeReference } from '../rf-reference';
import type { StatementEntry } from './types';

export type MatchRung = 'structured-reference' | 'reference-in-text' | 'proforma-number';

export interface MatchCandidate {
  rung: MatchRung;
  /** An RF reference (rungs 1 and 2) or a proforma number (rung 3). */
  reference?: string;
  proformaNumber?: string;
}

const RF_MAX = 25; // "RF" + 2 check digits + up to 21 characters

/**
 * RF references written in free text, tolerant of spaces, line breaks and case, with their check digits
 * verified. Where the text runs on after a reference ("RF18 PF20 2600 0001 thanks"), every valid length
 * is a candidate, longest first; the resolver keeps the one that names an order.
 */
export function rfReferencesIn(text: string): string[] {
  const upper = text.toUpperCase();
  const found: string[] = [];
  for (let start = upper.indexOf('RF'); start !== -1; start = upper.indexOf('RF', start + 1)) {
    let compact = '';
    for (let i = start; i < upper.length && compact.length < RF_MAX; i++) {
      const ch = upper[i];
      if (/[A-Z0-9]/.test(ch)) compact += ch;
      else if (!/\s/.test(ch)) break;
    }
    for (let length = compact.length; length >= 5; length--) {
      const candidate = compact.slice(0, length);
      if (isValidRfReference(candidate) && !found.includes(candidate)) found.push(candidate);
    }
  }
  return found;
}

/** Proforma numbers written in free text: "PF-2026-000042", "PF 2026 42", "pf2026000042". */
export function proformaNumbersIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/P\s*F[\s-]*(20\d{2})[\s-]*(\d{1,9})(?!\d)/gi)) {
    const number = formatInvoiceNumber('proforma', Number(match[1]), Number(match[2]));
    if (!found.includes(number)) found.push(number);
  }
  return found;
}

/** The candidates of each rung, in the ladder's order. */
export function matchCandidates(entry: Pick<StatementEntry, 'structuredReference' | 'remittanceText'>): MatchCandidate[] {
  const candidates: MatchCandidate[] = [];
  const structured = entry.structuredReference ? normalizeReference(entry.structuredReference) : undefined;
  if (structured && isValidRfReference(structured)) candidates.push({ rung: 'structured-reference', reference: structured });
  for (const reference of rfReferencesIn(entry.remittanceText)) {
    if (reference !== structured) candidates.push({ rung: 'reference-in-text', reference });
  }
  for (const proformaNumber of proformaNumbersIn(entry.remittanceText)) candidates.push({ rung: 'proforma-number', proformaNumber });
  return candidates;
}

/** Why no rung applied, for the unmatched queue. */
export function noMatchReason(entry: Pick<StatementEntry, 'structuredReference' | 'remittanceText'>, tried: number): string {
  if (tried > 0) return 'the references and proforma numbers in it name no open order of this currency';
  if (entry.structuredReference) return `structured reference "${entry.structuredReference}" is not a valid RF reference`;
  return 'no RF reference or proforma number in the remittance information';
}

const LEGAL_FORMS = new Set([
  'gmbh',
  'ag',
  'ltd',
  'limited',
  'inc',
  'llc',
  'sa',
  'sarl',
  'sas',
  'bv',
  'nv',
  'srl',
  'spa',
  'plc',
  'co',
  'kg',
  'oy',
  'ab',
  'as',
]);

function nameTokens(name: string): Set<string> {
  const tokens = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 1 && !LEGAL_FORMS.has(t));
  return new Set(tokens);
}

/** 0–1: how much two organization names share, ignoring case, accents and legal forms (Dice coefficient). */
export function nameSimilarity(a: string, b: string): number {
  const left = nameTokens(a);
  const right = nameTokens(b);
  if (left.size === 0 || right.size === 0) return 0;
  const shared = [...left].filter((t) => right.has(t)).length;
  return (2 * shared) / (left.size + right.size);
}

export interface OpenOrder {
  orderId: string;
  orgId: string;
  proformaNumber: string;
  amountMinor: number;
  receivedMinor: number;
  currency: string;
  buyerName: string;
}

export interface Suggestion {
  orderId: string;
  proformaNumber: string;
  why: string;
}

const NAME_THRESHOLD = 0.5;
const MAX_SUGGESTIONS = 5;

/** Orders ops might mean: the same amount still owed in the same currency, and payers named like the organization. */
export function suggestOrders(
  entry: Pick<StatementEntry, 'amountMinor' | 'currency' | 'payerName'>,
  open: readonly OpenOrder[],
): Suggestion[] {
  const scored = open
    .filter((order) => order.currency === entry.currency)
    .map((order) => {
      const owed = order.amountMinor - order.receivedMinor;
      const sameAmount = owed === entry.amountMinor || order.amountMinor === entry.amountMinor;
      const similarity = entry.payerName ? nameSimilarity(entry.payerName, order.buyerName) : 0;
      const reasons = [
        ...(sameAmount ? ['same amount and currency'] : []),
        ...(similarity >= NAME_THRESHOLD ? [`payer "${entry.payerName}" is named like "${order.buyerName}"`] : []),
      ];
      return { order, score: (sameAmount ? 1 : 0) + similarity, reasons };
    })
    .filter((s) => s.reasons.length > 0)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, MAX_SUGGESTIONS).map(({ order, reasons }) => ({
    orderId: order.orderId,
    proformaNumber: order.proformaNumber,
    why: reasons.join('; '),
  }));
}
