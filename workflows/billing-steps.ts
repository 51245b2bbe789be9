/**
 * The billing workflow's steps (domain/billing-plan.ts chooses which): each runs its activities and records
 * the outcome on the account. Every collection is one activity that also issues the final invoice when it
 * pays, the month-end one (chargeCycle: the close and the first attempt) included.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
} from '@temporalio/workflow';
import { durationMs } from '../domain/duration';
import { afterFailedAttempt } from '../domain/dunning';
import { BillingFailure, FailureType } from '../domain/errors';
import type { Activities } from '../activities';
import type { AttemptResult } from '../activities/charge-cycle';
import { conflict, type BillingAccount } from './billing-account';
import type { billingCycleWorkflow } from './billing-cycle';
import type { BillingCycleInput, BillingDebt, BillingSettings, BillingStatus } from './definitions';
import { localFirst } from './local-first';
import {
  CHARGE_LOCALLY_FIRST,
  NO_SEARCH_ATTRIBUTES_WHILE_CHARGING,
  RETRY_SIGNALLED_DURING_A_PASS,
  SEVERAL_CYCLES_PER_RUN,
  type PatchCheck,
} from './billing-patches';

const REFUSALS: string[] = [...Object.values(FailureType), BillingFailure.CycleUnbillable];
const iso = (epochMs: number) => new Date(epochMs).toISOString();
const now = () => new Date().toISOString();
/** The refusal an activity answered, if it was one of `types`. */
const refusalOf = (error: unknown, types: string[]) =>
  error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && types.includes(error.cause.type ?? '')
    ? error.cause
    : undefined;

function billingActivities(settings: BillingSettings, isPatched: PatchCheck) {
  const startToCloseTimeout = durationMs(settings.activityTimeout);
  const activities = proxyActivities<Activities>({
    startToCloseTimeout,
    // No attempt limit: a provider outage delays a charge, it never skips or repeats one (keys are per attempt).
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: REFUSALS },
  });
  // At month-end every organization's cycle closes at once, and nearly every charge takes milliseconds.
  const chargeCycle = localFirst(CHARGE_LOCALLY_FIRST, activities, 'chargeCycle', {
    startToCloseTimeout,
    refusals: REFUSALS,
    isPatched,
  });
  return { activities, chargeCycle };
}

export class BillingSteps {
  private readonly activities: Activities;
  private readonly chargeCycle: Activities['chargeCycle'];

  constructor(
    private readonly account: BillingAccount,
    private readonly settings: BillingSettings,
  ) {
    ({ activities: this.activities, chargeCycle: this.chargeCycle } = billingActivities(settings, account.patched));
  }

  get resendFinalInvoice() {
    return this.activities.resendFinalInvoice;
  }

  async openFirstCycle(): Promise<void> {
    const { account } = this;
    ({ cycle: account.cycle, profile: account.profile } = await this.activities.openFirstCycle({
      orgId: account.orgId,
      cycleLength: this.settings.cycle,
      activatedAt: now(),
    }));
    account.publish();
  }

  /** The organization's profile and default method, as the API and the set-ups asked, one write at a time. */
  async recordOrganizationChanges(): Promise<void> {
    const { account } = this;
    while (account.organizationChanges.length > 0) {
      const { id, awaited, ...change } = account.organizationChanges.shift()!;
      let refusal: ApplicationFailure | undefined;
      try {
        ({ profile: account.profile } = await this.activities.recordOrganizationChange({ orgId: account.orgId, ...change }));
      } catch (error) {
        refusal = refusalOf(error, REFUSALS);
        if (!refusal) throw error;
      }
      if (awaited) account.answers.set(id, refusal);
      else if (refusal) log.warn('a signalled organization change was not recorded', { orgId: account.orgId, reason: refusal.message });
    }
  }

  /** Each cycle a lost dispute took the payment of is owed again, from now, on the dunning schedule. */
  async reopenDisputedCycles(): Promise<void> {
    const { account } = this;
    while (account.disputesLost.length > 0) {
      const lost = account.disputesLost.shift()!;
      if (account.debts.some((debt) => debt.cycleId === lost.cycleId)) continue;
      const reopened = await this.activities.reopenDisputedCycle({
        orgId: account.orgId,
        cycleId: lost.cycleId,
        disputeId: lost.disputeId,
      });
      if (reopened) account.debts.push({ ...reopened, dueAt: Date.now(), nextAttemptAt: Date.now(), scheduledAttempts: 0 });
    }
    account.publish();
  }

  /**
   * Tries the unpaid cycles that are due (all of them after a credit or a new method), oldest first, and
   * stops at the first that fails: one notice per pass. (A cycle's own first attempt is made when it closes,
   * whatever older debts wait for their next date.)
   */
  async collectDue(): Promise<void> {
    const { account } = this;
    const due = account.debts.filter((debt) => account.retryNow || debt.nextAttemptAt <= Date.now());
    account.retryNow = false;
    account.operatorRetry = false;
    account.passesStarted += 1;
    for (const debt of due) {
      const scheduled = debt.nextAttemptAt <= Date.now();
      debt.attempts += 1;
      account.collecting = true;
      account.publish();
      const result = await this.activities.collectCycle({ orgId: account.orgId, cycleId: debt.cycleId, attempt: debt.attempts, at: now() });
      if (!(await this.afterAttempt(debt, result, scheduled))) break;
    }
    await this.afterCollection();
    account.passesDone += 1;
    this.holdRetryForOlderRuns();
  }

  /** The write-offs ops asked for, one at a time. A payment the provider reports instead is collected at once. */
  async applyWriteOffs(): Promise<void> {
    const { account } = this;
    while (account.writeOffs.length > 0) {
      const { id, request } = account.writeOffs.shift()!;
      const debt = account.debts.find((d) => d.cycleId === request.cycleId);
      if (!debt) {
        account.answers.set(id, conflict(`cycle ${request.cycleId} was paid meanwhile: nothing to write off`));
        continue;
      }
      try {
        const { outcome } = await this.activities.writeOffCycle({
          orgId: account.orgId,
          cycleId: debt.cycleId,
          request: { by: request.by, reason: request.reason },
          at: now(),
        });
        if (outcome === 'written_off') {
          account.debts.splice(account.debts.indexOf(debt), 1);
          account.answers.set(id, undefined);
        } else {
          account.retryNow = true; // records the payment and issues its invoice
          const what = outcome === 'paid_at_provider' ? 'succeeded: it is being recorded as paid' : 'is still processing';
          account.answers.set(id, conflict(`a payment of cycle ${debt.cycleId} at the provider ${what}; not written off`));
        }
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        account.answers.set(id, error.cause instanceof ApplicationFailure ? error.cause : conflict(error.message));
      }
    }
    await this.afterCollection();
  }

  /**
   * Freezes the current cycle's bill, opens the next one (unless cancelled), and makes the first attempt:
   * one activity. A bill that cannot be computed parks the cycle for ops instead of retrying for ever.
   */
  async closeCurrentCycle(): Promise<void> {
    const { account } = this;
    const closing = account.cycle!;
    const cutoff = account.closeRequestedAt ?? Date.parse(closing.endsAt);
    account.closesTried += 1;
    account.collecting = true;
    // The query shows "collecting"; search attributes change only if the charge leaves something to see: at
    // month-end, a visibility write per organization for a state that lasts a second is not worth it.
    if (!account.patched(NO_SEARCH_ATTRIBUTES_WHILE_CHARGING)) account.publish();
    let charged: Awaited<ReturnType<Activities['chargeCycle']>>;
    try {
      charged = await this.chargeCycle({
        orgId: account.orgId,
        cycle: closing,
        usageUntil: iso(cutoff),
        closedAt: now(),
        // Paused, or cancelled at once before it began (it was charged early): nothing to bill for it.
        skip: account.paused || cutoff <= Date.parse(closing.startsAt),
        pendingPlan: account.pendingPlan,
        last: account.cancelRequest !== undefined,
        cycleLength: this.settings.cycle,
      });
    } catch (error) {
      const refusal = refusalOf(error, [BillingFailure.CycleUnbillable]);
      if (!refusal) throw error;
      account.parked = { cycleId: closing.id, reason: refusal.message, at: now() };
      account.collecting = false;
      account.publish();
      return;
    }
    const { closed, next, profile, collection } = charged;
    account.pendingPlan = undefined;
    account.profile = profile;
    account.closeRequestedAt = undefined;
    account.warned = false;
    account.cycle = next;
    account.lastCycleClosed = next === undefined;
    if (closed.state === 'due') {
      account.cyclesBilled += 1;
      const debt: BillingDebt = {
        cycleId: closed.cycleId,
        totalMinor: closed.totalMinor,
        currency: closed.currency,
        dueAt: Date.now(),
        nextAttemptAt: Date.now(),
        attempts: 1,
        scheduledAttempts: 0,
      };
      account.debts.push(debt);
      // Charges recorded before the attempt carried its invoice have it beside the attempt.
      const legacyInvoice = (charged as { invoice?: AttemptResult['invoice'] }).invoice;
      await this.afterAttempt(debt, { ...collection!, invoice: collection!.invoice ?? legacyInvoice }, true);
    }
    await this.afterCollection();
    account.closedCycles.add(closing.id);
    account.cyclesThisRun += 1;
    if (account.cycle && !(account.cyclesThisRun < account.cyclesPerRun && account.patched(SEVERAL_CYCLES_PER_RUN))) {
      account.runComplete = account.operatorWaiting() ? 'after-requests' : 'now'; // the next cycle is a new run
    } else {
      this.holdRetryForOlderRuns();
    }
  }

  async warn(): Promise<void> {
    const { account } = this;
    account.warned = true;
    if (account.profile?.method === 'prepaid') {
      await this.activities.warnIfBalanceShort({
        orgId: account.orgId,
        cycle: account.cycle!,
        outstandingMinor: account.amountDue(),
        at: now(),
      });
    }
    this.holdRetryForOlderRuns();
  }

  async waitUntil(until: number): Promise<void> {
    const { account } = this;
    const seen = account.changes;
    account.publish();
    const changed = () => account.changes !== seen;
    if (Number.isFinite(until)) await condition(changed, Math.max(until - Date.now(), 1));
    else await condition(changed);
    account.retryHeld = false;
  }

  /** Cancelled, and nothing is owed any more. */
  async finish(): Promise<BillingStatus> {
    const { account } = this;
    const cycleIds = [...account.closedCycles];
    await this.activities.setBillingStatus({ orgId: account.orgId, status: 'cancelled', at: now(), amountDueMinor: 0, cycleIds });
    account.finished = true;
    account.publish();
    await this.handOver();
    return account.status();
  }

  async continueAsNew(): Promise<never> {
    await this.handOver();
    return continueAsNew<typeof billingCycleWorkflow>(this.account.toContinueAsNew(this.settings) as BillingCycleInput);
  }

  private async handOver(): Promise<void> {
    this.account.handingOver = true;
    await condition(allHandlersFinished);
  }

  /** A credit or a new method that arrived during this step: runs recorded before it waited for their next wake-up. */
  private holdRetryForOlderRuns(): void {
    const { account } = this;
    if (account.retryNow && !account.operatorWaiting() && !account.patched(RETRY_SIGNALLED_DURING_A_PASS)) account.retryHeld = true;
  }

  /**
   * What follows an attempt on a debt: nothing more when paid (the attempt issued the final invoice);
   * otherwise, for a scheduled attempt, the next date on the dunning schedule and a notice, or suspension
   * once the schedule is used up. An early retry (a credit, a new method) that fails changes nothing in the
   * schedule. Answers whether it was paid.
   */
  private async afterAttempt(debt: BillingDebt, result: AttemptResult, scheduled: boolean): Promise<boolean> {
    const { account } = this;
    const { policy } = account;
    const { outcome } = result;
    debt.lastOutcome = outcome;
    if (outcome === 'paid') {
      // Attempts recorded before an attempt issued its invoice were followed by the invoice as a step of its own.
      if (!result.invoice) await this.activities.issueFinalInvoice({ orgId: account.orgId, cycleId: debt.cycleId });
      account.debts.splice(account.debts.indexOf(debt), 1);
      return true;
    }
    if (outcome === 'pending') {
      // The provider is still deciding (PayPal review, a processing card): look again later, no notice.
      debt.nextAttemptAt = Date.now() + Math.min(policy.retryAfterMs[0] ?? policy.suspendedRetryMs, policy.suspendedRetryMs);
      return false;
    }
    if (!scheduled) return false;
    debt.scheduledAttempts += 1;
    const step = afterFailedAttempt({ dueAt: debt.dueAt, scheduledAttemptsMade: debt.scheduledAttempts, policy, now: Date.now() });
    debt.nextAttemptAt = step.nextAttemptAt;
    if (step.suspend) {
      if (!account.suspended) {
        account.suspended = true;
        const cycleIds = account.debts.map((d) => d.cycleId);
        await this.activities.setBillingStatus({
          orgId: account.orgId,
          status: 'suspended',
          at: now(),
          amountDueMinor: account.amountDue(),
          cycleIds,
        });
      }
    } else {
      await this.activities.notifyPaymentProblem({
        orgId: account.orgId,
        cycleId: debt.cycleId,
        attempt: debt.attempts,
        outcome,
        noticeNumber: debt.scheduledAttempts,
        nextAttemptAt: iso(step.nextAttemptAt),
        finalNotice: debt.scheduledAttempts === policy.retryAfterMs.length,
      });
    }
    return false;
  }

  /** Once nothing is owed, a suspended organization is active again (unless it is leaving). */
  private async afterCollection(): Promise<void> {
    const { account } = this;
    account.collecting = false;
    if (account.suspended && account.debts.length === 0) {
      account.suspended = false;
      if (!account.cancelRequest) {
        await this.activities.setBillingStatus({ orgId: account.orgId, status: 'active', at: now(), amountDueMinor: 0, cycleIds: [] });
      }
    }
    account.publish();
  }
}
