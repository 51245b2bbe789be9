/**
 * Starting and addressing organizations' billing workflows from the API (by name: the API never imports
 * workflow code). The settings come from configuration and travel with the workflow from cycle to cycle.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { recordOrganizationChange } from '../activities/organization';
import type { Config } from '../config';
import { durationText } from '../domain/duration';
import type { Models } from '../models';
import {
  billingStatusQuery,
  billingWorkflowId,
  setDefaultPaymentMethodUpdate,
  updateOrganizationUpdate,
  type BillingCycleInput,
  type BillingSettings,
  type BillingStatus,
  type OrganizationChange,
  type PaymentMethodChanged,
} from '../workflows/definitions';
import { conflict } from './errors';
import { sendUpdate, updateFailureToApiError } from './temporal-errors';

/** The billing workflow's input carries durations as text (running workflows expect it): exact whole units. */
export function billingSettings(config: Config): BillingSettings {
  return {
    cycle: config.BILLING_CYCLE === 'calendar-month' ? config.BILLING_CYCLE : durationText(config.BILLING_CYCLE),
    warnBefore: durationText(config.BILLING_WARN_BEFORE),
    usageSettle: durationText(config.BILLING_USAGE_SETTLE),
    dunning: config.BILLING_DUNNING.map(durationText),
    suspendedRetry: durationText(config.BILLING_SUSPENDED_RETRY),
    activityTimeout: durationText(config.BILLING_ACTIVITY_TIMEOUT),
    cyclesPerRun: config.BILLING_CYCLES_PER_RUN,
  };
}

/**
 * Starts the organization's billing (its first cycle begins now). Idempotent: a retried activation finds
 * the running workflow instead of starting a second one.
 */
export async function startBilling(
  temporal: Client,
  config: Config,
  orgId: string,
  settings: BillingSettings = billingSettings(config),
): Promise<string> {
  const input: BillingCycleInput = { orgId, settings };
  const handle = await temporal.workflow.start('billingCycleWorkflow', {
    workflowId: billingWorkflowId(orgId),
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return handle.workflowId;
}

/**
 * The organization chose its default payment method: its billing workflow, the organization's one writer,
 * records it (and tries an unpaid cycle again at once with it); answers once recorded, or refused with the
 * field named. Where no billing workflow runs (not started, or ended) nothing else writes the organization,
 * so the change is recorded here, by the function the workflow's activity uses.
 */
export async function setDefaultPaymentMethod(
  { models, temporal, config }: { models: Models; temporal: Client; config: Config },
  orgId: string,
  change: PaymentMethodChanged,
): Promise<void> {
  try {
    await temporal.workflow.getHandle(billingWorkflowId(orgId)).executeUpdate(setDefaultPaymentMethodUpdate, { args: [change] });
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) return updateFailureToApiError(error);
    await recordOrganizationChange(models, config.SELLER_VAT_ID, { orgId, defaultMethod: change }).catch(updateFailureToApiError);
  }
}

/**
 * Changes the organization's details through its billing workflow, the organization document's single
 * writer; answers once written. Without a running billing workflow (not started, cancelled) nothing changes.
 */
export async function updateOrganization(temporal: Client, orgId: string, change: OrganizationChange): Promise<BillingStatus> {
  return sendUpdate(
    () => temporal.workflow.getHandle(billingWorkflowId(orgId)).executeUpdate(updateOrganizationUpdate, { args: [change] }),
    () => conflict("the organization's billing is not running: its details cannot be changed"),
  );
}

/** The billing workflow's own view, if it answers within two seconds (a query needs a worker); else undefined. */
export async function billingStatusOf(temporal: Client, orgId: string): Promise<BillingStatus | undefined> {
  try {
    return await temporal.withDeadline(Date.now() + 2000, () =>
      temporal.workflow.getHandle(billingWorkflowId(orgId)).query(billingStatusQuery),
    );
  } catch {
    return undefined;
  }
}
