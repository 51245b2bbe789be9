/**
 * The billing workflow's state across a hand-over (continue-as-new), without Temporal: what a run carries is
 * what the next one plans with. A "run now" accepted while a run hands over must not be lost (or block the
 * hand-over): the close it asked for is carried and is the next run's first step.
 */
import { nextStep } from '../../domain/billing-plan';
import { BillingAccount } from '../../workflows/billing-account';
import { BILLING_PATCHES } from '../../workflows/billing-patches';
import type { BillingCycleInput } from '../../workflows/definitions';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const input: BillingCycleInput = {
  orgId: 'org_1',
  settings: {
    cycle: '1 hour',
    warnBefore: '1 minute',
    usageSettle: '5 minutes',
    dunning: ['1 hour', '2 hours'],
    suspendedRetry: '1 day',
    activityTimeout: '10 seconds',
    cyclesPerRun: 1,
  },
  cycle: {
    id: '2026-11-30T11',
    startsAt: '2026-11-30T11:30:00.000Z',
    endsAt: '2026-11-30T12:30:00.000Z',
    billedDays: 1,
    periodDays: 1,
    first: false,
    usageFrom: '2026-11-30T11:30:00.000Z',
  },
  warned: true,
  // A run handed on by this code: it asks Temporal for no patch (this test runs outside a workflow).
  builtInPatches: BILLING_PATCHES,
};

it('carries a close asked for during the hand-over to the next run, which closes the cycle first', () => {
  const handingOver = new BillingAccount(input);
  handingOver.runComplete = 'now';
  handingOver.closeRequestedAt = NOW; // "run now", accepted while the run hands over
  expect(nextStep(handingOver.planState(false), NOW).kind).toBe('continue-as-new');

  const carriedOn = handingOver.toContinueAsNew(input.settings);
  expect(carriedOn.builtInPatches).toEqual(BILLING_PATCHES);
  const next = new BillingAccount(carriedOn);
  expect(next.closeAt()).toBe(NOW + 5 * 60 * 1000); // the cut-off asked for, plus the usage settle time
  expect(nextStep(next.planState(false), NOW + 5 * 60 * 1000).kind).toBe('close-cycle');
});

it('carries a signalled default-method change that was not recorded yet, and a parked cycle', () => {
  const handingOver = new BillingAccount(input);
  handingOver.organizationChanges.push({ id: 1, defaultMethod: { method: 'prepaid' }, awaited: false });
  handingOver.organizationChanges.push({ id: 2, profile: { name: 'told to send again' }, awaited: true });
  handingOver.parked = { cycleId: input.cycle!.id, reason: 'overflow', at: new Date(NOW).toISOString() };
  const carried = handingOver.toContinueAsNew(input.settings);
  expect(carried.organizationChanges).toEqual([{ defaultMethod: { method: 'prepaid' } }]);

  const next = new BillingAccount(carried);
  expect(nextStep(next.planState(false), NOW).kind).toBe('record-organization-changes');
  expect(next.state()).toBe('parked');
  expect(next.status().nextChargeAt).toBeUndefined(); // a parked close is not a scheduled charge
});
