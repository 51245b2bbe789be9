import { computeInvoiceTotals, type InvoiceLineInput, type InvoiceTotals } from './invoice-totals';
import { prorate, type Currency } from './money';

export interface UsagePrice {
  metric: string;
  unit: string;
  unitPriceMinor: number;
}

export interface Plan {
  setupFeeMinor: number;
  monthlyFeeMinor: number;
  usagePrices: UsagePrice[];
}

export interface BillableOrganization {
  currency: Currency;
  plan: Plan;
  vatRateBp: number;
  setupFeeCharged: boolean;
}

/**
 * What the next cycle will charge if usage repeats the given quantities (none known: fees only).
 * Used for the low-balance warning, so it errs on the side of the fees that are certain.
 */
export function estimateNextCycle(org: BillableOrganization, expectedUsage: Readonly<Record<string, number>> = {}): InvoiceTotals {
  const lines: InvoiceLineInput[] = [];
  if (!org.setupFeeCharged && org.plan.setupFeeMinor > 0) {
    lines.push({ description: 'One-time setup fee', quantity: 1, unitPriceMinor: org.plan.setupFeeMinor, vatRateBp: org.vatRateBp });
  }
  lines.push({ description: 'Monthly service fee', quantity: 1, unitPriceMinor: org.plan.monthlyFeeMinor, vatRateBp: org.vatRateBp });
  for (const price of org.plan.usagePrices) {
    const quantity = expectedUsage[price.metric] ?? 0;
    if (quantity > 0) {
      lines.push({
        description: `${price.metric} (${price.unit})`,
        quantity,
        unitPriceMinor: price.unitPriceMinor,
        vatRateBp: org.vatRateBp,
      });
    }
  }
  return computeInvoiceTotals(org.currency, lines);
}

export interface CycleChargeInput {
  currency: Currency;
  plan: Plan;
  /** The cycle's VAT treatment (domain/vat.ts): the org's rate, or 0 % under reverse charge. */
  vatRateBp: number;
  /** The one-time setup fee is charged with the first cycle only. */
  firstCycle: boolean;
  /** Days of the month the cycle covers, and the days of that month: the monthly fee is prorated by them. */
  billedDays: number;
  periodDays: number;
  /** Reported usage per metric for the cycle; metrics the plan does not price are ignored. */
  usage: Readonly<Record<string, number>>;
}

/**
 * A cycle's invoice lines: setup fee (first cycle), monthly fee (prorated by days when the cycle is a
 * partial month), then one line per priced metric with usage, in the plan's order so invoices read alike.
 */
export function cycleChargeLines(input: CycleChargeInput): InvoiceLineInput[] {
  const { plan, vatRateBp } = input;
  const lines: InvoiceLineInput[] = [];
  if (input.firstCycle && plan.setupFeeMinor > 0) {
    lines.push({ description: 'One-time setup fee', quantity: 1, unitPriceMinor: plan.setupFeeMinor, vatRateBp });
  }
  const partial = input.billedDays < input.periodDays;
  lines.push({
    description: partial ? `Monthly service fee, prorated ${input.billedDays}/${input.periodDays} days` : 'Monthly service fee',
    quantity: 1,
    unitPriceMinor: partial ? prorate(plan.monthlyFeeMinor, input.billedDays, input.periodDays) : plan.monthlyFeeMinor,
    vatRateBp,
  });
  for (const price of plan.usagePrices) {
    const quantity = input.usage[price.metric] ?? 0;
    if (quantity > 0) {
      lines.push({ description: `${price.metric} (${price.unit})`, quantity, unitPriceMinor: price.unitPriceMinor, vatRateBp });
    }
  }
  return lines;
}

export function computeCycleCharges(input: CycleChargeInput): InvoiceTotals {
  return computeInvoiceTotals(input.currency, cycleChargeLines(input));
}

/**
 * Usage the API accepts. A cycle's usage line stays far below Number.MAX_SAFE_INTEGER even at 50 priced
 * metrics plus VAT (50 × 10^13 × 2 < 2^53), so closing a cycle never meets an amount it cannot represent.
 */
export const USAGE_LIMITS = {
  /** Units in one report. */
  perReport: 1_000_000_000,
  /** Units of one metric in one cycle. */
  perCycle: 1_000_000_000,
  /** One metric's line in one cycle, in minor units (100 billion in a two-decimal currency). */
  lineMinor: 10_000_000_000_000,
} as const;

/** Why a report of `quantity` units on top of `soFar` in the cycle is refused, or undefined when accepted. */
export function usageRefusal(soFar: number, quantity: number, unitPriceMinor: number): string | undefined {
  const total = soFar + quantity;
  if (total > USAGE_LIMITS.perCycle) {
    return `this cycle already has ${soFar} units of this metric; at most ${USAGE_LIMITS.perCycle} per cycle`;
  }
  if (total * unitPriceMinor > USAGE_LIMITS.lineMinor) {
    return `${total} units at ${unitPriceMinor} would bill more than ${USAGE_LIMITS.lineMinor} minor units in one cycle`;
  }
  return undefined;
}
