/**
 * The organization document after its creation. Its billing fields (status, plan, default payment method,
 * setup fee charged) and its profile (name, billing e-mail, address, VAT id, time zone, external id,
 * metadata) are written here only, by the activities of the organization's billing workflow, which runs them
 * one at a time from its main loop: one writer, so a plain update is safe even on FerretDB v1, whose updates
 * are un-isolated rewrites of the whole document. Where no billing workflow runs, the API or the set-up
 * that asks records its change through `recordOrganizationChange` itself (see the README's architecture
 * section): then nothing else writes.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Plan } from '../domain/charges';
import { FailureType } from '../domain/errors';
import type { DefaultPaymentMethod } from '../domain/payment-methods';
import { vatTreatment } from '../domain/vat';
import type { Models } from '../models';
import type { BillingProfile, OrganizationChangeRecord, PaymentMethodChanged } from '../workflows/definitions';
import type { ActivityContext } from './context';
import { organizationEvent } from './event-payloads';
import { updateGroupedById } from '../models/group-write';

export type OrgDoc = NonNullable<Awaited<ReturnType<typeof loadOrganization>>>;

async function loadOrganization(models: Models, orgId: string) {
  return models.Organization.findById(orgId).lean();
}

export async function requireOrganization(models: Models, orgId: string): Promise<OrgDoc> {
  const org = await loadOrganization(models, orgId);
  if (!org) throw ApplicationFailure.nonRetryable(`organization ${orgId} not found`, FailureType.NotFound);
  return org;
}

/** What the billing workflow carries of the organization: its plan, VAT treatment and default method. */
export function billingProfile(
  org: Pick<OrgDoc, 'currency' | 'plan' | 'vatRateBp' | 'vatId' | 'defaultPaymentMethod'>,
  sellerVatId: string,
  plan: Plan = org.plan,
): BillingProfile {
  const treatment = vatTreatment({ vatRateBp: org.vatRateBp, buyerVatId: org.vatId, sellerVatId });
  return {
    currency: org.currency,
    plan: {
      setupFeeMinor: plan.setupFeeMinor,
      monthlyFeeMinor: plan.monthlyFeeMinor,
      usagePrices: plan.usagePrices.map(({ metric, unit, unitPriceMinor }) => ({ metric, unit, unitPriceMinor })),
    },
    vatRateBp: treatment.vatRateBp,
    reverseCharge: treatment.reverseCharge,
    method: (org.defaultPaymentMethod ?? 'prepaid') as DefaultPaymentMethod,
  };
}

/** The one update of an organization's fields. */
export async function writeOrganization(models: Models, orgId: string, set: Record<string, unknown>, unset: string[] = []): Promise<void> {
  const update = { $set: set, ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((field) => [field, 1])) } : {}) };
  const { matchedCount } = await models.Organization.updateOne({ _id: orgId }, update);
  if (matchedCount === 0) throw ApplicationFailure.nonRetryable(`organization ${orgId} not found`, FailureType.NotFound);
}

/**
 * The setup fee is paid: at the first month-end after onboarding, every newcomer's, so grouped with the
 * others' (models/group-write.ts). Only for an organization just read: the update has its document to match.
 */
export async function markSetupFeeCharged(models: Models, orgId: string): Promise<void> {
  await updateGroupedById(models.Organization, orgId, { $set: { setupFeeCharged: true } });
}

export interface OrganizationChangeInput extends OrganizationChangeRecord {
  orgId: string;
}

const PROFILE_FIELDS = ['name', 'billingEmail', 'address', 'vatId', 'timeZone', 'externalId', 'metadata'] as const;
const refuse = (type: FailureType, message: string) => ApplicationFailure.nonRetryable(message, type);
const NOTHING = { set: {}, unset: [] as string[] };

/**
 * The fields a default-method change sets: the saved method must be the organization's, of that kind, and
 * active. A fallback `replacing` a method that is no longer the default sets nothing: a newer choice stands.
 */
async function defaultMethodFields(models: Models, org: OrgDoc, change: PaymentMethodChanged) {
  if (change.replacing && org.defaultPaymentMethodId !== change.replacing) return NOTHING;
  if (change.method === 'prepaid') {
    if (change.methodId) throw refuse(FailureType.InvalidInput, 'paymentMethodId: not used with the prepaid balance');
    return { set: { defaultPaymentMethod: 'prepaid' }, unset: ['defaultPaymentMethodId'] };
  }
  if (!change.methodId) throw refuse(FailureType.InvalidInput, `paymentMethodId: the saved ${change.method} method to charge`);
  const saved = await models.PaymentMethod.findById(change.methodId, { orgId: 1, kind: 1, status: 1 }).lean();
  // Another organization's method is "not found" too.
  if (!saved || saved.orgId !== org._id) throw refuse(FailureType.NotFound, `paymentMethodId: no payment method ${change.methodId}`);
  if (saved.kind !== change.method)
    throw refuse(FailureType.InvalidInput, `paymentMethodId: ${change.methodId} is not a ${change.method} method`);
  if (saved.status !== 'active') throw refuse(FailureType.Conflict, `paymentMethodId: ${change.methodId} was removed`);
  return { set: { defaultPaymentMethod: change.method, defaultPaymentMethodId: change.methodId }, unset: [] };
}

/**
 * Records a profile change, a new default payment method and/or the Stripe customer a card set-up created
 * (kept only if the organization has none: its first customer stays); answers the billing profile as it is now.
 */
export async function recordOrganizationChange(
  models: Models,
  sellerVatId: string,
  input: OrganizationChangeInput,
): Promise<{ profile: BillingProfile }> {
  const org = await requireOrganization(models, input.orgId);
  const method = input.defaultMethod ? await defaultMethodFields(models, org, input.defaultMethod) : NOTHING;
  const profile = Object.fromEntries(
    PROFILE_FIELDS.filter((field) => input.profile?.[field] !== undefined).map((f) => [f, input.profile![f]]),
  );
  const customer = input.stripeCustomerId && !org.stripeCustomerId ? { stripeCustomerId: input.stripeCustomerId } : {};
  const set = { ...profile, ...method.set, ...customer };
  // An external id arrives here already claimed for this organization (api/routes/organizations.ts, the
  // unique insert into organization_external_ids): that insert is its one uniqueness check.
  if (Object.keys(set).length > 0 || method.unset.length > 0) await writeOrganization(models, org._id, set, method.unset);
  const recorded = { ...org, ...set, ...(method.unset.length > 0 ? { defaultPaymentMethodId: undefined } : {}) };
  return { profile: billingProfile(recorded, sellerVatId) };
}

export function createOrganizationActivities({ models, config, recordEvent }: Pick<ActivityContext, 'models' | 'config' | 'recordEvent'>) {
  return {
    async recordOrganizationChange(input: OrganizationChangeInput): Promise<{ profile: BillingProfile }> {
      const recorded = await recordOrganizationChange(models, config.SELLER_VAT_ID, input);
      // The change's idempotency key is this activity's (its retries share it): one event per change recorded.
      const { workflowExecution, activityId } = Context.current().info;
      const key = `organization-updated:${workflowExecution!.workflowId}:${workflowExecution!.runId}:${activityId}`;
      await recordEvent(organizationEvent('organization.updated', key, await requireOrganization(models, input.orgId)));
      return recorded;
    },
    /**
     * Waits until the organization shows a default-method change its billing workflow was told of (a
     * removed default fallen back, a set-up's new default), so the set-up or removal answers once it is
     * recorded; false if it is not within `withinMs` (billing refused it, or is busy). Reads only.
     */
    defaultPaymentMethodRecorded: async (input: { orgId: string; change: PaymentMethodChanged; withinMs: number }) => {
      const { change } = input;
      const deadline = Date.now() + input.withinMs;
      for (;;) {
        const org = await models.Organization.findById(input.orgId, { defaultPaymentMethod: 1, defaultPaymentMethodId: 1 }).lean();
        const recorded = change.replacing
          ? org?.defaultPaymentMethodId !== change.replacing
          : org?.defaultPaymentMethod === change.method && (org?.defaultPaymentMethodId ?? undefined) === change.methodId;
        if (recorded || Date.now() >= deadline) return recorded;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    /** Set-up and removal runs started before their change went through the billing workflow still schedule this. */
    recordDefaultPaymentMethod: async (input: { orgId: string; change: PaymentMethodChanged; replacing?: string }) => {
      const defaultMethod = { ...input.change, ...(input.replacing ? { replacing: input.replacing } : {}) };
      await recordOrganizationChange(models, config.SELLER_VAT_ID, { orgId: input.orgId, defaultMethod });
    },
  };
}
