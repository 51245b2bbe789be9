/**
 * An organization's billing reads, for the JSON routes and the portal's pages alike: the overview
 * (balance, plan, next-cycle estimate) and the open top-up orders. One instance per app, so the routes and
 * the pages share one organization cache, one balance reader and one open-order list, and a page reads
 * the database exactly as the routes do (by `_id` only) without going through HTTP.
 */
import { LRUCache } from 'lru-cache';
import type { Config } from '../config';
import { estimateNextCycle } from '../domain/charges';
import { formatMoney } from '../domain/money';
import type { Models } from '../models';
import { createBalanceReader } from '../models/ledger-entry';
import { toOrganizationDto, type OrgDoc } from '../models/organization';
import { createOpenOrderList, toTopUpDto } from '../models/top-up-order';
import { notFound } from './errors';

export type BillingReads = ReturnType<typeof createBillingReads>;
export type BillingOverview = Awaited<ReturnType<BillingReads['overview']>>;
export type TopUpDto = ReturnType<typeof toTopUpDto>;

export function createBillingReads({ models, config }: { models: Models; config: Config }) {
  // The balance is always exact (one lookup past the last head seen); plan, name and status may lag 2 s.
  const readBalance = createBalanceReader(models);
  // Simultaneous misses for one organization share one read; the least recently read go first when full.
  const organizations = new LRUCache<string, OrgDoc>({
    max: 50_000,
    ttl: 2_000,
    fetchMethod: async (orgId) => (await models.Organization.findById(orgId).lean<OrgDoc>()) ?? undefined,
  });
  const openOrderList = createOpenOrderList(models);
  const bankDetails = { bankName: config.SELLER_BANK_NAME, iban: config.SELLER_IBAN, bic: config.SELLER_BIC };
  const toDto = (order: Parameters<typeof toTopUpDto>[0]) => toTopUpDto(order, bankDetails);

  return {
    /** Where the top-up route places new orders, so the open-order reads here know them without a lookup. */
    openOrderList,
    toDto,

    /** GET /v1/organizations/{orgId}/billing's answer: 404 for an unknown organization. */
    async overview(orgId: string) {
      const [org, head] = await Promise.all([organizations.fetch(orgId), readBalance(orgId)]);
      if (!org) throw notFound('organization');
      const balanceMinor = head.balanceMinor;
      const estimate = estimateNextCycle(org);
      const covers = balanceMinor >= estimate.totalMinor;
      const fmt = (amountMinor: number) => formatMoney({ amountMinor, currency: org.currency });
      return {
        organization: toOrganizationDto(org),
        balance: { amountMinor: balanceMinor, currency: org.currency },
        nextCycleEstimate: {
          subtotalMinor: estimate.subtotalMinor,
          vatMinor: estimate.vatMinor,
          totalMinor: estimate.totalMinor,
          currency: estimate.currency,
          lines: estimate.lines.map(({ description, amountMinor }) => ({ description, amountMinor })),
        },
        balanceCoversNextCycle: covers,
        ...(org.defaultPaymentMethod === 'prepaid' && !covers
          ? {
              warning: `The balance of ${fmt(balanceMinor)} will not cover the next billing cycle's estimated ${fmt(estimate.totalMinor)}. Top up at least ${fmt(estimate.totalMinor - balanceMinor)}.`,
            }
          : {}),
      };
    },

    /** The organization's open orders, newest first, as the API shows them. */
    async openOrders(orgId: string): Promise<TopUpDto[]> {
      return (await openOrderList.open(orgId)).map(toDto);
    },
  };
}
