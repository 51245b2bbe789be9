/**
 * What an invoice was really paid, net of chargebacks: the money a refund may give back.
 *
 * A final invoice is issued when its billing cycle is paid, for the cycle's total. Each distinct payment a
 * paid attempt of the cycle records (a PaymentIntent, a PayPal capture, a ledger debit) collected that total
 * once; a lost dispute (a Stripe dispute lost, a PayPal reversal) took its amount back at the provider. A
 * cycle whose lost dispute reopened the debt and was collected again has two payments and one chargeback, so
 * it is paid once; one written off (or reopened and not collected yet) is paid nothing.
 *
 *   net paid = collected − charged back (never below zero)
 */

export interface PaidCycle {
  state: string;
  attempts?: readonly { n: number; outcome?: string; providerRef?: string; captureRef?: string }[];
}

export interface NetPaid {
  /** The invoice's total times the payments that collected it. */
  collectedMinor: number;
  /** What lost disputes took back. */
  chargedBackMinor: number;
  netMinor: number;
}

/**
 * `cycle` is the invoice's billing cycle (undefined: an invoice of no cycle, paid its total once);
 * `lostDisputes` the amounts of its lost disputes.
 */
export function netPaid(totalMinor: number, cycle: PaidCycle | undefined, lostDisputes: readonly { amountMinor: number }[]): NetPaid {
  let payments = 1;
  if (cycle) {
    const refs = new Set((cycle.attempts ?? []).filter((a) => a.outcome === 'paid').map((a) => a.captureRef ?? a.providerRef ?? `#${a.n}`));
    // A zero total is settled with no payment at all.
    payments = Math.max(refs.size, cycle.state === 'paid' ? 1 : 0);
  }
  const collectedMinor = totalMinor * payments;
  const chargedBackMinor = lostDisputes.reduce((acc, d) => acc + d.amountMinor, 0);
  return { collectedMinor, chargedBackMinor, netMinor: Math.max(0, collectedMinor - chargedBackMinor) };
}

/** "2500 paid net (5000 collected, 2500 charged back)" for refusals and breaches. */
export const describeNetPaid = (paid: NetPaid) =>
  paid.chargedBackMinor > 0
    ? `${paid.netMinor} paid net (${paid.collectedMinor} collected, ${paid.chargedBackMinor} charged back)`
    : `${paid.netMinor} paid`;
