import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { wholeDaysBetween } from '../domain/billing-cycle';
import { computeCycleCharges, type Plan } from '../domain/charges';
import { afterFailedAttempt, assertDunningPolicy, type DunningPolicy } from '../domain/dunning';
import type { Activities } from '../activities';
import { disputeLostSignal, type DisputeLost } from './credit-note-definitions';
import { localFirst } from './local-first';
import {
  balanceCreditedSignal,
  billingStatusQuery,
  cancelBillingUpdate,
  changePlanUpdate,
  pauseBillingUpdate,
  paymentMethodChangedSignal,
  resendInvoiceUpdate,
  resumeBillingUpdate,
  retryCollectionUpdate,
  runCycleNowUpdate,
  searchAttributes,
  writeOffDebtUpdate,
  type BillingCycleInput,
  type BillingDebt,
  type BillingState,
  type BillingStatus,
  type CollectionOutcome,
  type DebtWriteOff,
  type OperatorRequest,
} from './definitions';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_CYCLES_PER_RUN = 12;
/**
 * Runs used to end with every cycle. Now several cycles share a run (fewer workflow tasks and runs at
 * month-end); runs recorded before keep continuing as new after each cycle when replayed.
 */
const SEVERAL_CYCLES_PER_RUN = 'several-cycles-per-run';
const NO_SEARCH_ATTRIBUTES_WHILE_CHARGING = 'no-search-attributes-while-charging';
const CHARGE_LOCALLY_FIRST = 'charge-locally-first';
const CREDIT_WITHOUT_DEBT_CHANGES_NOTHING = 'credit-without-debt-changes-nothing';
/** Runs before it waited for their next date when a credit or new method came in during a collection. */
const RETRY_SIGNALLED_DURING_A_PASS = 'retry-signalled-during-a-pass';
const REFUSALS = ['NotFound', 'InvalidInput', 'Conflict'];
const ms = (duration: string) => msToNumber(duration as never);
const iso = (epochMs: number) => new Date(epochMs).toISOString();
const conflict = (message: string) => ApplicationFailure.nonRetryable(message, 'Conflict');

function requireOperator(request: OperatorRequest | undefined, what: string): void {
  if (!request?.by?.trim() || !request.reason?.trim()) {
    throw ApplicationFailure.nonRetryable(`${what} names who asks (by) and why (reason)`, 'InvalidInput');
  }
}

function validatePlan(plan: Plan | undefined): void {
  const minor = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!plan || !minor(plan.setupFeeMinor) || !minor(plan.monthlyFeeMinor) || !Array.isArray(plan.usagePrices)) {
    throw ApplicationFailure.nonRetryable(
      'plan: setupFeeMinor and monthlyFeeMinor are whole non-negative minor units, usagePrices a list',
      'InvalidInput',
    );
  }
  const metrics = new Set<string>();
  for (const price of plan.usagePrices) {
    if (!price?.metric?.trim() || !price.unit?.trim() || !minor(price.unitPriceMinor) || metrics.has(price.metric)) {
      throw ApplicationFailure.nonRetryable(
        'plan.usagePrices: each needs a distinct metric, a unit and whole non-negative unitPriceMinor',
        'InvalidInput',
      );
    }
    metrics.add(price.metric);
  }
}

/**
 * One organization's billing, for as long as it is a customer. Each cycle:
 *   open the cycle → (warn if the prepaid balance will fall short) → sleep until it ends →
 *   close it (the bill is frozen) → collect it with the default method → final invoice → the next cycle;
 * and after `cyclesPerRun` cycles (a year of months), continue as new.
 * An unpaid cycle is carried as a debt (into later runs too) and retried on the dunning schedule; when the
 * retries are used up the organization is suspended, and it is reactivated once every debt is paid.
 */
export async function billingCycleWorkflow(input: BillingCycleInput): Promise<BillingStatus> {
  const { orgId, settings } = input;
  const activities = proxyActivities<Activities>({
    startToCloseTimeout: settings.activityTimeout as Duration,
    // No attempt limit: a provider outage delays a charge, it never skips or repeats one (keys are per attempt).
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: REFUSALS },
  });
  const {
    openFirstCycle,
    warnIfBalanceShort,
    collectCycle,
    issueFinalInvoice,
    notifyPaymentProblem,
    setBillingStatus,
    writeOffCycle,
    resendFinalInvoice,
    reopenDisputedCycle,
  } = activities;
  // At month-end every organization's cycle closes at once, and nearly every charge takes milliseconds.
  const charge = localFirst(CHARGE_LOCALLY_FIRST, activities, 'chargeCycle', {
    startToCloseTimeout: settings.activityTimeout as Duration,
    refusals: REFUSALS,
  });
  const policy: DunningPolicy = { retryAfterMs: settings.dunning.map(ms), suspendedRetryMs: ms(settings.suspendedRetry) };
  assertDunningPolicy(policy);
  const warnBeforeMs = ms(settings.warnBefore);
  const settleMs = ms(settings.usageSettle);

  let cycle = input.cycle;
  let profile = input.profile;
  const debts: BillingDebt[] = [...(input.debts ?? [])];
  let pendingPlan = input.pendingPlan;
  let paused = input.paused ?? false;
  let suspended = input.suspended ?? false;
  let cancelRequest = input.cancelRequest;
  let warned = input.warned ?? false;
  let cyclesBilled = input.cyclesBilled ?? 0;
  let collecting = false;
  let finished = false;
  /** A cancellation closed the last cycle: no cycle will open again. */
  let lastCycleClosed = input.cancelRequest !== undefined && input.cycle === undefined;
  /** Set by runCycleNow or an immediate cancellation: the current cycle's usage cut-off, instead of its end. */
  let closeRequestedAt: number | undefined;
  /** A credit, a new payment method or ops: try unpaid cycles now rather than on schedule. */
  let retryNow = input.retryNow ?? false;
  let invoiceResends = input.invoiceResends ?? 0;
  // Operator updates acted on by the main loop, between collections (so never two at once on a cycle).
  // The run does not end while one waits: the next run would not know it.
  let operatorRetry = false;
  const writeOffs: { id: number; request: DebtWriteOff }[] = [];
  /** Per write-off: undefined once done, or why it was refused. */
  const writeOffAnswers = new Map<number, ApplicationFailure | undefined>();
  let writeOffsAsked = 0;
  let passesStarted = 0;
  let passesDone = 0;
  /** The run is ending: a handler still waiting for the main loop answers rather than blocks it. */
  let handingOver = false;
  const operatorWaiting = () => operatorRetry || writeOffs.length > 0;
  /** Bumped by every handler, so the main loop's wait wakes to recompute its deadline. */
  let changes = 0;
  const closedCycles = new Set<string>();

  const amountDue = () => debts.reduce((total, debt) => total + debt.totalMinor, 0);
  const daysOverdue = () => (debts.length > 0 ? wholeDaysBetween(Math.min(...debts.map((d) => d.dueAt)), Date.now()) : 0);
  const closeAt = () => (cycle ? (closeRequestedAt ?? Date.parse(cycle.endsAt)) + settleMs : Infinity);
  const state = (): BillingState => {
    if (finished) return 'cancelled';
    if (suspended) return 'suspended';
    if (collecting) return 'collecting';
    if (debts.some((d) => d.lastOutcome === 'insufficient_funds')) return 'awaiting_funds';
    if (debts.length > 0) return 'past_due';
    return paused ? 'paused' : 'active';
  };
  const status = (): BillingStatus => {
    const nextCharge = Math.min(closeAt(), ...debts.map((d) => d.nextAttemptAt));
    const estimate =
      cycle && profile
        ? computeCycleCharges({
            ...profile,
            firstCycle: cycle.first,
            billedDays: cycle.billedDays,
            periodDays: cycle.periodDays,
            usage: {},
          })
        : undefined;
    return {
      orgId,
      state: state(),
      ...(cycle ? { cycle: { id: cycle.id, startsAt: cycle.startsAt, endsAt: cycle.endsAt } } : {}),
      ...(Number.isFinite(nextCharge) ? { nextChargeAt: iso(nextCharge) } : {}),
      ...(estimate
        ? {
            estimate: {
              subtotalMinor: estimate.subtotalMinor,
              vatMinor: estimate.vatMinor,
              totalMinor: estimate.totalMinor,
              currency: estimate.currency,
            },
          }
        : {}),
      amountDueMinor: amountDue(),
      daysOverdue: daysOverdue(),
      debts: debts.map((d) => ({ ...d })),
      ...(profile ? { method: profile.method } : {}),
      paused,
      suspended,
      cancelling: cancelRequest !== undefined,
      ...(pendingPlan ? { pendingPlan } : {}),
      cyclesBilled,
    };
  };

  /** Search attributes, upserted only when they change (each upsert is a history event). */
  function publish(): void {
    const current = workflowInfo().typedSearchAttributes;
    const wanted = [
      { key: searchAttributes.orgId, value: orgId },
      { key: searchAttributes.state, value: state() },
      { key: searchAttributes.amountDue, value: amountDue() },
      { key: searchAttributes.daysOverdue, value: daysOverdue() },
    ] as const;
    const changed = wanted.filter(({ key, value }) => current.get(key as never) !== value);
    if (changed.length > 0) upsertSearchAttributes(changed as never);
  }

  setHandler(billingStatusQuery, status);
  setHandler(balanceCreditedSignal, () => {
    if (debts.length > 0) {
      retryNow = true;
      changes++;
    } else if (!patched(CREDIT_WITHOUT_DEBT_CHANGES_NOTHING)) {
      changes++; // runs recorded before it re-armed their timer for nothing
    }
  });
  // A lost dispute took a payment back: the cycle is owed again and collected with dunning. A new signal
  // that issues commands only when it arrives, so released histories replay unchanged.
  const reopenings: DisputeLost[] = [];
  setHandler(disputeLostSignal, (lost) => {
    reopenings.push(lost);
    changes++;
  });
  setHandler(paymentMethodChangedSignal, (change) => {
    if (profile) profile = { ...profile, method: change.method };
    if (debts.length > 0) retryNow = true;
    changes++;
  });
  setHandler(
    changePlanUpdate,
    (change) => {
      pendingPlan = change.plan;
      changes++;
      return status();
    },
    {
      validator: (change) => {
        requireOperator(change, 'a plan change');
        validatePlan(change.plan);
        if (lastCycleClosed || cancelRequest)
          throw ApplicationFailure.nonRetryable('billing is ending: there is no next cycle for a new plan', 'Conflict');
      },
    },
  );
  setHandler(
    pauseBillingUpdate,
    () => {
      paused = true;
      changes++;
      return status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a pause');
        if (paused) throw ApplicationFailure.nonRetryable('billing is already paused', 'Conflict');
        if (lastCycleClosed) throw ApplicationFailure.nonRetryable('billing is ending', 'Conflict');
      },
    },
  );
  setHandler(
    resumeBillingUpdate,
    () => {
      paused = false;
      changes++;
      return status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a resume');
        if (!paused) throw ApplicationFailure.nonRetryable('billing is not paused', 'Conflict');
      },
    },
  );
  setHandler(
    cancelBillingUpdate,
    (request) => {
      cancelRequest = request;
      if (request.immediately) closeRequestedAt ??= Date.now();
      changes++;
      return status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a cancellation');
        if (cancelRequest || lastCycleClosed) throw ApplicationFailure.nonRetryable('billing is already being cancelled', 'Conflict');
      },
    },
  );
  setHandler(
    runCycleNowUpdate,
    async () => {
      await condition(() => cycle !== undefined); // an update may arrive before the first cycle is open
      const current = cycle!;
      if (Date.parse(current.startsAt) > Date.now()) {
        throw ApplicationFailure.nonRetryable(
          `cycle ${current.id} starts at ${current.startsAt}: it was charged early already`,
          'Conflict',
        );
      }
      closeRequestedAt ??= Date.now();
      changes++;
      await condition(() => closedCycles.has(current.id));
      return status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'running a cycle now');
        if (lastCycleClosed) throw ApplicationFailure.nonRetryable('billing has ended: no cycle to run', 'Conflict');
        if (cycle && Date.parse(cycle.startsAt) > Date.now()) {
          throw ApplicationFailure.nonRetryable(`cycle ${cycle.id} starts at ${cycle.startsAt}: it was charged early already`, 'Conflict');
        }
      },
    },
  );

  setHandler(
    retryCollectionUpdate,
    async () => {
      const pass = passesStarted + 1; // the next pass starts after this request, so it includes it
      retryNow = true;
      operatorRetry = true;
      changes++;
      await condition(() => passesDone >= pass || handingOver);
      if (passesDone < pass) throw conflict('billing moved on to its next run before the retry: send it again');
      return status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a retry');
        if (debts.length === 0) throw conflict('nothing is owed: there is no payment to retry');
      },
    },
  );
  setHandler(
    writeOffDebtUpdate,
    async (request) => {
      const id = ++writeOffsAsked;
      writeOffs.push({ id, request });
      changes++;
      await condition(() => writeOffAnswers.has(id) || handingOver);
      if (!writeOffAnswers.has(id)) throw conflict('billing moved on to its next run before the write-off: send it again');
      const refusal = writeOffAnswers.get(id);
      writeOffAnswers.delete(id);
      if (refusal) throw refusal;
      return status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a write-off');
        if (!debts.some((debt) => debt.cycleId === request.cycleId)) {
          const owed = debts.map((debt) => debt.cycleId).join(', ') || 'none';
          throw ApplicationFailure.nonRetryable(
            `cycleId: cycle ${String(request.cycleId)} is not owed (unpaid cycles: ${owed})`,
            'NotFound',
          );
        }
        if (writeOffs.some((w) => w.request.cycleId === request.cycleId))
          throw conflict(`a write-off of cycle ${request.cycleId} is already under way`);
      },
    },
  );
  setHandler(
    resendInvoiceUpdate,
    async (request) => {
      invoiceResends += 1;
      return await resendFinalInvoice({ orgId, invoiceNumber: request.invoiceNumber, resendNumber: invoiceResends });
    },
    {
      validator: (request) => {
        requireOperator(request, 'a resend');
        if (typeof request.invoiceNumber !== 'string' || !request.invoiceNumber.trim()) {
          throw ApplicationFailure.nonRetryable('invoiceNumber: the final invoice to send again, e.g. INV-2026-000042', 'InvalidInput');
        }
      },
    },
  );

  /**
   * What follows an attempt on a debt: the final invoice when paid; otherwise, for a scheduled attempt, the
   * next date on the dunning schedule and a notice, or suspension once the schedule is used up. An early
   * retry (a credit, a new method) that fails changes nothing in the schedule. Answers whether it was paid.
   */
  async function afterAttempt(debt: BillingDebt, outcome: CollectionOutcome, scheduled: boolean, invoiced = false): Promise<boolean> {
    debt.lastOutcome = outcome;
    if (outcome === 'paid') {
      if (!invoiced) await issueFinalInvoice({ orgId, cycleId: debt.cycleId });
      debts.splice(debts.indexOf(debt), 1);
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
      if (!suspended) {
        suspended = true;
        await setBillingStatus({
          orgId,
          status: 'suspended',
          at: new Date().toISOString(),
          amountDueMinor: amountDue(),
          cycleIds: debts.map((d) => d.cycleId),
        });
      }
    } else {
      await notifyPaymentProblem({
        orgId,
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
  async function afterCollection(): Promise<void> {
    collecting = false;
    if (suspended && debts.length === 0) {
      suspended = false;
      if (!cancelRequest)
        await setBillingStatus({ orgId, status: 'active', at: new Date().toISOString(), amountDueMinor: 0, cycleIds: [] });
    }
    publish();
  }

  /**
   * Tries the unpaid cycles that are due (all of them after a credit or a new method), oldest first, and
   * stops at the first that fails: one notice per pass. (A cycle's own first attempt is made when it closes,
   * whatever older debts wait for their next date.)
   */
  async function collectDue(): Promise<void> {
    const due = debts.filter((debt) => retryNow || debt.nextAttemptAt <= Date.now());
    retryNow = false;
    operatorRetry = false;
    passesStarted += 1;
    for (const debt of due) {
      const scheduled = debt.nextAttemptAt <= Date.now();
      debt.attempts += 1;
      collecting = true;
      publish();
      const { outcome } = await collectCycle({ orgId, cycleId: debt.cycleId, attempt: debt.attempts, at: new Date().toISOString() });
      if (!(await afterAttempt(debt, outcome, scheduled))) break;
    }
    await afterCollection();
    passesDone += 1;
  }

  /** The write-offs ops asked for, one at a time. A payment the provider reports instead is collected at once. */
  async function applyWriteOffs(): Promise<void> {
    while (writeOffs.length > 0) {
      const { id, request } = writeOffs.shift()!;
      const debt = debts.find((d) => d.cycleId === request.cycleId);
      if (!debt) {
        writeOffAnswers.set(id, conflict(`cycle ${request.cycleId} was paid meanwhile: nothing to write off`));
        continue;
      }
      try {
        const { outcome } = await writeOffCycle({
          orgId,
          cycleId: debt.cycleId,
          request: { by: request.by, reason: request.reason },
          at: new Date().toISOString(),
        });
        if (outcome === 'written_off') {
          debts.splice(debts.indexOf(debt), 1);
          writeOffAnswers.set(id, undefined);
        } else {
          retryNow = true; // records the payment and issues its invoice
          const what = outcome === 'paid_at_provider' ? 'succeeded: it is being recorded as paid' : 'is still processing';
          writeOffAnswers.set(id, conflict(`a payment of cycle ${debt.cycleId} at the provider ${what}; not written off`));
        }
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        writeOffAnswers.set(id, error.cause instanceof ApplicationFailure ? error.cause : conflict(error.message));
      }
    }
    await afterCollection();
  }

  /** Freezes the current cycle's bill, opens the next one (unless cancelled), makes the first attempt and, if paid, invoices: one activity. */
  async function closeCurrentCycle(): Promise<void> {
    const closing = cycle!;
    const cutoff = closeRequestedAt ?? Date.parse(closing.endsAt);
    collecting = true;
    // The query shows "collecting"; search attributes change only if the charge leaves something to see: at
    // month-end, a visibility write per organization for a state that lasts a second is not worth it.
    if (!patched(NO_SEARCH_ATTRIBUTES_WHILE_CHARGING)) publish();
    const {
      closed,
      next,
      profile: nextProfile,
      collection,
      invoice,
    } = await charge({
      orgId,
      cycle: closing,
      usageUntil: iso(cutoff),
      closedAt: new Date().toISOString(),
      // Paused, or cancelled at once before it began (it was charged early): nothing to bill for it.
      skip: paused || cutoff <= Date.parse(closing.startsAt),
      pendingPlan,
      last: cancelRequest !== undefined,
      cycleLength: settings.cycle,
    });
    pendingPlan = undefined;
    profile = nextProfile;
    closeRequestedAt = undefined;
    warned = false;
    cycle = next;
    lastCycleClosed = next === undefined;
    if (closed.state === 'due') {
      cyclesBilled += 1;
      const debt: BillingDebt = {
        cycleId: closed.cycleId,
        totalMinor: closed.totalMinor,
        currency: closed.currency,
        dueAt: Date.now(),
        nextAttemptAt: Date.now(),
        attempts: 1,
        scheduledAttempts: 0,
      };
      debts.push(debt);
      await afterAttempt(debt, collection!.outcome, true, invoice !== undefined);
    }
    await afterCollection();
    closedCycles.add(closing.id);
  }

  publish(); // findable by organization in the Temporal UI from its first moment
  if (!cycle && !lastCycleClosed) {
    ({ cycle, profile } = await openFirstCycle({ orgId, cycleLength: settings.cycle, activatedAt: new Date().toISOString() }));
    publish();
  }

  // Only operator updates (added after the first release) make the loop act differently before a run
  // ends, so histories of runs without them replay as they were recorded: no patch is needed.
  let nextCycleOpened = false;
  let cyclesThisRun = 0;
  const cyclesPerRun = settings.cyclesPerRun ?? DEFAULT_CYCLES_PER_RUN;
  for (;;) {
    while (reopenings.length > 0) {
      const lost = reopenings.shift()!;
      if (debts.some((d) => d.cycleId === lost.cycleId)) continue;
      const reopened = await reopenDisputedCycle({ orgId, cycleId: lost.cycleId, disputeId: lost.disputeId });
      if (reopened) debts.push({ ...reopened, dueAt: Date.now(), nextAttemptAt: Date.now(), scheduledAttempts: 0 });
    }
    if (writeOffs.length > 0) await applyWriteOffs();
    if (retryNow || debts.some((debt) => debt.nextAttemptAt <= Date.now())) await collectDue();
    if (nextCycleOpened && !operatorWaiting()) break;

    if (cycle && !nextCycleOpened && Date.now() >= closeAt()) {
      await closeCurrentCycle();
      cyclesThisRun += 1;
      if (cycle && !(cyclesThisRun < cyclesPerRun && patched(SEVERAL_CYCLES_PER_RUN))) {
        if (!operatorWaiting()) break; // the next cycle is a new run
        nextCycleOpened = true; // …once the operator's request that came in meanwhile is acted on
        continue;
      }
    }
    if (!cycle && debts.length === 0 && !operatorWaiting()) {
      // Cancelled, and nothing is owed any more.
      await setBillingStatus({ orgId, status: 'cancelled', at: new Date().toISOString(), amountDueMinor: 0, cycleIds: [...closedCycles] });
      finished = true;
      publish();
      handingOver = true;
      await condition(allHandlersFinished);
      return status();
    }

    if (cycle && !warned && Date.now() >= Date.parse(cycle.endsAt) - warnBeforeMs) {
      warned = true;
      if (profile?.method === 'prepaid')
        await warnIfBalanceShort({ orgId, cycle, outstandingMinor: amountDue(), at: new Date().toISOString() });
    }
    // A long dunning with many signals: the same cycle in a fresh run (not while a close is requested: it is not carried).
    if (workflowInfo().continueAsNewSuggested && closeRequestedAt === undefined && !operatorWaiting()) break;
    if (operatorWaiting()) continue; // asked for while this pass ran
    // A credit or a new method that arrived during this pass (its signal already counted in `changes`).
    if (retryNow && patched(RETRY_SIGNALLED_DURING_A_PASS)) continue;

    const overdueTick = debts.length > 0 ? Math.min(...debts.map((d) => d.dueAt)) + (daysOverdue() + 1) * DAY_MS : Infinity;
    const warnAt = cycle && !warned ? Date.parse(cycle.endsAt) - warnBeforeMs : Infinity;
    const wakeAt = Math.min(closeAt(), warnAt, overdueTick, ...debts.map((d) => d.nextAttemptAt));
    const seen = changes;
    publish();
    await condition(() => changes !== seen, Math.max(wakeAt - Date.now(), 1));
  }

  handingOver = true;
  await condition(allHandlersFinished);
  return continueAsNew<typeof billingCycleWorkflow>({
    orgId,
    settings,
    cycle,
    profile,
    debts,
    pendingPlan,
    paused,
    suspended,
    cancelRequest,
    warned,
    cyclesBilled,
    ...(retryNow ? { retryNow } : {}),
    ...(invoiceResends > 0 ? { invoiceResends } : {}),
  });
}
