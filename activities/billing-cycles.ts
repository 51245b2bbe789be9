/**
 * The billing workflow's bookkeeping: opening and closing cycles (the bill is computed and frozen at the
 * close), the low-balance warning, dunning notices and the organization's status. Each activity is keyed
 * by organization and cycle, so a retry after a crash at any point ends in the same state.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { billingCycleKey, firstCycle, nextCycle, type CycleSchedule, type CycleWindow } from '../domain/billing-cycle';
import { computeCycleCharges, type Plan } from '../domain/charges';
import { durationMs } from '../domain/duration';
import { BillingFailure, FailureType } from '../domain/errors';
import { vatTreatment } from '../domain/vat';
import type { Models } from '../models';
import {
  balanceCreditedSignal,
  searchAttributes,
  billingWorkflowId,
  type BalanceCredited,
  type BillingProfile,
  type CollectionOutcome,
  type OpenCycle,
} from '../workflows/definitions';
import type { BillingCycleRecord } from '../models/billing-cycle';
import { isDuplicateKey } from '../models/duplicate-key';
import { insertGrouped, updateGroupedById } from '../models/group-write';
import type { ActivityContext } from './context';
import { billingStatusEvent, lowBalanceEvent } from './event-payloads';
import { billingProfile, requireOrganization, writeOrganization, type OrgDoc } from './organization';

export interface CloseCycleInput {
  orgId: string;
  cycle: OpenCycle;
  usageUntil: string;
  closedAt: string;
  skip: boolean;
  pendingPlan?: Plan;
  last: boolean;
  cycleLength: string;
}

/** "calendar-month" in the organization's time zone, or a fixed length ("10 seconds") for tests. */
export function cycleSchedule(cycleLength: string, timeZone: string): CycleSchedule {
  return cycleLength === 'calendar-month' ? { kind: 'calendar-month', timeZone } : { kind: 'fixed', lengthMs: durationMs(cycleLength) };
}

/** Usage received in [from, until) per metric ($group with $sum works on FerretDB v1). */
export async function usageBetween(models: Models, orgId: string, from: Date, until: Date): Promise<Record<string, number>> {
  const rows = await models.UsageRecord.aggregate<{ _id: string; quantity: number }>([
    { $match: { orgId, receivedAt: { $gte: from, $lt: until } } },
    { $group: { _id: '$metric', quantity: { $sum: '$quantity' } } },
  ]);
  return Object.fromEntries(rows.map((row) => [row._id, row.quantity]));
}

const dateOnly = (iso: string | Date) => new Date(iso).toISOString().slice(0, 10);

/**
 * Tells an organization's billing workflow that its balance grew, when that can matter: it owes something
 * (its BillingAmountDue search attribute, read from the workflow's own state by describe, not from the
 * eventually consistent visibility store), or it is in the middle of a workflow task (which may be recording
 * a debt just now). A signal costs the workflow a task; most credits arrive when nothing is owed.
 * No workflow (not started, ended) is fine.
 */
export async function signalBalanceCredited(temporal: Client | undefined, orgId: string, credited: BalanceCredited): Promise<void> {
  if (!temporal) return;
  const handle = temporal.workflow.getHandle(billingWorkflowId(orgId));
  try {
    const { raw, typedSearchAttributes } = await handle.describe();
    const owes = typedSearchAttributes.get(searchAttributes.amountDue);
    const busy = raw.pendingWorkflowTask !== null && raw.pendingWorkflowTask !== undefined;
    if (owes === 0 && !busy) return;
    await handle.signal(balanceCreditedSignal, credited);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/**
 * The bill, or a refusal when it cannot be computed (usage so large that an amount leaves the safe integers):
 * the same data would fail the same way on every retry, so billing parks the cycle for ops instead.
 */
function billOrRefuse<T>(cycleId: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw ApplicationFailure.nonRetryable(`cycle ${cycleId}: its bill cannot be computed (${why})`, BillingFailure.CycleUnbillable);
  }
}

export interface ClosedCycle {
  cycleId: string;
  state: 'due' | 'skipped';
  totalMinor: number;
  currency: BillingProfile['currency'];
}

export function createBillingCycleActivities({ models, config, ledger, mailer, templates, recordEvent }: ActivityContext) {
  /**
   * The cycle's document, as it is open: one insert (cheaper than an upsert on FerretDB v1, which reads and
   * rewrites); a duplicate `_id` means a retry already wrote it.
   */
  function openCycleFields(orgId: string, cycle: OpenCycle, currency: string) {
    return {
      _id: billingCycleKey(orgId, cycle.id),
      orgId,
      cycleId: cycle.id,
      startsAt: new Date(cycle.startsAt),
      endsAt: new Date(cycle.endsAt),
      billedDays: cycle.billedDays,
      periodDays: cycle.periodDays,
      first: cycle.first,
      usageFrom: new Date(cycle.usageFrom),
      state: 'open' as const,
      currency,
    };
  }
  async function openCycleDocument(orgId: string, cycle: OpenCycle, currency: string): Promise<void> {
    try {
      await insertGrouped(models.BillingCycle, openCycleFields(orgId, cycle, currency));
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** The first cycle starts at activation; its usage window is open at the start, so nothing reported early is lost. */
  async function openFirstCycle(input: {
    orgId: string;
    cycleLength: string;
    activatedAt: string;
  }): Promise<{ cycle: OpenCycle; profile: BillingProfile }> {
    const org = await requireOrganization(models, input.orgId);
    const window: CycleWindow = firstCycle(cycleSchedule(input.cycleLength, org.timeZone), new Date(input.activatedAt));
    const cycle: OpenCycle = { ...window, first: !org.setupFeeCharged, usageFrom: new Date(0).toISOString() };
    await openCycleDocument(org._id, cycle, org.currency);
    // Billing started again (ops, after a cancellation): the organization is a customer again.
    if (org.status === 'cancelled') await writeOrganization(models, org._id, { status: 'active' });
    return { cycle, profile: billingProfile(org, config.SELLER_VAT_ID) };
  }

  /**
   * Closes a cycle: computes its bill from the plan in force and the usage received before `usageUntil`
   * and freezes it (a retry returns the frozen bill), or marks it skipped when billing is paused. Then
   * applies a pending plan change and opens the next cycle, unless this was the last one. Answers the closed
   * cycle and the organization as read, for chargeCycle to go on with.
   */
  async function close(
    input: CloseCycleInput,
  ): Promise<{ closed: ClosedCycle; next?: OpenCycle; profile: BillingProfile; doc: BillingCycleRecord; org: OrgDoc }> {
    const { cycle } = input;
    const _id = billingCycleKey(input.orgId, cycle.id);
    const [org, stored] = await Promise.all([
      requireOrganization(models, input.orgId),
      models.BillingCycle.findById(_id).lean<BillingCycleRecord>(),
    ]);
    // Normally opened when the previous cycle closed; after a lost write, opened now.
    const doc: BillingCycleRecord = stored ?? {
      ...openCycleFields(org._id, cycle, org.currency),
      currency: org.currency,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    let closed: ClosedCycle = {
      cycleId: cycle.id,
      state: doc.state === 'skipped' ? 'skipped' : 'due',
      totalMinor: doc.totalMinor ?? 0,
      currency: org.currency,
    };
    let closedDoc = doc;
    if (doc.state === 'open') {
      // Computed once and frozen: a retry finds the cycle no longer open and returns what was written.
      const closing = { usageUntil: new Date(input.usageUntil), closedAt: new Date(input.closedAt) };
      let fields: Record<string, unknown>;
      if (input.skip) {
        fields = { ...closing, state: 'skipped', totalMinor: 0 };
        closed = { ...closed, state: 'skipped', totalMinor: 0 };
      } else {
        const treatment = vatTreatment({ vatRateBp: org.vatRateBp, buyerVatId: org.vatId, sellerVatId: config.SELLER_VAT_ID });
        const usage =
          org.plan.usagePrices.length > 0 ? await usageBetween(models, org._id, new Date(cycle.usageFrom), closing.usageUntil) : {};
        const totals = billOrRefuse(cycle.id, () =>
          computeCycleCharges({
            currency: org.currency,
            plan: org.plan,
            vatRateBp: treatment.vatRateBp,
            firstCycle: cycle.first,
            billedDays: cycle.billedDays,
            periodDays: cycle.periodDays,
            usage,
          }),
        );
        fields = {
          ...closing,
          state: 'due',
          usage: Object.entries(usage).map(([metric, quantity]) => ({ metric, quantity })),
          lines: totals.lines,
          subtotalMinor: totals.subtotalMinor,
          vat: totals.vat,
          vatMinor: totals.vatMinor,
          totalMinor: totals.totalMinor,
          reverseCharge: treatment.reverseCharge,
          notes: [
            `Billing period ${cycle.id}: ${dateOnly(cycle.startsAt)} to ${dateOnly(cycle.endsAt)} (end exclusive).`,
            ...treatment.notes,
          ],
        };
        closed = { ...closed, state: 'due', totalMinor: totals.totalMinor };
      }
      if (stored) await updateGroupedById(models.BillingCycle, _id, { $set: fields });
      else await models.BillingCycle.create({ ...openCycleFields(org._id, cycle, org.currency), ...fields });
      closedDoc = { ...doc, ...fields } as BillingCycleRecord;
    }
    const skipped = closed.state === 'skipped';

    const plan = input.pendingPlan ?? org.plan;
    if (input.pendingPlan) await writeOrganization(models, org._id, { plan: input.pendingPlan });
    const profile = billingProfile(org, config.SELLER_VAT_ID, plan);
    if (input.last) return { closed, profile, doc: closedDoc, org };
    // A skipped first cycle hands the setup fee on to the first cycle actually billed.
    const next: OpenCycle = {
      ...nextCycle(cycleSchedule(input.cycleLength, org.timeZone), cycle),
      first: cycle.first && skipped,
      usageFrom: input.usageUntil,
    };
    await openCycleDocument(org._id, next, org.currency);
    return { closed, next, profile, doc: closedDoc, org };
  }

  /**
   * A prepaid organization whose balance will not cover the cycle (its fees and usage so far, plus what is
   * still unpaid) is told to top up, once per cycle. Other methods need no warning.
   */
  async function warnIfBalanceShort(input: {
    orgId: string;
    cycle: OpenCycle;
    outstandingMinor: number;
    at: string;
  }): Promise<{ warned: boolean; estimateMinor: number; balanceMinor: number }> {
    const org = await requireOrganization(models, input.orgId);
    const profile = billingProfile(org, config.SELLER_VAT_ID);
    const usage =
      org.plan.usagePrices.length > 0 ? await usageBetween(models, org._id, new Date(input.cycle.usageFrom), new Date(input.at)) : {};
    const { balanceMinor } = await ledger.balance(org._id);
    let estimate: { totalMinor: number };
    try {
      estimate = computeCycleCharges({
        ...profile,
        firstCycle: input.cycle.first,
        billedDays: input.cycle.billedDays,
        periodDays: input.cycle.periodDays,
        usage,
      });
    } catch {
      // A bill that cannot be computed is the close's to refuse (it parks the cycle for ops), not a warning's to retry.
      return { warned: false, estimateMinor: 0, balanceMinor };
    }
    const neededMinor = estimate.totalMinor + input.outstandingMinor;
    if (profile.method !== 'prepaid' || balanceMinor >= neededMinor)
      return { warned: false, estimateMinor: estimate.totalMinor, balanceMinor };
    const money = (amountMinor: number) => ({ amountMinor, currency: org.currency });
    await recordEvent(lowBalanceEvent(org, input, balanceMinor, neededMinor));
    await mailer.send({
      key: `low-balance:${org._id}:${input.cycle.id}`,
      orgId: org._id,
      to: org.billingEmail,
      ...templates.lowBalanceWarning({
        organizationName: org.name,
        portalUrl: templates.portalUrlOf(config.PUBLIC_BASE_URL),
        cycleId: input.cycle.id,
        cycleEndsAt: input.cycle.endsAt,
        balance: money(balanceMinor),
        estimate: money(neededMinor),
        shortfall: money(neededMinor - balanceMinor),
      }),
    });
    return { warned: true, estimateMinor: estimate.totalMinor, balanceMinor };
  }

  /** The notice after a failed attempt: "top up", "payment failed", "confirm the payment"; once per attempt. */
  async function notifyPaymentProblem(input: {
    orgId: string;
    cycleId: string;
    attempt: number;
    outcome: Exclude<CollectionOutcome, 'paid' | 'pending'>;
    noticeNumber: number;
    nextAttemptAt?: string;
    finalNotice: boolean;
  }): Promise<void> {
    const org = await requireOrganization(models, input.orgId);
    const doc = await models.BillingCycle.findById(billingCycleKey(org._id, input.cycleId)).lean<BillingCycleRecord>();
    if (!doc) throw ApplicationFailure.nonRetryable(`billing cycle ${input.cycleId} of ${org._id} not found`, FailureType.NotFound);
    const attempt = (doc.attempts ?? []).find((a) => a.n === input.attempt);
    const method = (attempt?.method ?? org.defaultPaymentMethod) as 'prepaid' | 'paypal' | 'card';
    const balance =
      method === 'prepaid' ? { amountMinor: (await ledger.balance(org._id)).balanceMinor, currency: org.currency } : undefined;
    await mailer.send({
      key: `payment-problem:${org._id}:${input.cycleId}:${input.attempt}`,
      orgId: org._id,
      to: org.billingEmail,
      ...templates.cyclePaymentProblem({
        organizationName: org.name,
        portalUrl: templates.portalUrlOf(config.PUBLIC_BASE_URL),
        cycleId: input.cycleId,
        amountDue: { amountMinor: doc.totalMinor ?? 0, currency: org.currency },
        outcome: input.outcome,
        method,
        noticeNumber: input.noticeNumber,
        balance,
        reason: attempt?.error?.message ?? undefined,
        authenticationUrl:
          input.outcome === 'authentication_required'
            ? `${templates.portalUrlOf(config.PUBLIC_BASE_URL)}/billing/${encodeURIComponent(input.cycleId)}/confirm-payment`
            : undefined,
        nextAttemptAt: input.nextAttemptAt,
        finalNotice: input.finalNotice,
      }),
    });
  }

  /** Suspends, reactivates or ends the organization (its status in the API) and tells it; keyed by `at`. */
  async function setBillingStatus(input: {
    orgId: string;
    status: 'active' | 'suspended' | 'cancelled';
    at: string;
    amountDueMinor: number;
    cycleIds: string[];
  }): Promise<void> {
    const org = await requireOrganization(models, input.orgId);
    await writeOrganization(models, org._id, { status: input.status });
    await recordEvent(billingStatusEvent(org, input));
    const content =
      input.status === 'suspended'
        ? templates.accountSuspended({
            organizationName: org.name,
            amountDue: { amountMinor: input.amountDueMinor, currency: org.currency },
            cycleIds: input.cycleIds,
          })
        : input.status === 'active'
          ? templates.accountReactivated({ organizationName: org.name })
          : templates.billingCancelled({ organizationName: org.name, lastCycleId: input.cycleIds.at(-1) });
    await mailer.send({ key: `account-${input.status}:${org._id}:${input.at}`, orgId: org._id, to: org.billingEmail, ...content });
  }

  return { openFirstCycle, close, warnIfBalanceShort, notifyPaymentProblem, setBillingStatus };
}
