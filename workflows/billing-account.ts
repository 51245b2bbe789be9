/**
 * One organization's billing state, as its billing workflow holds it: what is owed, the open cycle, and the
 * requests waiting for the main loop. Handlers (workflows/billing-handlers.ts) change it, steps
 * (workflows/billing-steps.ts) act on it, and domain/billing-plan.ts reads it to choose the next step.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { ApplicationFailure, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { BillingPlanState } from '../domain/billing-plan';
import { wholeDaysBetween } from '../domain/billing-cycle';
import { computeCycleCharges, type Plan } from '../domain/charges';
import { assertDunningPolicy, type DunningPolicy } from '../domain/dunning';
import { FailureType } from '../domain/errors';
import {
  searchAttributes,
  type BillingCycleInput,
  type BillingDebt,
  type BillingProfile,
  type BillingState,
  type BillingStatus,
  type CancelBillingRequest,
  type DebtWriteOff,
  type OpenCycle,
  type OrganizationChangeRecord,
  type ParkedCycle,
} from './definitions';
import { durationMs } from '../domain/duration';
import type { DisputeLost } from './credit-note-definitions';
import { BILLING_PATCHES, billingPatchCheck, type PatchCheck } from './billing-patches';

const DEFAULT_CYCLES_PER_RUN = 12;
const iso = (epochMs: number) => new Date(epochMs).toISOString();
export const conflict = (message: string) => ApplicationFailure.nonRetryable(message, FailureType.Conflict);

/** A change the organization records through this workflow, and whether a handler waits for its answer. */
export interface OrganizationChangeRequest extends OrganizationChangeRecord {
  id: number;
  awaited: boolean;
}

export class BillingAccount {
  readonly orgId: string;
  readonly policy: DunningPolicy;
  readonly warnBeforeMs: number;
  readonly settleMs: number;
  readonly cyclesPerRun: number;
  /** Whether this run takes a patch's branch; decided at its start (workflows/billing-patches.ts). */
  readonly patched: PatchCheck;

  cycle: OpenCycle | undefined;
  profile: BillingProfile | undefined;
  readonly debts: BillingDebt[];
  pendingPlan: Plan | undefined;
  paused: boolean;
  suspended: boolean;
  cancelRequest: CancelBillingRequest | undefined;
  /** The low-balance warning for `cycle` went out. */
  warned: boolean;
  cyclesBilled: number;
  invoiceResends: number;
  /** A cancellation closed the last cycle: no cycle will open again. */
  lastCycleClosed: boolean;
  /** Set by runCycleNow or an immediate cancellation: the current cycle's usage cut-off, instead of its end. */
  closeRequestedAt: number | undefined;
  /** A credit, a new payment method or ops: try unpaid cycles now rather than on schedule. */
  retryNow: boolean;
  parked: ParkedCycle | undefined;
  collecting = false;
  finished = false;

  // Requests acted on by the main loop, between collections (so never two at once on a cycle, and one
  // writer of the organization). The run does not end while one waits: the next run would not know it.
  operatorRetry = false;
  readonly writeOffs: { id: number; request: DebtWriteOff }[] = [];
  /** Per request id: undefined once done, or why it was refused. */
  readonly answers = new Map<number, ApplicationFailure | undefined>();
  readonly organizationChanges: OrganizationChangeRequest[] = [];
  readonly disputesLost: DisputeLost[] = [];
  private requestsAsked = 0;

  passesStarted = 0;
  passesDone = 0;
  closesTried = 0;
  cyclesThisRun = 0;
  readonly closedCycles = new Set<string>();
  runComplete: 'now' | 'after-requests' | undefined;
  /**
   * Runs recorded before a credit signalled during a pass was acted on at once wait for their next wake-up
   * instead (the retry-signalled-during-a-pass patch).
   */
  retryHeld = false;
  /** The run is ending: a handler still waiting for the main loop answers rather than blocks it. */
  handingOver = false;
  /** Bumped by every handler, so the main loop's wait wakes to recompute its deadline. */
  changes = 0;

  constructor(input: BillingCycleInput) {
    const { settings } = input;
    this.patched = billingPatchCheck(input.builtInPatches);
    this.orgId = input.orgId;
    this.policy = { retryAfterMs: settings.dunning.map(durationMs), suspendedRetryMs: durationMs(settings.suspendedRetry) };
    assertDunningPolicy(this.policy);
    this.warnBeforeMs = durationMs(settings.warnBefore);
    this.settleMs = durationMs(settings.usageSettle);
    this.cyclesPerRun = settings.cyclesPerRun ?? DEFAULT_CYCLES_PER_RUN;
    this.cycle = input.cycle;
    this.profile = input.profile;
    this.debts = [...(input.debts ?? [])];
    this.pendingPlan = input.pendingPlan;
    this.paused = input.paused ?? false;
    this.suspended = input.suspended ?? false;
    this.cancelRequest = input.cancelRequest;
    this.warned = input.warned ?? false;
    this.cyclesBilled = input.cyclesBilled ?? 0;
    this.invoiceResends = input.invoiceResends ?? 0;
    this.lastCycleClosed = input.cancelRequest !== undefined && input.cycle === undefined;
    this.closeRequestedAt = input.closeRequestedAt;
    this.retryNow = input.retryNow ?? false;
    this.parked = input.parked;
    this.disputesLost.push(...(input.disputesLost ?? []));
    for (const change of input.organizationChanges ?? [])
      this.organizationChanges.push({ id: this.nextRequestId(), ...change, awaited: false });
  }

  changed(): void {
    this.changes++;
  }

  nextRequestId(): number {
    return ++this.requestsAsked;
  }

  operatorWaiting(): boolean {
    return this.operatorRetry || this.writeOffs.length > 0 || this.organizationChanges.length > 0 || this.disputesLost.length > 0;
  }

  amountDue(): number {
    return this.debts.reduce((total, debt) => total + debt.totalMinor, 0);
  }

  daysOverdue(): number {
    return this.debts.length > 0 ? wholeDaysBetween(Math.min(...this.debts.map((d) => d.dueAt)), Date.now()) : 0;
  }

  /** When the current cycle is closed: its end (or the requested cut-off) plus the usage settle time. */
  closeAt(): number {
    return this.cycle ? (this.closeRequestedAt ?? Date.parse(this.cycle.endsAt)) + this.settleMs : Infinity;
  }

  state(): BillingState {
    if (this.finished) return 'cancelled';
    if (this.suspended) return 'suspended';
    if (this.collecting) return 'collecting';
    if (this.parked) return 'parked';
    if (this.debts.some((d) => d.lastOutcome === 'insufficient_funds')) return 'awaiting_funds';
    if (this.debts.length > 0) return 'past_due';
    return this.paused ? 'paused' : 'active';
  }

  planState(continueAsNewSuggested: boolean): BillingPlanState {
    const cycle = this.cycle;
    return {
      ...(cycle ? { closeAt: this.closeAt() } : {}),
      ...(cycle && !this.warned ? { warnAt: Date.parse(cycle.endsAt) - this.warnBeforeMs } : {}),
      debts: this.debts,
      retryNow: this.retryNow && !this.retryHeld,
      organizationChangesWaiting: this.organizationChanges.length > 0,
      disputesLostWaiting: this.disputesLost.length > 0,
      writeOffsWaiting: this.writeOffs.length > 0,
      operatorRetryWaiting: this.operatorRetry,
      ...(this.runComplete ? { runComplete: this.runComplete } : {}),
      parked: this.parked !== undefined,
      continueAsNewSuggested,
      closeRequested: this.closeRequestedAt !== undefined,
    };
  }

  status(): BillingStatus {
    const { cycle, profile } = this;
    const nextCharge = Math.min(this.parked ? Infinity : this.closeAt(), ...this.debts.map((d) => d.nextAttemptAt));
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
      orgId: this.orgId,
      state: this.state(),
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
      amountDueMinor: this.amountDue(),
      daysOverdue: this.daysOverdue(),
      debts: this.debts.map((d) => ({ ...d })),
      ...(profile ? { method: profile.method } : {}),
      paused: this.paused,
      suspended: this.suspended,
      cancelling: this.cancelRequest !== undefined,
      ...(this.pendingPlan ? { pendingPlan: this.pendingPlan } : {}),
      cyclesBilled: this.cyclesBilled,
      ...(this.parked ? { parked: this.parked } : {}),
      ...(this.disputesLost.length > 0 ? { disputesLost: this.disputesLost } : {}),
    };
  }

  /** Search attributes, upserted only when they change (each upsert is a history event). */
  publish(): void {
    const current = workflowInfo().typedSearchAttributes;
    const wanted: SearchAttributeUpdatePair[] = [
      { key: searchAttributes.orgId, value: this.orgId },
      { key: searchAttributes.state, value: this.state() },
      { key: searchAttributes.amountDue, value: this.amountDue() },
      { key: searchAttributes.daysOverdue, value: this.daysOverdue() },
    ];
    const changed = wanted.filter(({ key, value }) => current.get(key) !== value);
    if (changed.length > 0) upsertSearchAttributes(changed);
  }

  toContinueAsNew(settings: BillingCycleInput['settings']): BillingCycleInput {
    return {
      orgId: this.orgId,
      settings,
      cycle: this.cycle,
      profile: this.profile,
      debts: this.debts,
      pendingPlan: this.pendingPlan,
      paused: this.paused,
      suspended: this.suspended,
      cancelRequest: this.cancelRequest,
      warned: this.warned,
      cyclesBilled: this.cyclesBilled,
      ...(this.retryNow ? { retryNow: this.retryNow } : {}),
      ...(this.invoiceResends > 0 ? { invoiceResends: this.invoiceResends } : {}),
      ...(this.closeRequestedAt !== undefined ? { closeRequestedAt: this.closeRequestedAt } : {}),
      ...(this.parked ? { parked: this.parked } : {}),
      // Signalled changes that came in as the run handed over (an awaiting Update was told to send again).
      ...(this.organizationChanges.some((c) => !c.awaited)
        ? { organizationChanges: this.organizationChanges.filter((c) => !c.awaited).map(({ id: _id, awaited: _a, ...change }) => change) }
        : {}),
      // The next run is started by this code, which takes every patch.
      builtInPatches: BILLING_PATCHES,
    };
  }
}
