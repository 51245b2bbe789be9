/**
 * What the billing workflow answers and accepts: its status query, the signals other workflows send, and the
 * Updates of ops and the API. Each validator refuses before anything is recorded; a handler changes the
 * account's state, and where the request needs the main loop (a collection, a write-off, a write of the
 * organization) it queues it and waits for its answer.
 */
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { Plan } from '../domain/charges';
import { FailureType } from '../domain/errors';
import { conflict, type BillingAccount, type OrganizationChangeRequest } from './billing-account';
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
  setDefaultPaymentMethodUpdate,
  stripeCustomerCreatedSignal,
  updateOrganizationUpdate,
  writeOffDebtUpdate,
  type BillingStatus,
  type OrganizationChange,
  type PaymentMethodChanged,
  type ResentInvoice,
} from './definitions';
import { disputeLostSignal } from './credit-note-definitions';
import { requireOperator } from './operator-request';
import { BILLING_RECORDS_THE_DEFAULT_METHOD, CREDIT_WITHOUT_DEBT_CHANGES_NOTHING, RUN_NOW_ANSWERS_WHEN_SCHEDULED } from './billing-patches';

const invalid = (message: string) => ApplicationFailure.nonRetryable(message, FailureType.InvalidInput);

export function validatePlan(plan: Plan | undefined): void {
  const minor = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!plan || !minor(plan.setupFeeMinor) || !minor(plan.monthlyFeeMinor) || !Array.isArray(plan.usagePrices)) {
    throw invalid('plan: setupFeeMinor and monthlyFeeMinor are whole non-negative minor units, usagePrices a list');
  }
  const metrics = new Set<string>();
  for (const price of plan.usagePrices) {
    if (!price?.metric?.trim() || !price.unit?.trim() || !minor(price.unitPriceMinor) || metrics.has(price.metric)) {
      throw invalid('plan.usagePrices: each needs a distinct metric, a unit and whole non-negative unitPriceMinor');
    }
    metrics.add(price.metric);
  }
}

const TEXT_LIMITS: Record<Exclude<keyof OrganizationChange, 'metadata'>, number> = {
  name: 200,
  billingEmail: 254,
  address: 1000,
  vatId: 32,
  timeZone: 64,
  externalId: 200,
};
const DEFAULT_METHODS: readonly string[] = ['prepaid', 'paypal', 'card'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const METADATA_KEYS = 50;

/** A profile change the organization can record: known fields only, each of its type and size. */
export function validateOrganizationChange(change: OrganizationChange | undefined): void {
  if (!change || typeof change !== 'object') throw invalid('the change: an object of the fields to change');
  const fields = Object.keys(change);
  if (fields.length === 0) throw invalid('the change names no field (name, billingEmail, address, vatId, timeZone, externalId, metadata)');
  for (const field of fields) {
    const value = (change as Record<string, unknown>)[field];
    if (field === 'metadata') {
      const entries = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : undefined;
      if (
        !entries ||
        entries.length > METADATA_KEYS ||
        entries.some(([k, v]) => !k || k.length > 40 || typeof v !== 'string' || v.length > 500)
      ) {
        throw invalid(`metadata: at most ${METADATA_KEYS} keys of up to 40 characters, each with a text value of up to 500`);
      }
      continue;
    }
    const limit = TEXT_LIMITS[field as keyof typeof TEXT_LIMITS];
    if (limit === undefined) throw invalid(`${field}: not a field of the organization's profile`);
    if (typeof value !== 'string' || value.length > limit) throw invalid(`${field}: text of up to ${limit} characters`);
    const required = field === 'name' || field === 'billingEmail' || field === 'timeZone' || field === 'externalId';
    if (required && !value.trim()) throw invalid(`${field}: must not be empty`);
  }
  if (change.billingEmail !== undefined && !EMAIL.test(change.billingEmail)) throw invalid('billingEmail: not an e-mail address');
  if (change.timeZone !== undefined && !isTimeZone(change.timeZone)) throw invalid(`timeZone: ${change.timeZone} is not an IANA time zone`);
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function validateMethodChange(change: PaymentMethodChanged | undefined): void {
  if (!change || !DEFAULT_METHODS.includes(change.method)) throw invalid('method: prepaid, paypal or card');
  if (change.method === 'prepaid') {
    if (change.methodId !== undefined) throw invalid('paymentMethodId: not used with the prepaid balance');
  } else if (typeof change.methodId !== 'string' || !change.methodId.trim()) {
    throw invalid(`paymentMethodId: the saved ${change.method} method to charge`);
  }
}

/** Queues a change of the organization for the main loop; a handler that awaits it gets its answer. */
async function recordThroughMainLoop(
  account: BillingAccount,
  change: Omit<OrganizationChangeRequest, 'id' | 'awaited'>,
): Promise<BillingStatus> {
  const id = account.nextRequestId();
  account.organizationChanges.push({ id, ...change, awaited: true });
  account.changed();
  await condition(() => account.answers.has(id) || account.handingOver);
  if (!account.answers.has(id)) throw conflict('billing moved on to its next run before the change: send it again');
  const refusal = account.answers.get(id);
  account.answers.delete(id);
  if (refusal) throw refusal;
  return account.status();
}

export function listen(
  account: BillingAccount,
  resendFinalInvoice: (input: { orgId: string; invoiceNumber: string; resendNumber: number }) => Promise<ResentInvoice>,
): void {
  setHandler(billingStatusQuery, () => account.status());
  // A lost dispute took a payment back; a signal added after release, so released histories replay unchanged.
  setHandler(disputeLostSignal, (lost) => {
    account.disputesLost.push(lost);
    account.changed();
  });
  setHandler(balanceCreditedSignal, () => {
    if (account.debts.length > 0) {
      account.retryNow = true;
      account.changed();
    } else if (!account.patched(CREDIT_WITHOUT_DEBT_CHANGES_NOTHING)) {
      account.changed(); // runs recorded before it re-armed their timer for nothing
    }
  });
  setHandler(paymentMethodChangedSignal, (change) => {
    if (account.patched(BILLING_RECORDS_THE_DEFAULT_METHOD)) {
      // A set-up's new default, or a removed default falling back to prepaid: recorded on the organization first.
      account.organizationChanges.push({ id: account.nextRequestId(), defaultMethod: change, awaited: false });
    } else if (account.profile) {
      account.profile = { ...account.profile, method: change.method };
    }
    if (account.debts.length > 0) account.retryNow = true;
    account.changed();
  });
  // The card set-up's new Stripe customer; a signal added later, so released histories replay unchanged.
  setHandler(stripeCustomerCreatedSignal, ({ customerId }) => {
    account.organizationChanges.push({ id: account.nextRequestId(), stripeCustomerId: customerId, awaited: false });
    account.changed();
  });
  setHandler(
    setDefaultPaymentMethodUpdate,
    async (change) => {
      if (account.debts.length > 0) account.retryNow = true; // an unpaid cycle is tried with the new method
      return recordThroughMainLoop(account, {
        defaultMethod: { method: change.method, ...(change.methodId ? { methodId: change.methodId } : {}) },
      });
    },
    { validator: validateMethodChange },
  );
  setHandler(updateOrganizationUpdate, async (change) => recordThroughMainLoop(account, { profile: change }), {
    validator: validateOrganizationChange,
  });

  setHandler(
    changePlanUpdate,
    (change) => {
      account.pendingPlan = change.plan;
      account.changed();
      return account.status();
    },
    {
      validator: (change) => {
        requireOperator(change, 'a plan change');
        validatePlan(change.plan);
        if (account.lastCycleClosed || account.cancelRequest) throw conflict('billing is ending: there is no next cycle for a new plan');
      },
    },
  );
  setHandler(
    pauseBillingUpdate,
    () => {
      account.paused = true;
      account.changed();
      return account.status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a pause');
        if (account.paused) throw conflict('billing is already paused');
        if (account.lastCycleClosed) throw conflict('billing is ending');
      },
    },
  );
  setHandler(
    resumeBillingUpdate,
    () => {
      account.paused = false;
      account.changed();
      return account.status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a resume');
        if (!account.paused) throw conflict('billing is not paused');
      },
    },
  );
  setHandler(
    cancelBillingUpdate,
    (request) => {
      account.cancelRequest = request;
      if (request.immediately) account.closeRequestedAt ??= Date.now();
      account.changed();
      return account.status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a cancellation');
        if (account.cancelRequest || account.lastCycleClosed) throw conflict('billing is already being cancelled');
      },
    },
  );

  const startedEarly = () => {
    const { cycle } = account;
    return cycle && Date.parse(cycle.startsAt) > Date.now()
      ? conflict(`cycle ${cycle.id} starts at ${cycle.startsAt}: it was charged early already`)
      : undefined;
  };
  setHandler(
    runCycleNowUpdate,
    async () => {
      await condition(() => account.cycle !== undefined || account.handingOver); // an update may arrive before the first cycle is open
      const current = account.cycle;
      if (!current) throw conflict('billing has ended: no cycle to run');
      const early = startedEarly();
      if (early) throw early;
      account.closeRequestedAt ??= Date.now();
      account.changed();
      // The close is scheduled (carried to the next run if this one ends first): the charge follows.
      if (account.patched(RUN_NOW_ANSWERS_WHEN_SCHEDULED)) return account.status();
      await condition(() => account.closedCycles.has(current.id) || account.handingOver);
      if (!account.closedCycles.has(current.id)) throw conflict('billing moved on to its next run before the charge: send it again');
      return account.status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'running a cycle now');
        if (account.lastCycleClosed) throw conflict('billing has ended: no cycle to run');
        if (account.parked) throw conflict(`cycle ${account.parked.cycleId} is parked (${account.parked.reason}): retry it once fixed`);
        const early = startedEarly();
        if (early) throw early;
      },
    },
  );

  setHandler(
    retryCollectionUpdate,
    async () => {
      if (account.parked) {
        // Ops fixed what made the bill uncomputable: the close is tried again.
        const tried = account.closesTried;
        account.parked = undefined;
        account.changed();
        await condition(() => account.closesTried > tried || account.handingOver);
        return account.status();
      }
      const pass = account.passesStarted + 1; // the next pass starts after this request, so it includes it
      account.retryNow = true;
      account.operatorRetry = true;
      account.changed();
      await condition(() => account.passesDone >= pass || account.handingOver);
      if (account.passesDone < pass) throw conflict('billing moved on to its next run before the retry: send it again');
      return account.status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a retry');
        if (account.debts.length === 0 && !account.parked) throw conflict('nothing is owed: there is no payment to retry');
      },
    },
  );
  setHandler(
    writeOffDebtUpdate,
    async (request) => {
      const id = account.nextRequestId();
      account.writeOffs.push({ id, request });
      account.changed();
      await condition(() => account.answers.has(id) || account.handingOver);
      if (!account.answers.has(id)) throw conflict('billing moved on to its next run before the write-off: send it again');
      const refusal = account.answers.get(id);
      account.answers.delete(id);
      if (refusal) throw refusal;
      return account.status();
    },
    {
      validator: (request) => {
        requireOperator(request, 'a write-off');
        if (!account.debts.some((debt) => debt.cycleId === request.cycleId)) {
          const owed = account.debts.map((debt) => debt.cycleId).join(', ') || 'none';
          throw ApplicationFailure.nonRetryable(
            `cycleId: cycle ${String(request.cycleId)} is not owed (unpaid cycles: ${owed})`,
            FailureType.NotFound,
          );
        }
        if (account.writeOffs.some((w) => w.request.cycleId === request.cycleId))
          throw conflict(`a write-off of cycle ${request.cycleId} is already under way`);
      },
    },
  );
  setHandler(
    resendInvoiceUpdate,
    async (request) => {
      account.invoiceResends += 1;
      return await resendFinalInvoice({ orgId: account.orgId, invoiceNumber: request.invoiceNumber, resendNumber: account.invoiceResends });
    },
    {
      validator: (request) => {
        requireOperator(request, 'a resend');
        if (typeof request.invoiceNumber !== 'string' || !request.invoiceNumber.trim()) {
          throw invalid('invoiceNumber: the final invoice to send again, e.g. INV-2026-000042');
        }
      },
    },
  );
}
