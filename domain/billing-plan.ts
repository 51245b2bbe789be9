/**
 * What an organization's billing workflow does next, decided from its state alone: pure, so the order of
 * the steps (which carries the meaning) is tested without Temporal (test/domain/billing-plan.test.ts).
 * Times are epoch milliseconds.
 */
import { wholeDaysBetween } from './billing-cycle';

const DAY_MS = 24 * 60 * 60 * 1000;

export type BillingStep =
  /** Record a profile or default-method change on the organization (the workflow is its writer). */
  | { kind: 'record-organization-changes' }
  /** A lost dispute took a payment back: owe its cycle again (collected with dunning). */
  | { kind: 'reopen-disputed-cycles' }
  /** Act on the write-offs ops asked for. */
  | { kind: 'apply-write-offs' }
  /** Try the unpaid cycles that are due (all of them when `retryNow`). */
  | { kind: 'collect' }
  /** Close the current cycle: freeze its bill, open the next one, make its first attempt. */
  | { kind: 'close-cycle' }
  /** The low-balance warning before the cycle ends. */
  | { kind: 'warn' }
  /** Billing was cancelled and nothing is owed any more. */
  | { kind: 'finish' }
  /** Hand over to a fresh run of the workflow. */
  | { kind: 'continue-as-new' }
  /** Nothing to do before `until` (Infinity: until something changes). */
  | { kind: 'wait'; until: number };

export interface BillingPlanState {
  /** When the current cycle is closed (its end or a requested cut-off, plus the usage settle time); absent without a cycle. */
  closeAt?: number;
  /** When the low-balance warning is due; absent once sent, or without a cycle. */
  warnAt?: number;
  debts: readonly { dueAt: number; nextAttemptAt: number }[];
  /** Try every unpaid cycle now (a credit, a new method, ops). */
  retryNow: boolean;
  /** Requests waiting for the main loop: the run does not end while one waits (the next run would not know it). */
  organizationChangesWaiting: boolean;
  disputesLostWaiting: boolean;
  writeOffsWaiting: boolean;
  operatorRetryWaiting: boolean;
  /**
   * The run billed its last cycle: `now` when nothing waited at that close (the run ends at once), or
   * `after-requests` (it ends once the requests that waited are acted on).
   */
  runComplete?: 'now' | 'after-requests';
  /** The current cycle's close was refused (its bill cannot be computed): it waits for ops. */
  parked: boolean;
  /** Temporal suggests a fresh run (a long history). */
  continueAsNewSuggested: boolean;
  /** "Charge now" or an immediate cancellation: the run does not end for a long history while one waits. */
  closeRequested: boolean;
}

export function nextStep(state: BillingPlanState, now: number): BillingStep {
  const waiting = state.organizationChangesWaiting || state.disputesLostWaiting || state.writeOffsWaiting || state.operatorRetryWaiting;
  if (state.runComplete === 'now') return { kind: 'continue-as-new' };
  if (state.organizationChangesWaiting) return { kind: 'record-organization-changes' };
  // Before write-offs and collection: a reopened cycle is one of the debts they act on.
  if (state.disputesLostWaiting) return { kind: 'reopen-disputed-cycles' };
  if (state.writeOffsWaiting) return { kind: 'apply-write-offs' };
  if (state.retryNow || state.debts.some((debt) => debt.nextAttemptAt <= now)) return { kind: 'collect' };
  if (state.runComplete === 'after-requests') return { kind: 'continue-as-new' };
  const closeAt = state.parked ? undefined : state.closeAt;
  if (closeAt !== undefined && now >= closeAt) return { kind: 'close-cycle' };
  if (state.closeAt === undefined && state.debts.length === 0 && !waiting) return { kind: 'finish' };
  if (state.warnAt !== undefined && now >= state.warnAt) return { kind: 'warn' };
  if (state.continueAsNewSuggested && !state.closeRequested && !waiting) return { kind: 'continue-as-new' };
  return {
    kind: 'wait',
    until: Math.min(closeAt ?? Infinity, state.warnAt ?? Infinity, nextOverdueDay(state, now), ...nextAttempts(state)),
  };
}

/** The instant the oldest debt becomes one more day overdue (the search attribute ops filter on changes then). */
function nextOverdueDay({ debts }: BillingPlanState, now: number): number {
  if (debts.length === 0) return Infinity;
  const oldest = Math.min(...debts.map((debt) => debt.dueAt));
  return oldest + (wholeDaysBetween(oldest, now) + 1) * DAY_MS;
}

const nextAttempts = ({ debts }: BillingPlanState) => debts.map((debt) => debt.nextAttemptAt);
