/**
 * Month-long billing on the time-skipping test server: a calendar month in the organization's time zone,
 * the first partial month prorated with the setup fee, the low-balance warning days before the end, a
 * prepaid balance that stays short through dunning to suspension, a top-up that pays and reactivates, and
 * the next month billed in full in the next run.
 *
 * Usage is reported before the first close only: the API stamps it with real time, which the skipped
 * clock leaves behind, so later cycles would not see it.
 */
import { daysInMonth, localDateTime } from '../../domain/billing-cycle';
import { applyBasisPoints, prorate } from '../../domain/money';
import { checkBooks } from '../../scripts/check-books';
import { billingWorkflowId, searchAttributes } from '../../workflows/definitions';
import { billingStatus, cycles, outboxKeys, topUp } from '../helpers/billing';
import { eventually } from '../helpers/engine';
import { startTimeSkippingEngine, type TimeSkippingEngine } from '../helpers/time-skipping';

const DAY = 24 * 60 * 60 * 1000;
const TZ = 'Europe/Brussels';

let engine: TimeSkippingEngine;
beforeAll(async () => {
  engine = await startTimeSkippingEngine({
    BILLING_START_ON_ACTIVATION: 'true',
    BILLING_CYCLE: 'calendar-month',
    BILLING_WARN_BEFORE: '3 days',
    BILLING_USAGE_SETTLE: '5 minutes',
    BILLING_DUNNING: '1 day,3 days',
    BILLING_SUSPENDED_RETRY: '7 days',
    BILLING_ACTIVITY_TIMEOUT: '30 seconds',
  });
});
afterAll(async () => {
  expect((await checkBooks(engine.models)).breaches).toEqual([]);
  await engine?.stop();
});

/** Skips the server's clock to `target` (epoch ms), and lets the workflow catch up. */
async function skipTo(target: number): Promise<void> {
  const now = await engine.env.currentTimeMs();
  if (target > now) await engine.env.sleep(target - now);
}

const attributes = async (orgId: string) =>
  (await engine.client.workflow.getHandle(billingWorkflowId(orgId)).describe()).typedSearchAttributes;

it('prorates the first month with the setup fee, warns, duns to suspension, reactivates on payment, then bills a full month', async () => {
  // Activate on the 25th of next month, noon in Brussels, so the first cycle is a known partial month.
  const start = localDateTime(await engine.env.currentTimeMs(), TZ);
  const year = start.month === 12 ? start.year + 1 : start.year;
  const month = start.month === 12 ? 1 : start.month + 1;
  await skipTo(Date.UTC(year, month - 1, 25, 11));

  const { orgId, key } = await engine.createOrganization({
    timeZone: TZ,
    plan: { setupFeeMinor: 10000, monthlyFeeMinor: 3000, usagePrices: [{ metric: 'seats', unit: 'seat', unitPriceMinor: 300 }] },
  });
  expect(
    (await engine.call('POST', `/v1/organizations/${orgId}/usage`, { key, body: { usageId: 'seats-nov', metric: 'seats', quantity: 2 } }))
      .status,
  ).toBe(201);
  const opened = await eventually(async () => (await billingStatus(engine, orgId)).cycle);
  const days = daysInMonth(year, month);
  expect(opened.id).toBe(`${year}-${String(month).padStart(2, '0')}`);
  const endsAt = Date.parse(opened.endsAt);
  expect(localDateTime(endsAt, TZ)).toMatchObject({ day: 1, hour: 0, minute: 0 });

  // Three days before the end, the prepaid balance (empty) will not cover the estimate.
  await skipTo(endsAt - 3 * DAY + 60_000);
  await eventually(async () => (await outboxKeys(engine, orgId)).includes(`low-balance:${orgId}:${opened.id}`));
  const warning = await engine.models.OutboxEmail.findById(`low-balance:${orgId}:${opened.id}`).lean();
  expect(warning!.text).toMatch(/ensure the top-up amount is sufficient for the next billing cycle/);

  // The cycle closes (after the usage settle time) and cannot be collected: the first notice.
  await skipTo(endsAt + 6 * 60_000);
  const [first] = await eventually(async () => {
    const all = await cycles(engine, orgId);
    return all[0]?.state === 'due' && all[0].attempts?.length ? all : undefined;
  });
  const monthly = prorate(3000, days - 24, days);
  expect(first.lines!.map((l) => [l.description, l.amountMinor])).toEqual([
    ['One-time setup fee', 10000],
    [`Monthly service fee, prorated ${days - 24}/${days} days`, monthly],
    ['seats (seat)', 600],
  ]);
  const total = first.totalMinor!;
  const base = 10000 + monthly + 600;
  expect(total).toBe(base + applyBasisPoints(base, 2100));
  await eventually(async () => (await outboxKeys(engine, orgId)).includes(`payment-problem:${orgId}:${opened.id}:1`));
  expect((await attributes(orgId)).get(searchAttributes.state)).toBe('awaiting_funds');
  expect((await attributes(orgId)).get(searchAttributes.amountDue)).toBe(total);

  // A day later the retry fails: a reminder that warns of suspension.
  await skipTo(endsAt + DAY + 6 * 60_000);
  await eventually(async () => (await outboxKeys(engine, orgId)).includes(`payment-problem:${orgId}:${opened.id}:2`));
  const reminder = await engine.models.OutboxEmail.findById(`payment-problem:${orgId}:${opened.id}:2`).lean();
  expect(reminder!.subject).toMatch(/^Reminder 1: Please top up/);
  expect(reminder!.text).toMatch(/will be suspended/);

  // Three days after the due date the last retry fails: suspended, visible in the API.
  await skipTo(endsAt + 3 * DAY + 6 * 60_000);
  await eventually(
    async () => (await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key })).json.organization.status === 'suspended',
  );
  expect(await outboxKeys(engine, orgId)).toEqual(
    expect.arrayContaining([expect.stringMatching(new RegExp(`^account-suspended:${orgId}:`))]),
  );
  await eventually(async () => (await attributes(orgId)).get(searchAttributes.state) === 'suspended');
  expect((await attributes(orgId)).get(searchAttributes.daysOverdue)).toBe(3);
  expect(await billingStatus(engine, orgId)).toMatchObject({ state: 'suspended', suspended: true, amountDueMinor: total, daysOverdue: 3 });

  // The customer tops up enough for this debt and next month: paid at once, reactivated.
  await topUp(engine, orgId, key, total + 3630);
  await eventually(
    async () => (await engine.call('GET', `/v1/organizations/${orgId}/billing`, { key })).json.organization.status === 'active',
  );
  const paid = (await cycles(engine, orgId))[0];
  expect(paid).toMatchObject({ state: 'paid', paidWith: 'prepaid' });
  expect(paid.attempts!.map((a) => a.outcome)).toEqual(['insufficient_funds', 'insufficient_funds', 'insufficient_funds', 'paid']);
  expect(await outboxKeys(engine, orgId)).toEqual(
    expect.arrayContaining([`final-invoice:${orgId}:${opened.id}`, expect.stringMatching(/^account-active:/)]),
  );
  await eventually(async () => (await attributes(orgId)).get(searchAttributes.state) === 'active');

  // The next month: full fee, no setup fee, paid from the balance on the 1st, in a run of its own.
  const second = (await cycles(engine, orgId))[1];
  expect(second).toMatchObject({ state: 'open', first: false, billedDays: second.periodDays });
  await skipTo(Date.parse(second.endsAt as unknown as string) + 6 * 60_000);
  const both = await eventually(async () => {
    const all = await cycles(engine, orgId);
    return all[1]?.state === 'paid' && all[1].invoiceNumber ? all : undefined;
  });
  expect(both[1].lines!.map((l) => [l.description, l.amountMinor])).toEqual([['Monthly service fee', 3000]]);
  expect(both[1].totalMinor).toBe(3630);
  expect(both[0].invoiceNumber).not.toBe(both[1].invoiceNumber); // gapless per series and year: scripts/check-books.ts
  expect(await billingStatus(engine, orgId)).toMatchObject({ state: 'active', cyclesBilled: 2, amountDueMinor: 0 });
});
