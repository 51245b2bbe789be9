/**
 * The billing workflow's patches, and how a run asks for one.
 *
 * `patched(id)` records a marker, and the SDK an upsert of the `TemporalChangeVersion` search attribute
 * beside it, the first time a run reaches it: three markers and three upserts in the workflow task of a
 * run's first month-end, half of that task's history events (bench:billing, 12 events). A run started by
 * this code needs neither: it takes every patched branch. So a run asks once, at its start, whether it is
 * one of those (`patched(PATCHES_BUILT_IN)`, recorded at activation, long before a month-end), and hands the
 * answer on at continue-as-new as the list of patches it took (`BillingCycleInput.builtInPatches`, written
 * by the workflow itself, never by whoever starts it: only the code that runs a branch may say it did).
 * A run recorded before this existed has no such marker and asks each patch as it always did, so released
 * histories replay as they were recorded.
 */
import { patched } from '@temporalio/workflow';

/** A run recorded before it charged several cycles before continuing as new. */
export const SEVERAL_CYCLES_PER_RUN = 'several-cycles-per-run';
/** Runs before it published its search attributes for the second a charge lasts. */
export const NO_SEARCH_ATTRIBUTES_WHILE_CHARGING = 'no-search-attributes-while-charging';
/** Runs before it charged at month-end with the regular activity only. */
export const CHARGE_LOCALLY_FIRST = 'charge-locally-first';
/** Runs before it waited for their next date when a credit or new method came in during a collection. */
export const RETRY_SIGNALLED_DURING_A_PASS = 'retry-signalled-during-a-pass';
/** Runs before it re-armed their timer on a credit to an organization that owed nothing. */
export const CREDIT_WITHOUT_DEBT_CHANGES_NOTHING = 'credit-without-debt-changes-nothing';
/** Runs before it recorded nothing on a method change: the API and the set-ups wrote the organization. */
export const BILLING_RECORDS_THE_DEFAULT_METHOD = 'billing-records-the-default-method';
/** Runs before it answered "run now" once the cycle was charged (minutes, with the usage settle time). */
export const RUN_NOW_ANSWERS_WHEN_SCHEDULED = 'run-now-answers-when-scheduled';

/** Every patch above: what a run this code started takes without asking. A new patch is added here too. */
export const BILLING_PATCHES: readonly string[] = [
  SEVERAL_CYCLES_PER_RUN,
  NO_SEARCH_ATTRIBUTES_WHILE_CHARGING,
  CHARGE_LOCALLY_FIRST,
  RETRY_SIGNALLED_DURING_A_PASS,
  CREDIT_WITHOUT_DEBT_CHANGES_NOTHING,
  BILLING_RECORDS_THE_DEFAULT_METHOD,
  RUN_NOW_ANSWERS_WHEN_SCHEDULED,
];

/** The one marker a run started by this code records (at its start), standing for every patch it took. */
export const PATCHES_BUILT_IN = 'billing-patches-built-in';

/** Whether this run takes a patch's branch. */
export type PatchCheck = (patchId: string) => boolean;

/**
 * The run's patch check, decided once, at its start: the patches handed on by the previous run, else all of
 * them for a run this code started, else each asked of `patched` (a run recorded before any of this).
 */
export function billingPatchCheck(builtInPatches: readonly string[] | undefined): PatchCheck {
  const taken = new Set(builtInPatches ?? (patched(PATCHES_BUILT_IN) ? BILLING_PATCHES : []));
  return (patchId) => taken.has(patchId) || patched(patchId);
}
