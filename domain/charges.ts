import { computeInvoiceTotals, type InvoiceLineInput, type InvoiceTotals } from './invoice-totals';
import type { Currency } from './money';

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
export function estimateNextCycle(
  org: BillableOrganization,
  expectedUsage: Readonly<Record<string, number>> = {},
): InvoiceTotals {
  const lines: InvoiceLineInput[] = [];
  if (!org.setupFeeCharged && org.plan.setupFeeMinor > 0) {
    lines.push({ description: 'One-time setup fee', quantity: 1, unitPriceMinor: org.plan.setupFeeMinor, vatRateBp: org.vatRateBp });
  }
  lines.push({ description: 'Monthly service fee', quantity: 1, unitPriceMinor: org.plan.monthlyFeeMinor, vatRateBp: org.vatRateBp });
  for (const price of org.plan.usagePrices) {
    const quantity = expectedUsage[price.metric] ?? 0;
    if (quantity > 0) {
      lines.push({ description: `${price.metric} (${price.unit})`, quantity, unitPriceMinor: price.unitPriceMinor, vatRateBp: org.vatRateBp });
    }
  }
  return computeInvoiceTotals(org.currency, lines);
}
